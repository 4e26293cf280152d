// Package evidence is Mandate's signed, append-only evidence log: every
// decision, outcome, session boundary, policy load, approval and pruning is
// one record in an RFC 6962 Merkle tree whose heads are signed as C2SP
// checkpoints, so a third party can verify the evidence with the public key
// alone.
//
// # Contract
//
//   - Append redacts the record (Options.Redactor is required: no redactor,
//     no record), encodes it as RFC 8785 canonical JSON and makes it durable
//     (write + fdatasync of the record, then of its Merkle hashes) under an
//     exclusive file lock before it returns an index. Every error is
//     returned; the caller denies the action it was recording. The flush
//     is fdatasync on Linux, F_FULLFSYNC on macOS (fsync there stops at
//     the drive's cache) and FlushFileBuffers on Windows (datasync_*.go);
//     the lock is flock, LockFileEx on Windows.
//   - A record is a line "ENVELOPE<TAB>IDENTITY<TAB>PAYLOAD<LF>" (format v2;
//     v1 lines, without the identity part, are still read and verified).
//     The Merkle leaf is the envelope: it holds what an audit counts (type,
//     time, session, agent, tool, decision, policy, rule, policy digests)
//     and commits to the identity part (user, host, repository) and the
//     payload by salted SHA-256 digests. So PruneBefore erases payloads past
//     the policy's retention (refusing a cut-off within it unless forced,
//     which is recorded with who forced it), and PruneSubject replaces a
//     person's identity by a keyed pseudonym (GDPR Art. 17), while the tree,
//     the checkpoints and every other record still verify; both are
//     recorded before they rewrite, and the verifier accepts an erased part
//     only where such a record covers it.
//   - The accountable identity (user, agent, session, host, repository) and
//     policy texts are never masked as personal data; secrets are masked
//     everywhere, personal data in payloads when the policy asks (see the
//     placement table in prepare.go).
//   - Every policy digest a v2 record names must have its text in a
//     policy.load record: Verify and VerifyBundle fail otherwise.
//   - A writer killed at any instant never damages acknowledged records: the
//     next Append (or Checkpoint or Prune) repairs a torn tail under the lock.
//     A log whose files exist but disagree in a way no crash can produce is
//     never recreated or silently repaired: Open and Append fail with
//     ErrDamaged.
//   - Checkpoint signs the current tree head and records the checkpoint in
//     the log itself, so dropping, duplicating or reordering checkpoints is
//     detected by Verify. Append keeps the unsigned tail bounded
//     (CheckpointBound: by default a checkpoint at least every 1,000
//     records or 60 seconds of activity) with no timer: the append that
//     finds the bound reached signs first; CheckpointPending signs the
//     rest at a session end or an engine's shutdown.
//   - Append refuses a record whose RequestID is on a recent record (see
//     RequestWindow): it returns the earlier record (*DuplicateError) when
//     it is the same request, ErrRequestConflict when it is not, so that an
//     invocation retried after its engine died is recorded once and never
//     answered with another request's decision.
//   - Verify checks the whole local log; Export writes a self-contained
//     bundle that VerifyBundleWith checks with no other file and no network,
//     one set of record checks serving both (checks.go). A bundle that
//     cannot be read is ErrUnreadable, one that fails a check ErrInvalid,
//     one that passes against no vouched-for key ErrUntrusted.
//   - DecisionOf is the one rule by which every count classifies a record
//     (a fail-closed failure is a deny).
//
// Besides the records of decisions and sessions, the log holds the
// integrity records the gate writes (TypeTamper, TypeGovernanceChange,
// TypeTamperAck): what changed among the governance files, during which
// tool calls, and who acknowledged it.
//
// The on-disk and bundle formats are specified in docs/evidence-format.md.
// Keys (note signer and verifier, redaction HMAC key) live in the state
// directory with 0600 permissions; the redaction key never leaves it.
package evidence
