#!/usr/bin/env bash
# The kernel-side filters: --denied-only, --uid and --all-caps, each against
# the same workload with a granted and a denied access in it.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
theirs=$(make_secret theirs)
chown $TEST_UID:$TEST_UID "$theirs"
# root opens the user's file (granted by CAP_DAC_*), then the user is
# denied root's file (util-linux setpriv by path: busybox sh would run its own)
work=(sh -c "\"\$0\" open \"\$1\"; \"\$3\" --reuid $TEST_UID --regid $TEST_UID --clear-groups \"\$0\" open \"\$2\"; :"
	"$PTHELPER" "$theirs" "$secret" "$(command -v setpriv)")

out=$TMPD/all.json
pt_run "$out" -- "${work[@]}"
expect "$out" 1 '.event.outcome == "success" and .file.path == "'"$theirs"'"' "unfiltered: root's granted check"
expect "$out" 1 '.event.outcome == "failure" and .file.path == "'"$secret"'"' "unfiltered: the user's denials"

out=$TMPD/denied.json
pt_run "$out" --denied-only -- "${work[@]}"
expect_none "$out" '.event.kind == "event" and .event.outcome == "success"' "--denied-only: nothing that succeeded"
expect_exactly "$out" 1 '.event.action == "file" and .file.path == "'"$secret"'" and .privtrace.errno == "EACCES"' \
	"--denied-only: the user's EACCES"
expect_exactly "$out" 2 '.event.action == "capability" and .file.path == "'"$secret"'"' \
	"--denied-only: the user's two capability denials"

# --uid: only tasks whose host real or effective uid is the user's: not
# root's open, nor setpriv's work before it switched
out=$TMPD/uid.json
pt_run "$out" --uid $TEST_UID -- "${work[@]}"
expect_none "$out" ".event.kind == \"event\" and .privtrace.host.uid != $TEST_UID
	and .privtrace.host.euid != $TEST_UID" "--uid $TEST_UID: no task without that real or effective uid"
expect_none "$out" '.file.path == "'"$theirs"'"' "--uid $TEST_UID: not root's open"
expect_exactly "$out" 1 '.event.action == "file" and .file.path == "'"$secret"'"' "--uid $TEST_UID: the user's denial"
# the real uid alone is enough: a setuid-root binary run by the user (uid
# 4242, euid 0) is still that user. Only where the setuid bit works.
if ! findmnt -no OPTIONS -T "$TMPD" | grep -qw nosuid; then
	install -o root -g root -m 4755 "$PTHELPER" "$TMPD/suid-open"
	pt_run "$out" --uid $TEST_UID -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups \
		"$TMPD/suid-open" open "$theirs"
	[ "$PT_STATUS" -eq 0 ] || fail "the setuid-root open should succeed, got $PT_STATUS"
	expect "$out" 1 ".process.name == \"suid-open\" and .event.action == \"capability\"
		and .privtrace.host.uid == $TEST_UID and .privtrace.host.euid == 0
		and .file.path == \"$theirs\"" "--uid $TEST_UID: real uid $TEST_UID, effective 0"
fi

# --all-caps: the capability checks hidden as noise appear. do_task_stat()
# asks for CAP_SYS_PTRACE when a user reads root's /proc/PID/stat (to
# decide whether to show kernel addresses); every capability hook sees that
# one. The memory accounting's CAP_SYS_ADMIN on each mmap is hidden too.
sleep 120 &
rootproc=$!
cleanup_hooks+=("kill $rootproc 2>/dev/null")
stat=/proc/$rootproc/stat
out=$TMPD/quiet.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" read $stat
[ "$PT_STATUS" -eq 0 ] || fail "reading $stat failed: $PT_STATUS"
expect_none "$out" '.privtrace.capability.name == "CAP_SYS_PTRACE"' "default: /proc/PID/stat's check hidden"
expect_none "$out" '.privtrace.capability.name == "CAP_SYS_ADMIN"' "default: memory-accounting checks hidden"
out=$TMPD/noisy.json
pt_run "$out" --all-caps -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" read $stat
expect "$out" 1 '.process.name == "pthelper" and .privtrace.capability.name == "CAP_SYS_PTRACE"
	and .event.outcome == "failure" and .privtrace.host.euid == '$TEST_UID \
	"--all-caps: /proc/PID/stat's CAP_SYS_PTRACE shown"

# the noise filter hides the overcommit check, never a real CAP_SYS_ADMIN
# check: a user's sethostname is refused and reported, beside mmaps
out=$TMPD/real.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" sethostname
[ "$PT_STATUS" -eq 1 ] || fail "sethostname as a user should fail with EPERM (1), got $PT_STATUS"
expect_exactly "$out" 1 '.process.name == "pthelper" and .privtrace.capability.name == "CAP_SYS_ADMIN"
	and .event.outcome == "failure"' "default: a real CAP_SYS_ADMIN denial is shown"

# ... and so when another tracer joins the same hook later: a second
# privtrace adds its program to the capability hook, and the stack below
# the first one's program is no longer what it was when it calibrated
out=$TMPD/beside.json
"$PRIVTRACE" -o json -w "$out" --uid $TEST_UID >/dev/null 2>"$TMPD/first.err" &
first=$!
cleanup_hooks+=("kill -INT $first 2>/dev/null; wait $first 2>/dev/null")
wait_ready "$TMPD/first.err"
"$PRIVTRACE" -o json -w /dev/null >/dev/null 2>"$TMPD/second.err" &
second=$!
cleanup_hooks+=("kill -INT $second 2>/dev/null; wait $second 2>/dev/null")
wait_ready "$TMPD/second.err"
as_user "$PTHELPER" read $stat || fail "reading $stat beside a second tracer failed"
as_user "$PTHELPER" sethostname && fail "sethostname as a user succeeded"
kill -INT $second
wait $second || true
kill -INT $first
wait $first || true
expect_exactly "$out" 1 '.process.name == "pthelper" and .privtrace.capability.name == "CAP_SYS_ADMIN"' \
	"a second tracer joined: the real CAP_SYS_ADMIN denial shown, the memory accounting's still hidden"
