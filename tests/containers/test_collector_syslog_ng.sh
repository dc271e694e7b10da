#!/usr/bin/env bash
# The collector side, syslog-ng: a real syslog-ng (Debian's, unpacked: see
# tests/sinks/syslog_ng.sh) with dist/syslog-ng/privtrace.conf included as
# shipped receives what privtrace sends over TCP (octet-counted) and UDP and
# writes what it parsed. A --user 1001 container and a remapped container
# are each denied a host file; the fields a SIEM keys on (outcome, container
# id and name, host uid, namespace uid, reason) must come out as fields of
# their own, from the structured data and from the JSON record. syslog-ng
# 3.38 keeps parsed JSON values as strings; the shipped template types the
# flat siem.* uids as numbers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../sinks/lib.sh"
. "$(dirname "$0")/../sinks/syslog_ng.sh"
. "$(dirname "$0")/collectors.sh"
out=$TMPD/ev.json
collected=$SNG/collected.json
sng_fetch
tcp=$(free_port tcp)
udp=$(free_port udp)
cat >"$SNG/syslog-ng.conf" <<EOF
@version: 3.38
@include "$TOP/dist/syslog-ng/privtrace.conf"
options { stats-freq(0); };
source s_privtrace {
	syslog(transport("tcp") ip("127.0.0.1") port($tcp) log-msg-size(65536));
	syslog(transport("udp") ip("127.0.0.1") port($udp) log-msg-size(65536) so-rcvbuf(67108864));
};
destination d_privtrace { file("$collected" template(t_privtrace_parsed)); };
log { source(s_privtrace); parser(p_privtrace); destination(d_privtrace); };
EOF
sng_start "$SNG/syslog-ng.conf" "$tcp"

collector_workload "syslog+tcp://127.0.0.1:$tcp" "syslog+udp://127.0.0.1:$udp"
# every record twice: once per transport
for _ in $(seq 300); do
	[ "$(lines "$collected")" -ge $((2 * $(lines "$out"))) ] && break
	sleep 0.1
done
sng_stop
[ "$(lines "$collected")" -eq $((2 * $(lines "$out"))) ] ||
	fail "syslog-ng wrote $(lines "$collected") records, privtrace sent $(lines "$out") on each of 2 transports"

denied='.record.file.path == "/data/secret" and .record.event.action == "file"'
sd='._SDATA["privtrace@32473"]'
expect "$collected" 2 "$denied and .record.container.id == \"$uid_\"
	and .siem.outcome == \"failure\" and .siem.container_id == \"$uid_\" and .siem.container_name == \"$user\"
	and .siem.host_uid == $CT_APPUID and .siem.ns_uid == $CT_APPUID and .siem.reason == \"mode_denies\"
	and (.siem.host_uid | type) == \"number\"
	and $sd.outcome == \"failure\" and $sd.container == \"$uid_\" and $sd.container_name == \"$user\"
	and $sd.uid == \"$CT_APPUID\" and $sd.ns_uid == \"$CT_APPUID\" and $sd.reason == \"mode_denies\"
	and .record.privtrace.errno == \"EACCES\" and .record.container.name == \"$user\"" \
	"uid $CT_APPUID's denial, parsed: outcome, container, uids, reason (SD and JSON, each transport)"
base=$(ct_remap_base | cut -d' ' -f1)
expect "$collected" 2 "$denied and .siem.container_id == \"$rid\"
	and .siem.container_name == \"$remapped\" and .siem.host_uid == $base and .siem.ns_uid == 0
	and .siem.outcome == \"failure\" and $sd.uid == \"$base\" and $sd.ns_uid == \"0\"" \
	"the remapped container's denial, parsed: host uid $base, namespace uid 0"
# each record privtrace sent came out with its outcome, action and sequence
jq -r 'select(.event.kind == "event") | "\(.event.sequence) \(.event.action) \(.event.outcome)"' "$out" |
	sort >"$TMPD/sent.txt"
jq -r 'select(.record.event.kind == "event") | "\(.record.event.sequence) \(.record.event.action) \(.record.event.outcome)"' \
	"$collected" | sort -u >"$TMPD/parsed.txt"
cmp -s "$TMPD/sent.txt" "$TMPD/parsed.txt" ||
	fail "syslog-ng's parsed records ($(lines "$TMPD/parsed.txt")) are not the ones privtrace sent ($(lines "$TMPD/sent.txt"))"
echo "ok: syslog-ng parsed $(lines "$TMPD/sent.txt") records into fields, from each transport"
