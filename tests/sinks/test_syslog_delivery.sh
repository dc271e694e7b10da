#!/usr/bin/env bash
# One traced run, four sinks: syslog over UDP, TCP (facility local0) and a
# unix datagram socket into a real rsyslogd, and a file. What rsyslog wrote
# for each transport is every record privtrace emitted: as many as the file
# sink holds and the summary counts, byte-identical JSON in the same order,
# headers and structured data that agree with each record. A path with
# bytes meant to break lines, SD elements and UTF-8 goes through untouched.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
rs_start

# a directory the user may not search: opening a path in it is denied, and
# the path (escaped in the JSON) travels with the record
locked=$TMPD/locked
mkdir -m 0700 "$locked"
hostile=$(printf '%s/ev]il"\\\n\xff\xc2\x9b[2J \xe2\x80\xae' "$locked")
cmd=$TMPD/work.sh
cat >"$cmd" <<EOF
"$PTHELPER" burst 300 "$secret" $TEST_UID >/dev/null
setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" open "\$1" || true
EOF

out=$TMPD/events.json
# --no-coalesce: every event a record of its own, the burst's too
pt_exec "$out" --no-coalesce --sink "syslog+udp://127.0.0.1:$RS_UDP" \
	--sink "syslog+tcp://127.0.0.1:$RS_TCP?facility=local0" \
	--sink "syslog+unix://$RS_SOCK" --sink "file:$out" -- bash "$cmd" "$hostile"
[ "$PT_STATUS" -eq 0 ] || { cat "$out.err" >&2; fail "privtrace exited with $PT_STATUS"; }
[ ! -s "$out.stdout" ] || fail "with sinks given, nothing goes to stdout"

n=$(lines "$out")
events=$(count "$out" '.event.kind == "event"')
[ "$events" -eq "$(summary_events "$out.err")" ] ||
	fail "the file sink has $events events, the summary says $(summary_events "$out.err")"
[ "$events" -ge 900 ] || fail "expected >= 900 events (3 per denied open), got $events"
jq -e . "$out" >/dev/null || fail "the file sink holds a line that is not JSON"
expect "$out" 1 ".event.action == \"file\" and .file.path == \"$locked/ev]il\\\"\\\\\\n\\\\xff\\u009b[2J \\u202e\"" \
	"the hostile path, escaped, in the file sink"
echo "ok: the file sink has $n records, $events events, as the summary counts"

for t in udp tcp unix; do
	rs_wait "$RS/$t.log" "$n"
done
sleep 1 # nothing more must come
fac=10
for t in udp tcp unix; do
	[ "$t" = tcp ] && fac=16 || fac=10
	same_msgs "$RS/$t.log" "$out" "syslog+$t"
	header_check "$RS/$t.log" $fac "syslog+$t"
done

# rsyslog itself saw one message per record: nothing it had to cut
! grep -qi 'too long\|truncat' "$RS/rsyslogd.log" ||
	{ cat "$RS/rsyslogd.log" >&2; fail "rsyslog cut a message"; }
