#!/usr/bin/env bash
# Whole-machine tracing: ready line, events from anywhere, --duration stops it,
# SIGINT stops it, and both print the summary.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/ev.json

timeout 60 "$PRIVTRACE" -o json -w "$out" -d 3 2>"$out.err" &
pid=$!
for _ in $(seq 100); do grep -q '^privtrace: tracing' "$out.err" && break; sleep 0.1; done
grep -q '^privtrace: tracing' "$out.err" || fail "no ready line"
as_user "$PTHELPER" open "$secret" || true
status=0
wait $pid || status=$?
[ "$status" -eq 0 ] || fail "--duration run exited $status"
grep -q '^privtrace: summary: .*; lost 0' "$out.err" || fail "no summary: $(cat "$out.err")"
expect "$out" 1 ".process.name == \"pthelper\" and .event.action == \"file\" and .file.path == \"$secret\"" \
	"a denial anywhere on the machine"

timeout 60 "$PRIVTRACE" -o json -w "$out" 2>"$out.err" &
pid=$!
for _ in $(seq 100); do grep -q '^privtrace: tracing' "$out.err" && break; sleep 0.1; done
kill -INT $pid
status=0
wait $pid || status=$?
[ "$status" -eq 0 ] || fail "SIGINT should end a clean run, exit $status"
grep -q '^privtrace: summary' "$out.err" || fail "no summary after SIGINT"
echo "ok: SIGINT stops with a summary"
