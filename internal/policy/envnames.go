package policy

import (
	"fmt"
	"strings"
)

// Environment variable names are matched without case. On Windows the
// environment has no case (PowerShell's $env:prod_api_key and
// Get-Item env:Prod_Api_Key read PROD_API_KEY), and a name that differs
// from a blocked one only in case names nothing else an agent needs: the
// unknown is dangerous.

// addEnvFold indexes a block_env_vars name by its upper-cased spelling.
func (ix *index) addEnvFold(name string, rf ref) {
	if ix.envFold == nil {
		ix.envFold = map[string][]ref{}
	}
	k := strings.ToUpper(name)
	ix.envFold[k] = append(ix.envFold[k], rf)
}

// envRules returns the block_env_vars entries that name the variable
// name, in any case.
func (ix *index) envRules(name string) []ref {
	if len(ix.envFold) == 0 {
		return nil
	}
	return ix.envFold[strings.ToUpper(name)]
}

// blockedEnv denies a reference to a variable block_env_vars names; via
// says where the name was found (empty: the command line).
func (ev *evaluation) blockedEnv(name, via string) {
	for _, rf := range ev.p.idx.envRules(name) {
		listed := ev.p.entry(rf).text
		msg := fmt.Sprintf("environment variable %q is in block_env_vars", name)
		if listed != name {
			msg = fmt.Sprintf("environment variable %q is %q (environment names have no case on Windows), which is in block_env_vars", name, listed)
		}
		if via != "" {
			msg = via + ": " + msg
		}
		ev.user(rf, Deny, name, msg)
	}
}
