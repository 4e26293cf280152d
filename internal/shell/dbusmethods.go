package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// What the D-Bus methods a generic bus client can call do (dbus.go), as
// data. A method is named "INTERFACE.MEMBER". Its effect is one of:
//
//	read      reads state only (Introspect, ListUnits, GetNameOwner, …)
//	systemctl VERB: the systemd manager's method that systemctl VERB calls;
//	          the call is judged as systemctl [--user] VERB ARG… (units,
//	          unit files, NAME=VALUE pairs), so a unit started, a unit file
//	          linked or enabled, a variable set in the manager's
//	          environment, a kill of Mandate's unit are what they are
//	          with systemctl
//	actenv    the bus daemon's activation environment (a{ss}): judged as
//	          dbus-update-activation-environment NAME=VALUE…
//	envget    reads the manager's environment property (Properties.Get
//	          or GetAll of the Manager): systemctl show-environment
//
// A method not listed does what the analysis cannot tell (a transient
// unit's command, another program's service run outside any hooked
// call, a secret read from the keyring): opaque.

// busMethod is what one method does.
type busMethod struct {
	effect string // "read", "systemctl", "actenv", "envget"
	verb   string // systemctl's verb
	arg    int    // the argument holding the units, files or pairs; -1 none; -2 the unit of the object path
}

var busMethods = &lazy.Value[map[string]busMethod]{New: func() map[string]busMethod {
	m := map[string]busMethod{}
	read := func(iface, members string) {
		for _, n := range strings.Fields(members) {
			m[iface+"."+n] = busMethod{effect: "read", arg: -1}
		}
	}
	const mgr = "org.freedesktop.systemd1.Manager"
	read(mgr, "GetUnit GetUnitByPID GetUnitByInvocationID GetUnitByControlGroup GetUnitByPIDFD GetUnitProcesses GetJob "+
		"GetJobAfter GetJobBefore ListUnits ListUnitsFiltered ListUnitsByPatterns ListUnitsByNames ListJobs ListUnitFiles "+
		"ListUnitFilesByPatterns GetUnitFileState GetUnitFileLinks GetDefaultTarget Subscribe Unsubscribe Dump "+
		"DumpByFileDescriptor DumpUnitsMatchingPatterns LookupDynamicUserByName LookupDynamicUserByUID GetDynamicUsers LoadUnit")
	read("org.freedesktop.DBus", "Hello ListNames ListActivatableNames NameHasOwner GetNameOwner GetConnectionUnixUser "+
		"GetConnectionUnixProcessID GetConnectionCredentials GetAdtAuditSessionData GetConnectionSELinuxSecurityContext GetId "+
		"ListQueuedOwners AddMatch RemoveMatch RequestName ReleaseName")
	read("org.freedesktop.DBus.Introspectable", "Introspect")
	read("org.freedesktop.DBus.Peer", "Ping GetMachineId")
	read("org.freedesktop.Notifications", "Notify CloseNotification GetCapabilities GetServerInformation")
	read("org.freedesktop.login1.Manager", "ListSessions ListUsers ListSeats ListInhibitors GetSession GetUser GetSeat "+
		"GetSessionByPID GetUserByPID CanPowerOff CanReboot CanSuspend CanHibernate")
	for verb, members := range map[string]string{
		"start":                 "StartUnit StartUnitWithFlags",
		"stop":                  "StopUnit",
		"reload":                "ReloadUnit",
		"restart":               "RestartUnit",
		"try-restart":           "TryRestartUnit",
		"reload-or-restart":     "ReloadOrRestartUnit",
		"try-reload-or-restart": "ReloadOrTryRestartUnit",
		"kill":                  "KillUnit QueueSignalUnit KillUnitSubgroup",
		"clean":                 "CleanUnit",
		"freeze":                "FreezeUnit",
		"thaw":                  "ThawUnit",
		"reset-failed":          "ResetFailedUnit",
		"enable":                "EnableUnitFiles EnableUnitFilesWithFlags",
		"disable":               "DisableUnitFiles DisableUnitFilesWithFlags DisableUnitFilesWithFlagsAndInstallInfo",
		"reenable":              "ReenableUnitFiles",
		"link":                  "LinkUnitFiles",
		"preset":                "PresetUnitFiles PresetUnitFilesWithMode",
		"mask":                  "MaskUnitFiles",
		"unmask":                "UnmaskUnitFiles",
		"revert":                "RevertUnitFiles",
		"set-default":           "SetDefaultTarget",
		"add-wants":             "AddDependencyUnitFiles",
		"set-environment":       "SetEnvironment UnsetAndSetEnvironment",
		"unset-environment":     "UnsetEnvironment",
	} {
		for _, n := range strings.Fields(members) {
			m[mgr+"."+n] = busMethod{effect: "systemctl", verb: verb, arg: 0}
		}
	}
	// StartUnitReplace(old, new, mode) starts new; UnsetAndSetEnvironment's
	// pairs are its second argument, but every NAME=VALUE string is taken
	m[mgr+".StartUnitReplace"] = busMethod{effect: "systemctl", verb: "start", arg: 1}
	for verb, members := range map[string]string{
		"daemon-reload": "Reload", "daemon-reexec": "Reexecute", "exit": "Exit", "reboot": "Reboot",
		"soft-reboot": "SoftReboot", "poweroff": "PowerOff", "halt": "Halt", "kexec": "KExec", "reset-failed": "ResetFailed",
		"preset-all": "PresetAllUnitFiles",
	} {
		for _, n := range strings.Fields(members) {
			m[mgr+"."+n] = busMethod{effect: "systemctl", verb: verb, arg: -1}
		}
	}
	// a unit object's own methods act on the unit its path names
	const unit = "org.freedesktop.systemd1.Unit"
	for verb, n := range map[string]string{
		"start": "Start", "stop": "Stop", "reload": "Reload", "restart": "Restart", "try-restart": "TryRestart",
		"reload-or-restart": "ReloadOrRestart", "try-reload-or-restart": "ReloadOrTryRestart", "kill": "Kill",
		"reset-failed": "ResetFailed", "clean": "Clean", "freeze": "Freeze", "thaw": "Thaw",
	} {
		m[unit+"."+n] = busMethod{effect: "systemctl", verb: verb, arg: -2}
	}
	m["org.freedesktop.DBus.UpdateActivationEnvironment"] = busMethod{effect: "actenv", arg: 0}
	m["org.freedesktop.DBus.Properties.Get"] = busMethod{effect: "envget", arg: 1}
	m["org.freedesktop.DBus.Properties.GetAll"] = busMethod{effect: "envget", arg: 0}
	return m
}}

// busServices are the services whose bare method names qdbus may be
// given, with the interfaces searched for them.
var busServices = map[string][]string{
	"org.freedesktop.systemd1": {"org.freedesktop.systemd1.Manager", "org.freedesktop.systemd1.Unit"},
	"org.freedesktop.DBus":     {"org.freedesktop.DBus"},
}
