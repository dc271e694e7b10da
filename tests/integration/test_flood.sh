#!/usr/bin/env bash
# A flood cannot blind the tracer. One task makes FLOOD_N denied opens (three
# events each: two capability denials, the EACCES), one of another file in
# the middle, with the default ring buffer: the kernel folds the repeats
# into repeat records, so that what was reported on its own, plus what the
# repeat records count, plus what was lost, is every event, exactly; almost
# nothing is lost; the distinct denial is reported as it happened. With
# --no-coalesce every event is on its own (and most are lost).
. "$(dirname "$0")/lib.sh"
ensure_user
N=${FLOOD_N:-300000}
secret=$(make_secret)
odd=$(make_secret odd)
offered=$((3 * N))
me='.process.name == "pthelper"'

out=$TMPD/flood.json
pt_run "$out" --denied-only -- "$PTHELPER" burst $N "$secret" $TEST_UID "$odd"
[ "$PT_STATUS" -eq 0 ] || fail "burst: every open should be EACCES, got $PT_STATUS"
single=$(count "$out" "$me and .event.kind == \"event\" and .privtrace.repeat == null")
folded=$(jq -s "[.[] | select($me and .privtrace.repeat != null) | .privtrace.repeat.count] | add // 0" "$out")
records=$(count "$out" "$me and .privtrace.repeat != null")
lost=$(sed -n 's/^privtrace: summary: .*; lost \([0-9]*\).*/\1/p' "$out.err")
summary=$(sed -n 's/^privtrace: summary: .*; coalesced \([0-9]*\) into.*/\1/p' "$out.err")
echo "offered $offered: $single on their own, $folded in $records repeat records, $lost lost"
[ $((single + folded + lost)) -eq "$offered" ] ||
	fail "on their own ($single) + folded ($folded) + lost ($lost) != offered ($offered)"
echo "ok: on their own + folded + lost == offered"
[ "${summary:-0}" -eq "$folded" ] || fail "the summary says $summary coalesced, the repeat records $folded"
[ $((lost * 100)) -le "$offered" ] || fail "$lost of $offered lost: more than 1%"
echo "ok: $lost lost (at most 1%)"
expect_exactly "$out" 1 "$me and .event.action == \"file\" and .file.path == \"$odd\"" \
	"the distinct denial in the middle, on its own"
expect "$out" 1 "$me and .event.action == \"file\" and .file.path == \"$secret\"
	and .privtrace.repeat.count > 0 and .event.start <= .event.end" "the flood's EACCES, folded"
expect_none "$out" "$me and .privtrace.repeat.count > 0 and .file.path == \"$odd\"" \
	"nothing of the odd one folded"

# the same, every event on its own: nothing folded
out=$TMPD/nofold.json
pt_run "$out" --denied-only --no-coalesce -- "$PTHELPER" burst $((N / 10)) "$secret" $TEST_UID
expect_none "$out" '.privtrace.repeat != null' "--no-coalesce: no repeat record"
grep -q '; coalesced' "$out.err" && fail "--no-coalesce: the summary speaks of coalescing"
echo "ok: --no-coalesce folds nothing"
