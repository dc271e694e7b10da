#!/usr/bin/env bash
# The investigator's question, asked of a recording: `privtrace record` runs
# on the whole machine (a capture, and the live JSON through --sink file:)
# while containers on both daemons and users on the host are granted and
# denied; `privtrace report` must count what jq counts in the live JSON of
# the same run: per container and the host, per action and outcome, per
# uid; in a time window, for one container, for denials only; from the
# capture and from the JSON lines (plain and gzip'd) alike. The timeline's
# JSON is the live JSON, byte for byte.
. "$(dirname "$0")/lib.sh"
cap=$TMPD/incident.ptcap
live=$TMPD/live.jsonl
user=pt-report-user-$$
root=pt-report-root-$$
remapped=pt-report-remap-$$
secret=$(make_secret reportsecret)
ensure_user
hostdir=$TMPD/hostdir
mkdir "$hostdir"
echo x >"$hostdir/file"

"$PRIVTRACE" record -w "$cap" --sink "file:$live" --docker-socket "$(ct_sock plain)" \
	--docker-socket "$(ct_sock remap)" 2>"$TMPD/rec.err" &
PT_PID=$! PT_OUT=$TMPD/rec
cleanup_hooks+=("pt_stop_quiet")
wait_ready "$TMPD/rec.err"

ct_start plain "$user" --user "$CT_APPUID:$CT_APPUID" -v "$secret:/data/secret:ro"
ct_exec plain "$user" cat /data/secret
[ "$CT_STATUS" -ne 0 ] || fail "uid $CT_APPUID could read /data/secret"
ct_start plain "$root" -v "$secret:/data/secret:ro"
ct_exec plain "$root" cat /data/secret
ct_start remap "$remapped" -v "$hostdir:/hostdir"
ct_exec remap "$remapped" rm /hostdir/file
[ "$CT_STATUS" -ne 0 ] || fail "remapped root removed the host's file"
for _ in 1 2 3; do
	as_user cat /etc/shadow >/dev/null 2>&1 || true
	setpriv --reuid=65534 --regid=65534 --clear-groups cat /etc/shadow >/dev/null 2>&1 || true
done
ct_exec plain "$user" cat /data/secret
pt_stop
ct_rm plain "$user" "$root"
ct_rm remap "$remapped"
[ -s "$cap" ] || fail "no capture written"
grep -q '^privtrace: tracing' "$TMPD/rec.err" || fail "no ready line"

events=$TMPD/events.jsonl
jq -c 'select(.event.kind == "event")' "$live" >"$events"
n=$(wc -l <"$events")
[ "$n" -ge 20 ] || fail "only $n events recorded"
gzip -c "$live" >"$TMPD/live.jsonl.gz"

# report_counts ARGS...: "group action granted denied" lines of the summary
report_counts() {
	local st=0
	"$PRIVTRACE" report -o json "$@" >"$TMPD/rep.out" 2>"$TMPD/rep.err" || st=$?
	[ "$st" -eq 0 ] || { cat "$TMPD/rep.err" >&2; fail "report $* exited with $st"; }
	jq -r '.groups[] | (.container.id // "host") as $g | .actions[] |
		"\($g) \(.action) \(.granted) \(.denied)"' "$TMPD/rep.out" | sort
}

