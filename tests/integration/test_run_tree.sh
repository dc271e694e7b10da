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

# a process outside the tree doing the same thing the whole time; each try
# leaves a mark, so we know it really ran while privtrace traced
marks=$TMPD/outsider.marks
: >"$marks"
( end=$((SECONDS + 60)); while [ $SECONDS -lt $end ]; do
	as_user "$outsider" open "$secret" || echo x >>"$marks"; sleep 0.05; done ) &
loop=$!
cleanup_hooks+=("kill $loop 2>/dev/null")

# sh (pid printed) -> background job, exec'ing an inner sh -> pthelper: the
# denial comes from a grandchild of the command, two forks below it ("; :"
# keeps the inner sh from exec'ing pthelper in its own place)
before=$(wc -l <"$marks")
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups \
	sh -c "echo \$\$; sh -c 'sleep 0.5; \"\$0\" open \"\$1\"; :' \"$PTHELPER\" \"$secret\" & wait"
after=$(wc -l <"$marks")
kill $loop 2>/dev/null || true
[ "$PT_STATUS" -eq 0 ] || fail "the command should exit 0, got $PT_STATUS"
[ $((after - before)) -ge 3 ] || fail "the outsider did not run during the trace ($before -> $after tries)"
echo "ok: the outsider was denied $((after - before)) times meanwhile"
top=$(head -1 "$out.stdout")
expect_exactly "$out" 1 ".process.name == \"pthelper\" and .event.action == \"file\"
	and .file.path == \"$secret\" and .privtrace.errno == \"EACCES\"" "the grandchild's denial"
ppid=$(jq -r 'select(.process.name == "pthelper" and .event.action == "file") | .process.parent.pid' "$out")
pid=$(jq -r 'select(.process.name == "pthelper" and .event.action == "file") | .process.pid' "$out")
[ "$ppid" != "$top" ] && [ "$pid" != "$top" ] ||
	fail "pthelper (pid $pid, parent $ppid) should be below the command's shell ($top), not its child"
echo "ok: pthelper $pid, parent $ppid, is not a child of the command's shell $top"
expect_none "$out" '.process.name == "outsider"' "nothing from outside the tree"

pt_run "$out" -- sh -c 'exit 7'
[ "$PT_STATUS" -eq 7 ] || fail "exit status should be the command's 7, got $PT_STATUS"
echo "ok: exit status passed through"

pt_run "$out" -- "$TMPD/does-not-exist"
[ "$PT_STATUS" -eq 127 ] || fail "a missing command should give 127, got $PT_STATUS"
grep -q "cannot run $TMPD/does-not-exist" "$out.err" || fail "no clear message for a missing command"
echo "ok: missing command reported"
