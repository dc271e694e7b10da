#!/usr/bin/env bash
# The capabilities privtrace needs, as the unit bounds it to them: README and
# privtrace(8) name the same ones; root bounded to exactly the unit's set
# traces (a denial reported, nothing said missing); without CAP_BPF it says
# so and stops; without an optional one it says what is lost and goes on.
. "$(dirname "$0")/../integration/lib.sh"
ensure_user
cd "$TOP"
unit_caps=$(sed -n 's/^CapabilityBoundingSet=//p' dist/privtrace.service)
[ -n "$unit_caps" ] || fail "dist/privtrace.service has no CapabilityBoundingSet"
for c in $unit_caps; do
	grep -q "$c" README.md || fail "README does not name $c, which the unit grants"
	grep -q "$c" docs/privtrace.8 || fail "privtrace(8) does not name $c, which the unit grants"
done
# and they say root is what it takes, not a capability or two instead of it
grep -q 'or CAP_BPF\|or the capabilities' README.md docs/privtrace.8 &&
	fail "README or privtrace(8) says capabilities could stand in for root: the loader refuses non-root"
echo "ok: README, privtrace(8) and the unit name the same capabilities: $unit_caps"

bounding() { # the setpriv bounding set of the capability names given
	local s=-all c
	for c in "$@"; do s="$s,+$(tr 'A-Z' 'a-z' <<<"${c#CAP_}")"; done
	echo "$s"
}

secret=$(make_secret)
out=$TMPD/unit.json
# shellcheck disable=SC2086
setpriv --bounding-set "$(bounding $unit_caps)" "$PRIVTRACE" -o json -w "$out" --uid "$TEST_UID" \
	2>"$out.err" &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
wait_ready "$out.err"
setpriv --reuid "$TEST_UID" --regid "$TEST_UID" --clear-groups cat "$secret" 2>/dev/null && fail "cat read the secret"
sleep 0.5
kill -INT "$pid"
wait "$pid" || fail "privtrace bounded to the unit's capabilities exited with $?: $(cat "$out.err")"
grep -q 'lacks\|^privtrace: no CAP_' "$out.err" && fail "with the unit's capabilities: $(cat "$out.err")"
expect "$out" 1 '.event.action == "file" and .event.outcome == "failure" and .process.name == "cat"
	and .user.id == "'"$TEST_UID"'" and .privtrace.reason == "mode_denies"' "bounded to the unit's set: the denial"

# shellcheck disable=SC2086
setpriv --bounding-set "$(bounding $(tr ' ' '\n' <<<"$unit_caps" | grep -v CAP_BPF))" \
	"$PRIVTRACE" -o json -w "$TMPD/nobpf.json" -d 1 2>"$TMPD/nobpf.err" && fail "ran without CAP_BPF"
grep -q '^privtrace: this root lacks CAP_BPF ' "$TMPD/nobpf.err" ||
	fail "without CAP_BPF, stderr does not say so: $(cat "$TMPD/nobpf.err")"
grep -q libbpf "$TMPD/nobpf.err" && fail "without CAP_BPF, libbpf's error instead of ours: $(cat "$TMPD/nobpf.err")"
echo "ok: without CAP_BPF: said, and stopped"

# shellcheck disable=SC2086
setpriv --bounding-set "$(bounding $(tr ' ' '\n' <<<"$unit_caps" | grep -v CAP_SYSLOG))" \
	"$PRIVTRACE" -o json -w "$TMPD/nosyslog.json" -d 1 2>"$TMPD/nosyslog.err" ||
	fail "without CAP_SYSLOG it did not run: $(cat "$TMPD/nosyslog.err")"
grep -q '^privtrace: no CAP_SYSLOG: .*noise filter' "$TMPD/nosyslog.err" ||
	fail "without CAP_SYSLOG, stderr does not say what is lost: $(cat "$TMPD/nosyslog.err")"
echo "ok: without CAP_SYSLOG: what is lost said, and traced"
