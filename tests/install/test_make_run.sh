#!/usr/bin/env bash
# README's main command as a pipe: `make run ARGS="-o json" | jq` reads
# privtrace's records alone (what the installing and building say is on
# stderr), and a denial made meanwhile is among them.
. "$(dirname "$0")/../integration/lib.sh"
ensure_user
secret=$(make_secret)
cd "$TOP"
out=$TMPD/run.json
make --no-print-directory run ARGS="-o json -d 4 --uid $TEST_UID" >"$out" 2>"$out.err" &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
wait_ready "$out.err"
setpriv --reuid "$TEST_UID" --regid "$TEST_UID" --clear-groups cat "$secret" 2>/dev/null && fail "cat read the secret"
wait "$pid" || fail "make run exited with $?: $(cat "$out.err")"
[ -s "$out" ] || fail "make run wrote nothing on stdout"
jq -e . "$out" >/dev/null 2>"$TMPD/jq.err" ||
	fail "make run's stdout is not JSON lines alone: $(grep -v '^{' "$out" | head -3)"
expect "$out" 1 '.event.action == "file" and .process.name == "cat" and .event.outcome == "failure"' \
	"the denial, read through make run's stdout"
