#!/usr/bin/env bash
# Loss accounting is exact: with a 4 KiB ring buffer a burst of denials
# overflows it, and what arrived plus what was counted lost is every event
# the burst caused (--no-coalesce: every event on its own; the folding of
# floods has test_flood.sh). Each denied open causes exactly three (CAP_DAC_READ_SEARCH
# and CAP_DAC_OVERRIDE denied, then EACCES): checked first with no loss.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/ev.json

# --denied-only: the burst's own setuid (granted) reports nothing, so every
# record comes from the denied opens. 64 MiB holds all 3000 however slow the
# reader (a guest under emulation is).
pt_run "$out" --denied-only --no-coalesce --ringbuf-kb 65536 -- "$PTHELPER" burst 1000 "$secret" $TEST_UID
[ "$PT_STATUS" -eq 0 ] || fail "burst failed: $PT_STATUS"
n=$(count "$out" '.event.kind == "event"')
[ "$n" -eq 3000 ] || { show "$out"; fail "expected 3 events per denied open (3000), got $n"; }
grep -q 'lost 0$' "$out.err" || fail "no loss expected with a 64 MiB ring buffer: $(cat "$out.err")"
echo "ok: 3 events per denied open, none lost"

N=20000
out=$TMPD/lost.json
pt_run "$out" --denied-only --no-coalesce --ringbuf-kb 4 -- "$PTHELPER" burst $N "$secret" $TEST_UID
[ "$PT_STATUS" -eq 0 ] || fail "burst failed: $PT_STATUS"
got=$(count "$out" '.event.kind == "event"')
lost=$(jq -s '[.[] | select(.event.action == "lost") | .privtrace.lost.events] | add // 0' "$out")
total=$(jq -s '[.[] | select(.event.action == "lost") | .privtrace.lost.total] | max // 0' "$out")
summary_lost=$(sed -n 's/^privtrace: summary: .*; lost \([0-9]*\).*/\1/p' "$out.err")
files=$(count "$out" '.event.action == "file" and .process.name == "pthelper" and .privtrace.errno == "EACCES"')
echo "received $got ($files file denials), lost records $lost (total $total), summary lost $summary_lost"
[ "$lost" -gt 0 ] || fail "a 4 KiB ring buffer should overflow under $N denials"
[ "$lost" -eq "$total" ] || fail "lost records ($lost) do not add up to their total ($total)"
# every loss record: a metric, its total the running sum of the events so far
jq -s -e '[.[] | select(.event.action == "lost")] as $l
	| all($l[]; .event.kind == "metric" and (.privtrace.lost.events | type) == "number"
		and .privtrace.lost.events > 0 and (.privtrace.lost.total | type) == "number")
	and all(range(0; $l | length); . as $i
		| $l[$i].privtrace.lost.total == ([$l[0:$i + 1][].privtrace.lost.events] | add))' "$out" >/dev/null ||
	{ jq -c 'select(.event.action == "lost")' "$out" | head; fail "loss records are not consistent metrics"; }
[ "$(count "$out" '.event.kind == "metric" and .event.action != "health"')" -eq "$(count "$out" '.event.action == "lost"')" ] ||
	fail "metric records that are neither loss nor health records"
[ "$summary_lost" = "$total" ] || fail "summary says lost $summary_lost, records say $total"
[ $((got + lost)) -eq $((3 * N)) ] || fail "received $got + lost $lost != $((3 * N)) events caused"
grep -q "events lost (ring buffer full" "$out.err" || fail "no loss line on stderr"
echo "ok: received + lost == $((3 * N))"
