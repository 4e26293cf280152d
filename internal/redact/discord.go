package redact

import (
	"encoding/base64"
	"strings"
)

// Red-team round 26 (#c5): a Discord bot token, ID.TIMESTAMP.HMAC, has no
// fixed prefix: its first segment is the bot's user ID (a snowflake of
// 17 to 20 decimal digits) in unpadded base64, then six characters, then
// a 27 to 38 character HMAC, all in base64url's alphabet. It is known by
// that structure: the first segment must decode to digits only.
//
// Base64 of ASCII digits starts with M, N or O and then D, T, j or z
// (the first byte 0x30-0x39 fixes the first sextet and the top bits of
// the second): those twelve pairs anchor the rule. At a hit the
// segments are read by hand, each once: a hit inside a longer base64url
// run (glued) is refused at once, so the work is linear.

func discordRule() *rule {
	var kws []string
	for _, a := range "mno" {
		for _, b := range "dtjz" {
			kws = append(kws, string(a)+string(b))
		}
	}
	return &rule{id: "discord-bot-token", desc: "Discord bot token (base64 of the bot's numeric ID . timestamp . HMAC)",
		keywords: kws, match: matchDiscordTokens}
}

func isB64urlByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

// b64urlRun returns the end of the base64url run starting at p.
func b64urlRun(s string, p int) int {
	for p < len(s) && isB64urlByte(s[p]) {
		p++
	}
	return p
}

func matchDiscordTokens(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done || h > 0 && (isB64urlByte(s[h-1]) || s[h-1] == '.') {
			continue
		}
		e1 := b64urlRun(s, h)
		done = e1
		if n := e1 - h; n < 23 || n > 27 || e1 >= len(s) || s[e1] != '.' {
			continue
		}
		e2 := b64urlRun(s, e1+1)
		if e2-e1-1 != 6 || e2 >= len(s) || s[e2] != '.' {
			continue
		}
		e3 := b64urlRun(s, e2+1)
		done = e3
		if n := e3 - e2 - 1; n < 27 || n > 38 || e3 < len(s) && s[e3] == '.' {
			continue
		}
		id, err := base64.RawURLEncoding.DecodeString(s[h:e1])
		if err != nil || len(id) < 17 || len(id) > 20 || strings.Trim(string(id), "0123456789") != "" {
			continue
		}
		if !randomTokenBody(s, e2+1, e3) {
			continue
		}
		emit(span{start: h, end: e3, id: "discord-bot-token"})
	}
}
