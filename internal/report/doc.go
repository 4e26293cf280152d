// Package report writes a self-contained report of Mandate evidence (a
// bundle, or the local log) for people who will not use a terminal: who
// worked in which sessions, decisions over time, every denial and ask
// with its reason, the policy versions that decided, and whether — and
// against whose key — the evidence verified.
//
// # Contract
//
//   - Build reads a record source (evidence.Source) with evidence's own
//     listing code: the sessions and every count come from
//     evidence.SessionsFrom and evidence.DecisionOf, so a report agrees
//     with `mandate sessions` and `mandate log` on the same evidence (a
//     fail-closed failure is a deny everywhere).
//   - The verification result is part of the report and shown first: a
//     bundle that failed, or that verified only against the key it
//     carries (no key given), says so at the top, in every format.
//   - WriteHTML writes one file: inline CSS, the chart as inline SVG, no
//     JavaScript, no external request (no fonts, images or links to
//     fetch). Every string from the evidence is escaped as html/template
//     escapes text: records hold what agents sent, which is
//     attacker-controlled. It is written without a template package, which
//     linked into mandate-engine would be initialised on every hook call.
//   - No format writes a character a terminal acts on (an ESC sequence, a
//     C1 control, a bidi override, a CR): every string from the evidence
//     passes through internal/termsafe, so `cat report.md` is safe too.
//   - WriteMarkdown escapes table cells (pipes, backticks, angle brackets,
//     line breaks), so a record cannot break the table or inject HTML
//     into a renderer.
//   - WriteCSV writes one table whose first column names the section
//     (verification, session, decisions, policy, flagged); a
//     cell that a spreadsheet would run as a formula (starting with =, +,
//     -, @, TAB or CR) is prefixed with a single quote.
//   - Output depends only on the evidence and Options (time zone, clock):
//     the same input gives the same bytes (golden tests).
package report
