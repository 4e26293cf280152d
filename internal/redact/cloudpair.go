package redact

import "strings"

// A cloud access key is a pair: an id that says whose it is (AKIA…, not
// a secret) and a secret with no name and no prefix. SDK constructors
// and clients take the pair positionally (new AWS.Credentials(id,
// secret), new BasicAWSCredentials(id, secret), Aws::Credentials.new,
// Minio(host, id, secret), oss2.Auth(id, secret)), so the secret's only
// mark is the id beside it. cloudPairRule finds a recognised id
// (cloudKeyPairs) and masks its partner: a run of the secret's alphabet
// and exact length, holding two of upper case, lower case and digits
// (not hex: a commit or a digest),
// on the id's line (before or after it) or the next two lines (a call
// wrapped after its first argument). Round 23, #13.

// cloudKeyPair is one provider's key id and the shape of its secret.
type cloudKeyPair struct {
	prefix    string // the id's prefix, as written
	idLen     int    // the id's whole length (0: idMin or more)
	idMin     int
	secretLen int  // the secret's length
	slashPlus bool // the secret's alphabet holds '/' and '+'
}

// cloudKeyPairs: the providers whose ids are recognisable.
var cloudKeyPairs = []cloudKeyPair{
	{prefix: "AKIA", idLen: 20, secretLen: 40, slashPlus: true}, // AWS long-term key
	{prefix: "ASIA", idLen: 20, secretLen: 40, slashPlus: true}, // AWS temporary (STS) key
	{prefix: "ABIA", idLen: 20, secretLen: 40, slashPlus: true},
	{prefix: "ACCA", idLen: 20, secretLen: 40, slashPlus: true},
	{prefix: "GOOG1", idMin: 24, secretLen: 40, slashPlus: true}, // Google Cloud Storage HMAC key
	{prefix: "LTAI", idMin: 16, secretLen: 30},                   // Alibaba Cloud AccessKey
	{prefix: "AKID", idLen: 36, secretLen: 32},                   // Tencent Cloud SecretId
}

// cloudPairReach bounds, in bytes, how far from the id the partner is
// looked for (each way), so that a long line costs each hit no more.
const cloudPairReach = 512

// cloudPairLines is how many lines after the id's the partner may be on.
const cloudPairLines = 2

func cloudPairRule() *rule {
	kw := make([]string, len(cloudKeyPairs))
	for i, p := range cloudKeyPairs {
		kw[i] = strings.ToLower(p.prefix)
	}
	return &rule{id: "cloud-secret-key", desc: "a cloud secret key given beside its key id (AWS, Google Cloud HMAC, Alibaba, Tencent): its partner in the same call or line, which has no name",
		keywords: kw, match: matchCloudPairs}
}

func matchCloudPairs(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done || h > 0 && isAlnum(s[h-1]) {
			continue
		}
		kp, end, ok := cloudKeyIDAt(s, h)
		if !ok {
			continue
		}
		// From the start of the id's line to the end of the second line
		// after it.
		from := max(0, h-cloudPairReach)
		from += strings.LastIndexByte(s[from:h], '\n') + 1
		to := end
		stop := min(len(s), end+cloudPairReach)
		for n := 0; n <= cloudPairLines && to < stop; n++ {
			if i := strings.IndexByte(s[to:stop], '\n'); i >= 0 {
				to += i + 1
			} else {
				to = stop
			}
		}
		for q := from; q < to; {
			if q == h {
				q = end
				continue
			}
			if !cloudSecretByte(s[q], kp.slashPlus) {
				q++
				continue
			}
			r := q
			for r < to && cloudSecretByte(s[r], kp.slashPlus) {
				r++
			}
			if r-q == kp.secretLen && (r == len(s) || s[r] != '=') && mixedClasses(s[q:r]) && !isHex(s[q:r]) {
				emit(span{start: q, end: r, id: "cloud-secret-key"})
			}
			q = r
		}
		done = end
	}
}

// cloudKeyIDAt reads a key id of cloudKeyPairs at h, as written.
func cloudKeyIDAt(s string, h int) (cloudKeyPair, int, bool) {
	for _, kp := range cloudKeyPairs {
		if !strings.HasPrefix(s[h:], kp.prefix) {
			continue
		}
		e := h + len(kp.prefix)
		for e < len(s) && isAlnum(s[e]) {
			e++
		}
		if n := e - h; kp.idLen > 0 && n == kp.idLen || kp.idLen == 0 && n >= kp.idMin && n <= 64 {
			return kp, e, true
		}
	}
	return cloudKeyPair{}, 0, false
}

func cloudSecretByte(c byte, slashPlus bool) bool {
	return isAlnum(c) || slashPlus && (c == '/' || c == '+')
}

// mixedClasses reports a run with two of upper case, lower case and
// digits: a secret, not a word or a number.
func mixedClasses(r string) bool {
	var up, lo, dg int
	for i := 0; i < len(r); i++ {
		switch c := r[i]; {
		case isUpper(c):
			up = 1
		case isLower(c):
			lo = 1
		case isDigit(c):
			dg = 1
		}
	}
	return up+lo+dg >= 2
}
