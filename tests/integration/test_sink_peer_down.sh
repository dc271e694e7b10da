#!/usr/bin/env bash
# A --sink whose peer never answers (nothing listens on 127.0.0.1:1): stderr
# says so at once, the table's HEALTH lines say how many records wait for it,
# and the summary's "dropped by sinks" is the last HEALTH line's dropped plus
# what was still queued after it (the last health record itself among them):
# the two never disagree.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/table.txt

"$PRIVTRACE" -o text -w "$out" --sink syslog+tcp://127.0.0.1:1 --health-interval 1 \
	run -- "$PTHELPER" burst 5 "$secret" $TEST_UID 2>"$out.err"
rc=$?
[ "$rc" -eq 0 ] || fail "privtrace run failed ($rc): $(cat "$out.err")"
grep -q '^privtrace: --sink syslog+tcp://127.0.0.1:1: cannot connect: Connection refused; ' "$out.err" ||
	fail "stderr does not say the peer cannot be reached: $(cat "$out.err")"
[ "$(grep -c 'cannot connect' "$out.err")" -eq 1 ] || fail "said more than once: $(cat "$out.err")"

last=$(grep ' HEALTH ' "$out" | tail -1)
[ -n "$last" ] || fail "no HEALTH line in the table: $(cat "$out")"
d=$(sed -n 's/.* \([0-9]*\) dropped by sinks.*/\1/p' <<<"$last")
q=$(sed -n 's/.*, \([0-9]*\) queued for them$/\1/p' <<<"$last")
[ -n "$d" ] && [ -n "$q" ] || fail "the last HEALTH line does not say dropped and queued: $last"
[ "$q" -gt 0 ] || fail "records for a peer that never answered are not queued: $last"
summary=$(grep '^privtrace: summary:' "$out.err")
n=$(sed -n 's/.*; dropped by sinks \([0-9]*\) (\([0-9]*\) of them queued after the last health record.*/\1/p' <<<"$summary")
m=$(sed -n 's/.*; dropped by sinks \([0-9]*\) (\([0-9]*\) of them queued after the last health record.*/\2/p' <<<"$summary")
[ -n "$n" ] && [ -n "$m" ] || fail "the summary does not say what the sink dropped and why: $summary"
echo "last HEALTH: $d dropped, $q queued; summary: dropped by sinks $n, $m of them queued after it"
[ "$n" -eq $((d + m)) ] || fail "summary's $n is not the last HEALTH line's $d dropped + $m queued after it"
[ "$m" -eq $((q + 1)) ] || fail "queued after the last health record ($m) is not its $q + itself"
events=$(sed -n 's/^privtrace: summary: \([0-9]*\) events.*/\1/p' <<<"$summary")
[ "$events" -ge 15 ] || fail "5 denied opens should make at least 15 events: $summary"
echo "ok: the summary and the last HEALTH line agree"
