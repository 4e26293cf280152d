package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// unitPlainProperties are the systemd unit properties (systemd-run -p,
// run0 --property) that only limit or describe the command: resources,
// scheduling, timeouts, accounting, sandboxing that takes access away.
// Any other property — a root, bind or image (RootDirectory=, BindPaths=),
// an environment file, another command (ExecStartPre=), credentials
// (LoadCredential=) — makes what the unit does unknown to the analysis.
var unitPlainProperties = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(`
		Description Documentation CPUQuota CPUQuotaPeriodSec CPUWeight StartupCPUWeight CPUAccounting
		AllowedCPUs AllowedMemoryNodes MemoryAccounting MemoryMin MemoryLow MemoryHigh MemoryMax
		MemorySwapMax MemoryZSwapMax TasksAccounting TasksMax IOAccounting IOWeight StartupIOWeight
		IPAccounting IPAddressDeny Nice CPUSchedulingPolicy CPUSchedulingPriority CPUAffinity
		IOSchedulingClass IOSchedulingPriority OOMScoreAdjust OOMPolicy TimerSlackNSec
		LimitCPU LimitFSIZE LimitDATA LimitSTACK LimitCORE LimitRSS LimitNOFILE LimitAS LimitNPROC
		LimitMEMLOCK LimitLOCKS LimitSIGPENDING LimitMSGQUEUE LimitNICE LimitRTPRIO LimitRTTIME
		RuntimeMaxSec RuntimeRandomizedExtraSec TimeoutSec TimeoutStartSec TimeoutStopSec
		TimeoutAbortSec KillMode KillSignal SendSIGKILL SendSIGHUP FinalKillSignal RestartSec
		Restart RemainAfterExit Type CollectMode NoNewPrivileges PrivateTmp PrivateDevices
		PrivateNetwork PrivateIPC ProtectSystem ProtectHome ProtectKernelTunables ProtectKernelModules
		ProtectKernelLogs ProtectControlGroups ProtectClock ProtectHostname RestrictRealtime
		RestrictSUIDSGID RestrictNamespaces LockPersonality MemoryDenyWriteExecute
		SystemCallArchitectures SyslogIdentifier
		LogLevelMax Slice Delegate`) {
		m[p] = true
	}
	return m
}}
