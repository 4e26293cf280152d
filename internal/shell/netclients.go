package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Network clients beyond netprograms.go's and hostclients.go's, as data:
// which options name the server, which operands are hosts (dig's @SERVER,
// an SNMP agent with its transport, a ping target). Their hosts are
// reported as hosts (allow_hosts and read_only judge them); any other word
// of theirs that reads as a host is still a candidate (candhosts.go).

type netClient struct {
	short, long string // options taking a value
	hostOpt     string // options whose value names hosts (URL, host[:port], lists)
	posHost     int    // operands that are hosts, from the first: 0 none, -1 all
	at          bool   // an operand @HOST names the server (dig's syntax)
}

// ftpValueOpts are ftp's options taking a value (tnftp, inetutils):
// -n, -i, -v, -p are flags, so ftp -n HOST names the server.
const ftpValueOpts = "NoPqrsTx"

var (
	redisLike = netClient{short: "hpsaunridDt", long: "--user --pass --cacert --cacertdir --cert --key --sni --rdb --functions-rdb --pattern --count --eval --threads", hostOpt: "-h -u"}
	mongoTool = netClient{short: "hupdcoqf", long: "--host --port --username --password --db --collection --out --query --fields --uri --authenticationDatabase --file --type", hostOpt: "-h --host --uri"}
	pgTool    = netClient{short: "hpUdDSZ", long: "--host --port --username --dbname --directory --slot --compress", hostOpt: "-h --host"}
	mqttTool  = netClient{short: "hpLtmuPikqfIAMWCNFTs", long: "--url --cafile --capath --cert --key --will-topic --will-payload --proxy --unix", hostOpt: "-h -L --url --proxy"}
	digLike   = netClient{short: "pqtcxykbEsoI", long: "--nameserver --port --type --class", hostOpt: "-n --nameserver", at: true}
	snmpTool  = netClient{short: "vcaAxXluneErtmMOICLYZyzT", posHost: 1}
	pingLike  = netClient{short: "bBcCfHiIOpQrStTzwWsadMlgL", posHost: -1}
	ncftpTool = netClient{short: "upPjtrRW", posHost: 1}
)

