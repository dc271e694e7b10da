#!/usr/bin/env bash
# The collector side: a real rsyslogd with dist/rsyslog/privtrace.conf (as
# shipped, included) receives what privtrace sends over TCP, UDP and a unix
# socket, and writes the records it parsed. A --user 1001 container and a
# remapped container are each denied a host file; the fields a SIEM keys on
# (outcome, container id and name, host uid, namespace uid, reason) must come
# out of the collector as fields of their own, from the structured data and
# from the JSON record, with the types JSON gave them, not as one string.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../sinks/lib.sh"
. "$(dirname "$0")/collectors.sh"
out=$TMPD/ev.json
collected=$RS/collected.json

# the shipped file as it is, an output of the test's own, and three inputs
rs_config() {
	cat <<EOF
global(workDirectory="$RS/work" maxMessageSize="64k")
module(load="imudp")
module(load="imtcp")
module(load="imuxsock" sysSock.use="off")
include(file="$TOP/dist/rsyslog/privtrace.conf")
ruleset(name="privtrace_out") {
	action(type="omfile" file="$collected" template="privtrace_parsed")
}
input(type="imudp" address="127.0.0.1" port="$RS_UDP" ruleset="privtrace" rcvbufSize="64m")
input(type="imtcp" address="127.0.0.1" port="$RS_TCP" ruleset="privtrace")
input(type="imuxsock" socket="$RS_SOCK" useSpecialParser="off" parseHostname="on"
      ruleset="privtrace" rateLimit.interval="0")
EOF
}
rs_start

collector_workload "syslog+tcp://127.0.0.1:$RS_TCP" "syslog+udp://127.0.0.1:$RS_UDP" \
	"syslog+unix://$RS_SOCK"
# every record three times: once per transport
rs_wait "$collected" $((3 * $(lines "$out")))
rs_stop

! grep -q privtrace_parse_error "$collected" || fail "the collector could not parse a record"
denied='.record.file.path == "/data/secret" and .record.event.action == "file"'
# the denial to uid 1001 in a plain container: every field on its own
expect "$collected" 3 "$denied and .record.container.id == \"$uid_\"
	and .siem.outcome == \"failure\" and .siem.container_id == \"$uid_\" and .siem.container_name == \"$user\"
	and .siem.host_uid == $CT_APPUID and .siem.ns_uid == $CT_APPUID and .siem.reason == \"mode_denies\"
	and (.siem.host_uid | type) == \"number\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].outcome == \"failure\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].container == \"$uid_\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].container_name == \"$user\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].uid == \"$CT_APPUID\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].ns_uid == \"$CT_APPUID\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].reason == \"mode_denies\"
	and .record.privtrace.errno == \"EACCES\" and (.record.event.category | type) == \"array\"" \
	"uid $CT_APPUID's denial, parsed: outcome, container, uids, reason (SD and JSON, each transport)"
# the remapped container's root: host uid 100000+, namespace uid 0
base=$(ct_remap_base | cut -d' ' -f1)
expect "$collected" 3 "$denied and .siem.container_id == \"$rid\"
	and .siem.container_name == \"$remapped\" and .siem.host_uid == $base and .siem.ns_uid == 0
	and .siem.outcome == \"failure\" and (.siem.reason | type) == \"string\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].uid == \"$base\"
	and .[\"rfc5424-sd\"][\"privtrace@32473\"].ns_uid == \"0\"" \
	"the remapped container's denial, parsed: host uid $base, namespace uid 0"
# what the collector parsed is the record privtrace wrote, field for field
# (both sides as jq writes them, keys sorted: rsyslog serializes JSON its own way)
jq -cS 'select(.event.kind == "event")' "$out" | sort >"$TMPD/sent.jsonl"
jq -cS 'select(.record.event.kind == "event") | .record' "$collected" | sort | uniq >"$TMPD/parsed.jsonl"
cmp -s "$TMPD/sent.jsonl" "$TMPD/parsed.jsonl" ||
	fail "the records rsyslog parsed are not the ones privtrace sent ($(lines "$TMPD/parsed.jsonl") vs $(lines "$TMPD/sent.jsonl"))"
echo "ok: rsyslog parsed $(lines "$TMPD/sent.jsonl") records into fields, from each transport"
