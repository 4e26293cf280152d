package shell

// psEnvCluster reports whether a single-dash ps option word asks for
// processes' environments: BSD/macOS ps -E, alone or clustered (-Eww,
// -axE), before any letter that takes a value (-o, -p, -U …).
func psEnvCluster(s string) bool {
	if len(s) < 2 || s[0] != '-' || s[1] == '-' {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case 'E':
			return true
		case 'o', 'O', 'p', 'q', 'C', 'G', 'g', 't', 'U', 'u', 'k', 'M', 'N', 'W':
			return false
		}
	}
	return false
}