var netClients = &lazy.Value[map[string]netClient]{New: func() map[string]netClient {
	return map[string]netClient{
		"valkey-cli": redisLike, "keydb-cli": redisLike, "redis-benchmark": redisLike, "valkey-benchmark": redisLike,
		"keydb-benchmark": redisLike, "memtier_benchmark": {short: "spaxnc", long: "--server --port --uri", hostOpt: "-s --server --uri"},
		"mongoexport": mongoTool, "mongoimport": mongoTool, "mongofiles": mongoTool, "mongostat": mongoTool,
		"mongotop": mongoTool, "bsondump": {},
		"pg_receivewal": pgTool, "pg_recvlogical": pgTool, "pg_basebackup": pgTool, "pg_amcheck": pgTool,
		"mosquitto_pub": mqttTool, "mosquitto_sub": mqttTool, "mosquitto_rr": mqttTool,
		"drill": digLike, "kdig": digLike, "delv": digLike, "dog": digLike, "doggo": digLike,
		"ncftp": ncftpTool, "ncftpget": ncftpTool, "ncftpput": ncftpTool, "ncftpls": ncftpTool,
		"snmpwalk": snmpTool, "snmpbulkwalk": snmpTool, "snmpget": snmpTool, "snmpgetnext": snmpTool, "snmpbulkget": snmpTool,
		"snmpset": snmpTool, "snmptable": snmpTool, "snmpstatus": snmpTool, "snmpdelta": snmpTool, "snmptrap": snmpTool,
		"snmpinform": snmpTool, "snmpdf": snmpTool, "snmpnetstat": snmpTool,
		"fping": pingLike, "fping6": pingLike, "hping3": pingLike, "hping": pingLike, "arping": pingLike, "nping": pingLike,
		"tcping": pingLike, "httping": {short: "cighpI", hostOpt: "-g -h"}, "sslscan": {posHost: -1}, "sslyze": {posHost: -1},
		"testssl.sh": {posHost: -1}, "testssl": {posHost: -1}, "showmount": {posHost: -1}, "rpcinfo": {posHost: -1},
		"ntpdate": {short: "aekopt", posHost: -1}, "sntp": {short: "aeEkKMortl", posHost: -1},
		"ntpq": {short: "c", posHost: -1}, "chronyc": {short: "hp", hostOpt: "-h"},
		"iperf":         {short: "cpBitlwMnb", long: "--client --port --bind", hostOpt: "-c --client -B --bind"},
		"iperf3":        {short: "cpBitlwMnbPA", long: "--client --port --bind", hostOpt: "-c --client"},
		"ipmitool":      {short: "IHUPpLtbTBmkyACNRcfoOEKe", hostOpt: "-H"},
		"ipmiutil":      {short: "NUPJTVEF", hostOpt: "-N"},
		"racadm":        {short: "rupi", hostOpt: "-r"},
		"mysqlsh":       {short: "hPuDSfe", long: "--host --port --user --uri --socket --file --execute", hostOpt: "-h --host --uri", posHost: 1},
		"cockroach":     {long: "--host --url --port --user --database --certs-dir", hostOpt: "--host --url"},
		"rabbitmqadmin": {short: "HPuVpqsc", long: "--host --port --username --vhost --password --config --node", hostOpt: "-H --host"},
		"ldapwhoami":    {short: "HhpDwyUXYORb", hostOpt: "-H -h"}, "ldapmodify": {short: "HhpDwyUXYORbfS", hostOpt: "-H -h"},
		"ldapadd": {short: "HhpDwyUXYORbfS", hostOpt: "-H -h"}, "ldapdelete": {short: "HhpDwyUXYORbf", hostOpt: "-H -h"},
		"ldappasswd": {short: "HhpDwyUXYORbsaAtT", hostOpt: "-H -h"}, "ldapcompare": {short: "HhpDwyUXYORb", hostOpt: "-H -h"},
		"ldapmodrdn": {short: "HhpDwyUXYORbfs", hostOpt: "-H -h"}, "ldapexop": {short: "HhpDwyUXYORb", hostOpt: "-H -h"},
	}
}}

// netClientHosts reports the hosts netClients says c's options and
// operands name.
func (c *cmd) netClientHosts() {
	nc, ok := netClients.Get()[c.name]
	if !ok {
		return
	}
	// a parse of its own: the values it finds stay arguments of the
	// generic reading (paths read, candidate writes)
	sub := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: c.args, skip: make([]bool, len(c.args))}
	o := sub.parseOpts(optSpec{short: nc.short, long: strings.Fields(nc.long)})
	why := c.name + " server option"
	for _, f := range o.values(strings.Fields(nc.hostOpt)...) {
		c.hostValue(f, why)
	}
	n := 0
	for _, k := range o.pos {
		f := c.args[k]
		if nc.at && strings.HasPrefix(f.s, "@") {
			f.s = strings.TrimPrefix(f.s, "@")
			if i := strings.IndexByte(f.s, '#'); i > 0 {
				f.s = f.s[:i] // kdig @HOST#PORT
			}
			c.hostValue(f, c.name+" server")
			continue
		}
		if nc.posHost == 0 || nc.posHost > 0 && n >= nc.posHost {
			continue
		}
		n++
		if t, rest, ok := strings.Cut(f.s, ":"); ok && snmpTransport(t) {
			f.s = rest // udp:HOST:161, tcp6:[v6]:161
			if h, port, ok := strings.Cut(f.s, ":"); ok && !strings.HasPrefix(f.s, "[") && strings.Trim(port, "0123456789") == "" {
				f.s = h
			}
		}
		c.hostValue(f, c.name+" host operand")
	}
}

// snmpTransport reports whether t is one of net-snmp's transport
// prefixes of an agent address.
func snmpTransport(t string) bool {
	switch strings.ToLower(t) {
	case "udp", "tcp", "udp6", "tcp6", "udpv6", "tcpv6", "dtlsudp", "tls", "tlstcp", "ipx":
		return true
	}
	return false
}