# jq_counts JQ-FILTER: the same lines from the live events the filter keeps
jq_counts() {
	jq -rs "[.[] | select($1)] | group_by([(.container.id // \"host\"), .event.action]) | .[] |
		[(.[0].container.id // \"host\"), .[0].event.action,
		 ([.[] | select(.event.outcome == \"success\") | 1 + (.privtrace.repeat.count // 0)] | add // 0),
		 ([.[] | select(.event.outcome == \"failure\") | 1 + (.privtrace.repeat.count // 0)] | add // 0)]
		| map(tostring) | join(\" \")" "$events" | sort
}

# same WHAT REPORT-LINES JQ-LINES
same() {
	if [ "$2" != "$3" ]; then
		diff <(echo "$2") <(echo "$3") >&2 || true
		fail "$1: the report's counts differ from jq's (< report, > jq)"
	fi
	[ -n "$2" ] || fail "$1: nothing counted"
	echo "ok: $1 ($(echo "$2" | wc -l) rows)"
}

all=$(jq_counts true)
same "whole run, from the capture" "$(report_counts "$cap")" "$all"
same "whole run, from the JSON lines" "$(report_counts "$live")" "$all"
same "whole run, from the gzip'd JSON lines" "$(report_counts "$TMPD/live.jsonl.gz")" "$all"
groups=$(echo "$all" | awk '{print $1}' | sort -u | wc -l)
[ "$groups" -ge 4 ] || fail "expected the host and 3 containers, got $groups groups"

same "denied only" "$(report_counts --outcome denied "$cap")" "$(jq_counts '.event.outcome == "failure"')"
uid_id=$(jq -rs "map(select(.container.name == \"$user\"))[0].container.id // empty" "$events")
[ -n "$uid_id" ] || fail "no record names $user"
same "one container by name" "$(report_counts --container "$user" "$cap")" \
	"$(jq_counts ".container.id == \"$uid_id\"")"
same "one container by id prefix" "$(report_counts --container "${uid_id:0:12}" "$live")" \
	"$(jq_counts ".container.id == \"$uid_id\"")"

# a window: from the third of the events to two thirds, as RFC 3339 times
t1=$(sed -n "$((n / 3))p" "$events" | jq -r '."@timestamp"')
t2=$(sed -n "$((2 * n / 3))p" "$events" | jq -r '."@timestamp"')
same "time window $t1 .. $t2" "$(report_counts --since "$t1" --until "$t2" "$cap")" \
	"$(jq_counts ".\"@timestamp\" >= \"$t1\" and .\"@timestamp\" < \"$t2\"")"

# uids: the host's view, with the outcome
rep_uids=$("$PRIVTRACE" report --by uid,outcome -o json "$cap" | jq -r '"\(.uid) \(.outcome) \(.events)"' | sort)
jq_uids=$(jq -rs 'group_by([.user.id, .event.outcome]) | .[] |
	"\(.[0].user.id) \(if .[0].event.outcome == "success" then "granted" else "denied" end) \([.[] | 1 + (.privtrace.repeat.count // 0)] | add)"' "$events" | sort)
same "by host uid and outcome" "$rep_uids" "$jq_uids"
echo "$rep_uids" | grep -q "^$TEST_UID denied " || fail "no denial of uid $TEST_UID counted"
echo "$rep_uids" | grep -q "^65534 denied " || fail "no denial of uid 65534 counted"

# the timeline's JSON is the live JSON, byte for byte, from either input, in
# time order (the live stream is in the order events were read: CPUs and a
# container's first events held for its name put some out of time order)
# (sorted by @timestamp, then event.sequence, the lines themselves untouched)
sed -E 's/^\{"@timestamp":"([^"]+)".*"sequence":([0-9]+).*/\1 \2\t&/' "$events" |
	LC_ALL=C sort -s -t ' ' -k1,1 -k2,2n | cut -f2- >"$TMPD/by_time.json"
cmp -s "$TMPD/by_time.json" "$events" || echo "note: the live stream had records out of time order"
"$PRIVTRACE" report --timeline -o json "$cap" >"$TMPD/tl.json"
cmp "$TMPD/tl.json" "$TMPD/by_time.json" || fail "report --timeline -o json of the capture differs from the live JSON"
"$PRIVTRACE" report --timeline -o json "$TMPD/live.jsonl.gz" >"$TMPD/tl2.json"
cmp "$TMPD/tl2.json" "$TMPD/by_time.json" || fail "report --timeline -o json of the JSON lines differs from them"
echo "ok: the timeline is the live JSON, byte for byte ($n records)"

# the summary for people names the containers and what was denied to them
"$PRIVTRACE" report "$cap" >"$TMPD/summary.txt"
grep -q "container $user " "$TMPD/summary.txt" || fail "the summary does not name $user"
grep -q "/data/secret" "$TMPD/summary.txt" || fail "the summary does not list the denied /data/secret"
grep -q "owner_unmapped" "$TMPD/summary.txt" || fail "the summary does not give the remapped rm's reason"
grep -q "WARNING: its root is host root" "$TMPD/summary.txt" || fail "the plain daemon's root is not called host root"
echo "ok: the summary names containers, denied paths and reasons"
