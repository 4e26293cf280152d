package policy

// The one reader of pid words (red-team round 19 #61, #62). Programs read
// a pid in different ways: kill and util-linux trim blanks and take a
// '+'; gdb, gcore and reptyr read it with strtoul(s, &end, 0), where 0x…
// is hex and a leading 0 is octal; atoi and sscanf("%d") stop at the
// first character that is not a digit; a C program that stores the
// unsigned long in a pid_t keeps its low 32 bits. A word is Mandate's pid
// when ANY of these readings is: every check that reads a pid (pidTarget
// for kill and the pid options of pidopts.go, attachCmd, procControlCmd,
// and the structural backstop's eachPidPiece) asks pidReadings.

// pidBlank is C's isspace: strtol, sscanf and kill skip it around a number.
func pidBlank(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r'
}

// pidReadings calls f with every value a program's number parser may read
// in w (until f returns false), and reports whether w reads as a number
// at all: blanks around it skipped, one '+' or '-' sign, then the longest
// prefix of decimal digits, of hex digits after 0x, and of octal digits
// after a leading 0, each value also as its low 32 bits (a C int). Values
// past 64 bits are not read (the parsers saturate or fail).
func pidReadings(w string, f func(n int) bool) bool {
	i, j := 0, len(w)
	for i < j && pidBlank(w[i]) {
		i++
	}
	for j > i && pidBlank(w[j-1]) {
		j--
	}
	s := w[i:j]
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	emit := func(u uint64, ok bool) bool {
		if !ok {
			return true
		}
		v := int64(u)
		if neg {
			v = -v
		}
		if !f(int(v)) {
			return false
		}
		if t := int64(int32(uint32(v))); t != v {
			return f(int(t))
		}
		return true
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		emit(readBase(s[2:], 16)) // its decimal prefix, 0, is no pid a program takes
		return true
	}
	if emit(readBase(s, 10)) && len(s) > 1 && s[0] == '0' {
		emit(readBase(s[1:], 8))
	}
	return true
}

// readBase reads the longest prefix of s in base b (10, 16 or 8): its
// value, and false when there is no digit or the value passes 64 bits.
func readBase(s string, b uint64) (uint64, bool) {
	var u uint64
	n := 0
	for ; n < len(s); n++ {
		var d uint64
		switch c := s[n]; {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case b == 16 && c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		case b == 16 && c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			d = b
		}
		if d >= b {
			break
		}
		if u > (^uint64(0)-d)/b {
			return 0, false
		}
		u = u*b + d
	}
	return u, n > 0
}

// isPidWord reports whether w reads as a number under one of the readings.
func isPidWord(w string) bool {
	return pidReadings(w, func(int) bool { return true })
}
