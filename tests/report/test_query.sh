#!/usr/bin/env bash
# privtrace report's filters against jq on the same recording: --pid (a
# process and its descendants), --path, --cap, --reason, --uid, --ns-uid,
# --action; each count of the report equals what jq counts in the live JSON
# written beside the capture.
. "$(dirname "$0")/../integration/lib.sh"
cap=$TMPD/q.ptcap
live=$TMPD/q.jsonl
ensure_user
secret=$(make_secret querysecret)
nobody="setpriv --reuid=$TEST_UID --regid=$TEST_UID --clear-groups"
# two trees: A (a child and a grandchild deny themselves /etc/shadow and the
# secret), B (the same, and a user namespace); A's pid written down. A's
# middle process changes its credentials (setpriv, then it is the shell): a
# record of its own, which links its children to A (a process that makes no
# record cannot be linked: the records carry parents, not forks)
cat >"$TMPD/work.sh" <<SH
sh -c 'echo \$\$ >$TMPD/a.pid; $nobody cat /etc/shadow; setpriv --reuid=0 --regid=0 --clear-groups sh -c "$nobody cat $secret; $nobody cat /etc/shadow"' &
sh -c '$nobody cat $secret; unshare -Ur cat /etc/shadow; $nobody sh -c "cat /etc/shadow"' &
wait
true
SH
timeout 120 "$PRIVTRACE" record -w "$cap" --sink "file:$live" run -- sh "$TMPD/work.sh" \
	>/dev/null 2>"$TMPD/rec.err" || { cat "$TMPD/rec.err" >&2; fail "record failed"; }
jq -c 'select(.event.kind == "event")' "$live" >"$TMPD/ev.jsonl"
apid=$(cat "$TMPD/a.pid")
set -f # the report's arguments are split on spaces below, never globbed

# counted WHAT REPORT-ARGS JQ-FILTER: events the report matches = events jq selects
counted() {
	local rep want
	rep=$("$PRIVTRACE" report -o json $2 "$cap" | jq '.report.events')
	want=$(jq -s "[.[] | select($3) | 1 + (.privtrace.repeat.count // 0)] | add // 0" "$TMPD/ev.jsonl")
	[ "$rep" -eq "$want" ] || fail "$1: the report counts $rep events, jq $want"
	[ "$want" -gt 0 ] || fail "$1: nothing to count (the scenario made no such event)"
	echo "ok: $1 ($rep events)"
}

# A's tree by the parent links the records carry, as jq closes it
tree=$(jq -s --argjson root "$apid" '
	(map({key: (.process.pid | tostring), value: .process.parent.pid}) | from_entries) as $parent |
	[.[] | .process.pid] | unique | map(select(. as $p |
		[limit(64; $p | recurse($parent[tostring] // empty))] | index($root))) ' "$TMPD/ev.jsonl")
[ "$(echo "$tree" | jq length)" -ge 2 ] || { jq -r "[.process.pid, .process.parent.pid, .process.name, .event.action] | @tsv" "$TMPD/ev.jsonl" | sort -u | head -40 >&2; fail "process A ($apid) has fewer than 2 processes in its tree: $tree"; }
counted "--pid A and its descendants" "--pid $apid" "(.process.pid as \$p | $tree | index(\$p))"
counted "--path /etc/sh*" "--path /etc/sh*" '(.file.path // "") | startswith("/etc/sh")'
counted "--path the secret" "--path $secret" ".file.path == \"$secret\""
counted "--cap CAP_DAC_READ_SEARCH" "--cap dac_read_search" '.privtrace.capability.name == "CAP_DAC_READ_SEARCH"'
counted "--reason cap_not_effective" "--reason cap_not_effective" '.privtrace.reason == "cap_not_effective"'
counted "--uid $TEST_UID" "--uid $TEST_UID" ".privtrace.host.uid == $TEST_UID or .privtrace.host.euid == $TEST_UID"
counted "--ns-uid 0 --action capability" "--ns-uid 0 --action capability" \
	'(.privtrace.ns.uid == 0 or .privtrace.ns.euid == 0) and .event.action == "capability"'
counted "--action file --outcome denied" "--action file --outcome denied" \
	'.event.action == "file" and .event.outcome == "failure"'
counted "no filter: every event" "" 'true'
n=$("$PRIVTRACE" report -o json --containers-only "$cap" | jq '.report.matched')
[ "$n" -eq 0 ] || fail "--containers-only matched $n records of a run with no container"
echo "ok: --containers-only matches nothing without containers"
