#!/usr/bin/env bash
# `run --` follows the command's forks in the kernel and nothing else, and
# exits with the command's status.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
outsider=$TMPD/outsider
cp "$PTHELPER" "$outsider"
chmod 0755 "$outsider"
out=$TMPD/ev.json

# a process outside the tree doing the same thing the whole time
( end=$((SECONDS + 60)); while [ $SECONDS -lt $end ]; do
	as_user "$outsider" open "$secret" || true; sleep 0.05; done ) &
loop=$!
cleanup_hooks+=("kill $loop 2>/dev/null")

pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups \
	sh -c "( sleep 0.5; \"$PTHELPER\" open \"$secret\" ) & wait"
kill $loop 2>/dev/null || true
expect "$out" 1 ".process.name == \"pthelper\" and .event.action == \"file\" and .file.path == \"$secret\"" \
	"the grandchild's denial"
expect_none "$out" '.process.name == "outsider"' "nothing from outside the tree"

pt_run "$out" -- sh -c 'exit 7'
[ "$PT_STATUS" -eq 7 ] || fail "exit status should be the command's 7, got $PT_STATUS"
echo "ok: exit status passed through"

pt_run "$out" -- "$TMPD/does-not-exist"
[ "$PT_STATUS" -eq 127 ] || fail "a missing command should give 127, got $PT_STATUS"
grep -q "cannot run $TMPD/does-not-exist" "$out.err" || fail "no clear message for a missing command"
echo "ok: missing command reported"
