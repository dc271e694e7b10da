#!/usr/bin/env bash
# setuid from root to a user succeeds; setuid(0) and setfsuid(0) by the user are refused.
. "$(dirname "$0")/lib.sh"
ensure_user
out=$TMPD/root.json
me='.process.name == "pthelper"'
# with the BPF LSM the committed credentials come from lsm/task_fix_setuid
hook=$(sys_hook)
syshook=$hook
uses_lsm credentials && hook=lsm/task_fix_setuid

pt_run "$out" -- "$PTHELPER" setuid $TEST_UID
[ "$PT_STATUS" -eq 0 ] || fail "root setuid failed: $PT_STATUS"
expect "$out" 1 "$me and .event.action == \"setuid\" and .privtrace.syscall == \"setuid\"
	and .event.outcome == \"success\" and .privtrace.ret == 0 and .privtrace.args == [$TEST_UID]
	and .privtrace.host.euid == 0 and .privtrace.new.host.euid == $TEST_UID
	and .privtrace.new.host.uid == $TEST_UID and .privtrace.new.ns.euid == $TEST_UID
	and .event.category == [\"iam\"] and .privtrace.hook == \"$hook\"" "root -> $TEST_UID ($hook)"
expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.name == \"CAP_SETUID\"
	and .event.outcome == \"success\" and .privtrace.syscall == \"setuid\"" "CAP_SETUID granted"

# setresuid(-1, uid, -1): only the effective id changes; -1 shown as 4294967295
out=$TMPD/resuid.json
pt_run "$out" -- "$PTHELPER" setresuid 4294967295 $TEST_UID 4294967295
[ "$PT_STATUS" -eq 0 ] || fail "root setresuid failed: $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setuid\" and .privtrace.syscall == \"setresuid\"
	and .event.outcome == \"success\" and .event.type == [\"change\",\"user\"]
	and .privtrace.args == [4294967295, $TEST_UID, 4294967295]
	and .privtrace.new.host.uid == 0 and .privtrace.new.host.euid == $TEST_UID
	and .privtrace.new.host.suid == 0 and .privtrace.new.host.fsuid == $TEST_UID
	and .privtrace.hook == \"$hook\"" "setresuid(-1, $TEST_UID, -1)"

out=$TMPD/user.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" setuid 0
[ "$PT_STATUS" -eq 1 ] || fail "setuid(0) as user should fail with EPERM (1), got $PT_STATUS"
expect "$out" 1 "$me and .event.action == \"setuid\" and .event.outcome == \"failure\"
	and .privtrace.errno == \"EPERM\" and .privtrace.ret == -1 and .privtrace.args == [0]
	and .privtrace.host.euid == $TEST_UID and .privtrace.new.host.euid == $TEST_UID
	and .privtrace.hook == \"$syshook\"" "refused setuid(0)"
expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.name == \"CAP_SETUID\"
	and .event.outcome == \"failure\" and .privtrace.syscall == \"setuid\"" "CAP_SETUID denied"

out=$TMPD/fs.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" setfsuid 0
[ "$PT_STATUS" -eq 1 ] || fail "setfsuid(0) as user should not stick, got $PT_STATUS"
expect "$out" 1 "$me and .event.action == \"setuid\" and .privtrace.syscall == \"setfsuid\"
	and .privtrace.args == [0] and .event.outcome == \"failure\"
	and .privtrace.new.host.fsuid == $TEST_UID" "silently refused setfsuid(0) reported as failure"

# setresuid with garbage in the upper half of the syscall number: refused by
# a user, granted to root, reported both times as setresuid
out=$TMPD/hibits-user.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups \
	"$PTHELPER" hibits-setresuid 0 0 0
[ "$PT_STATUS" -eq 1 ] || fail "high-bits setresuid(0,0,0) as user should fail with EPERM, got $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setuid\" and .privtrace.syscall == \"setresuid\"
	and .event.outcome == \"failure\" and .privtrace.args == [0,0,0]" "high-bits setresuid refused"
out=$TMPD/hibits-root.json
pt_run "$out" -- "$PTHELPER" hibits-setresuid $TEST_UID $TEST_UID $TEST_UID
[ "$PT_STATUS" -eq 0 ] || fail "high-bits setresuid as root failed: $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setuid\" and .privtrace.syscall == \"setresuid\"
	and .event.outcome == \"success\" and .privtrace.new.host.uid == $TEST_UID" "high-bits setresuid granted"
