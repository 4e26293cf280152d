package redact

import (
	"encoding/base64"
	"strings"
)

// weakValueSecret is the value test after a weakly named key (cache_key,
// auth, session, pass, signature, salt: classifyKey's keyWeak), one test
// for every path that reads a name and its value: the assignment rule in
// text (auth="…") and a tree's key ({"auth": "…"}). The value is a secret
// if it looks random (highEntropy), or if it is base64 of user:password,
// as HTTP Basic and a docker config's auths.*.auth hold it.
func weakValueSecret(v string) bool {
	return highEntropy(v) || basicCredential(v)
}

// basicCredential reports base64 (standard, padded) of printable
// "user:password", both parts non-empty.
func basicCredential(v string) bool {
	if len(v) < 8 || len(v) > 1024 || len(v)%4 != 0 {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return false
	}
	for _, c := range b {
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	d := string(b)
	i := strings.IndexByte(d, ':')
	return i > 0 && i < len(d)-1
}
