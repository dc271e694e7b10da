#!/usr/bin/env bash
# Whole-machine tracing: ready line, events from anywhere, --duration stops it
# after tracing for that long, SIGINT stops it, and each prints the summary.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/ev.json

# traced CMD: privtrace's stderr lines into FILE as they come, and each with
# the time it arrived (microseconds) into FILE.ts, then "exit STATUS"
stamped() {
	local file=$1 l
	shift
	{ "$@" 2>&1 >/dev/null; echo "exit $?"; } | while IFS= read -r l; do
		printf '%s %s\n' "${EPOCHREALTIME//[.,]/}" "$l" >>"$file.ts"
		printf '%s\n' "$l" >>"$file"
	done
}
# milliseconds between the ready line and the summary line in FILE.ts
traced_ms() {
	awk '$2 == "privtrace:" && $3 == "tracing" { r = $1 }
	     $2 == "privtrace:" && $3 == "summary:" { s = $1 }
	     END { if (r && s) print int((s - r) / 1000); else print -1 }' "$1.ts"
}
exit_of() {
	sed -n 's/^exit \([0-9]*\)$/\1/p' "$1"
}

# -d 3 with -w: a denial made while it runs is reported, then it stops by
# itself, having traced for the 3 seconds asked (not fewer)
stamped "$out.err" timeout 60 "$PRIVTRACE" -o json -w "$out" -d 3 &
pid=$!
wait_ready "$out.err"
as_user "$PTHELPER" open "$secret" || true
wait $pid || true
[ "$(exit_of "$out.err")" = 0 ] || fail "--duration run: $(cat "$out.err")"
grep -q '^privtrace: summary: .*; lost 0' "$out.err" || fail "no summary: $(cat "$out.err")"
expect "$out" 1 ".process.name == \"pthelper\" and .event.action == \"file\" and .file.path == \"$secret\"" \
	"a denial anywhere on the machine"
ms=$(traced_ms "$out.err")
# 250 ms of slack for this shell being scheduled late on a loaded machine
[ "$ms" -ge 2750 ] || fail "-d 3 traced for $ms ms between its ready line and its summary"
echo "ok: -d 3 traced for $ms ms"

# -d 1 alone, events on stdout: it stops by itself, in about a second plus
# load and teardown (bounded loosely: CI machines and emulated guests are slow)
t0=$(date +%s%N)
stamped "$TMPD/d1.err" timeout 60 "$PRIVTRACE" -o json -d 1
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$(exit_of "$TMPD/d1.err")" = 0 ] || fail "-d 1 after $ms ms: $(cat "$TMPD/d1.err")"
[ "$ms" -le 20000 ] || fail "-d 1 took $ms ms to stop"
grep -q '^privtrace: tracing' "$TMPD/d1.err" || fail "-d 1: no ready line"
grep -q '^privtrace: summary: [0-9]* events.*; lost [0-9]' "$TMPD/d1.err" ||
	fail "-d 1: no summary: $(cat "$TMPD/d1.err")"
traced=$(traced_ms "$TMPD/d1.err")
[ "$traced" -ge 750 ] || fail "-d 1 traced for $traced ms between its ready line and its summary"
echo "ok: -d 1 traced for $traced ms and stopped by itself, $ms ms after it started"
# stdout: JSON Lines (the whole machine may be busy: one jq pass)
timeout 60 "$PRIVTRACE" -o json -d 1 >"$TMPD/d1.json" 2>/dev/null || fail "-d 1 to stdout failed"
jq -e -s 'all(type == "object")' "$TMPD/d1.json" >/dev/null || fail "-d 1: stdout is not JSON objects"
[ "$(jq -c . "$TMPD/d1.json" | wc -l)" -eq "$(wc -l <"$TMPD/d1.json")" ] || fail "-d 1: not one object per line"
echo "ok: -d 1 on stdout: $(wc -l <"$TMPD/d1.json") records, one per line"

timeout 60 "$PRIVTRACE" -o json -w "$out" 2>"$out.err" &
pid=$!
wait_ready "$out.err"
kill -INT $pid
status=0
wait $pid || status=$?
[ "$status" -eq 0 ] || fail "SIGINT should end a clean run, exit $status"
grep -q '^privtrace: summary' "$out.err" || fail "no summary after SIGINT"
echo "ok: SIGINT stops with a summary"
