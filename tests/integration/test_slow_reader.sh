#!/usr/bin/env bash
# `run` into a pipe whose reader is slow: privtrace blocks in a write while
# the command exits (SIGCHLD arrives). Nothing is lost, no write fails, and
# the exit status is the command's.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/slow.json
status=0
timeout 120 "$PRIVTRACE" -o json run -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups \
	bash -c "for i in \$(seq 300); do cat '$secret' 2>/dev/null; done; exit 3" \
	2>"$TMPD/err" | { sleep 3; cat >"$out"; } || status=${PIPESTATUS[0]}
grep -q '^privtrace: summary' "$TMPD/err" || { cat "$TMPD/err" >&2; fail "no summary"; }
! grep -q 'writing events failed' "$TMPD/err" || { cat "$TMPD/err" >&2; fail "a write failed"; }
[ "$status" -eq 3 ] || { cat "$TMPD/err" >&2; fail "exit status should be the command's (3), got $status"; }
events=$(sed -n 's/^privtrace: summary: \([0-9]*\) events.*/\1/p' "$TMPD/err")
records=$(count "$out" '.event.kind == "event"')
[ "$records" -eq "$events" ] || fail "the summary counts $events events, the pipe got $records"
expect "$out" 300 '.process.name == "cat" and .event.action == "file" and .event.outcome == "failure"' \
	"every denied cat, through the slow pipe"
