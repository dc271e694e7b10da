#!/usr/bin/env bash
# Group changes: root's setgroups and setgid succeed with CAP_SETGID granted;
# setgid(0) by the user is refused with CAP_SETGID denied.
. "$(dirname "$0")/lib.sh"
ensure_user
me='.process.name == "pthelper"'
hook=$(sys_hook)
syshook=$hook
uses_lsm credentials && hook=lsm/task_fix_setgid

out=$TMPD/setgid.json
pt_run "$out" -- "$PTHELPER" setgid $TEST_UID
[ "$PT_STATUS" -eq 0 ] || fail "root setgid failed: $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setgid\" and .privtrace.syscall == \"setgid\"
	and .event.outcome == \"success\" and .event.category == [\"iam\"]
	and .event.type == [\"change\",\"group\"] and .privtrace.ret == 0 and .privtrace.args == [$TEST_UID]
	and .privtrace.host.egid == 0 and .privtrace.new.host.egid == $TEST_UID
	and .privtrace.new.host.gid == $TEST_UID and .privtrace.new.host.sgid == $TEST_UID
	and .privtrace.new.ns.egid == $TEST_UID and .privtrace.new.host.euid == 0
	and .privtrace.hook == \"$hook\"" "root setgid -> $TEST_UID ($hook)"
expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.name == \"CAP_SETGID\"
	and .privtrace.capability.id == 6 and .event.outcome == \"success\"
	and .privtrace.syscall == \"setgid\"" "CAP_SETGID granted in setgid"

# setgroups: args is the count; the LSM hook for it exists only on newer kernels
out=$TMPD/setgroups.json
pt_run "$out" -- "$PTHELPER" setgroups $TEST_UID 100
[ "$PT_STATUS" -eq 0 ] || fail "root setgroups failed: $PT_STATUS"
ghook=".privtrace.hook == \"$syshook\""
uses_lsm credentials && ghook="(.privtrace.hook | IN(\"$syshook\", \"lsm/task_fix_setgroups\"))"
expect_exactly "$out" 1 "$me and .event.action == \"setgroups\" and .privtrace.syscall == \"setgroups\"
	and .event.outcome == \"success\" and .event.type == [\"change\",\"group\"]
	and .privtrace.args == [2] and .privtrace.ret == 0
	and $ghook" "root setgroups of 2 groups"
expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.name == \"CAP_SETGID\"
	and .event.outcome == \"success\" and .privtrace.syscall == \"setgroups\"" "CAP_SETGID granted in setgroups"

out=$TMPD/user.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" setgid 0
[ "$PT_STATUS" -eq 1 ] || fail "setgid(0) as user should fail with EPERM (1), got $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setgid\" and .event.outcome == \"failure\"
	and .privtrace.errno == \"EPERM\" and .privtrace.ret == -1 and .privtrace.args == [0]
	and .privtrace.host.egid == $TEST_UID and .privtrace.new.host.egid == $TEST_UID
	and .privtrace.hook == \"$syshook\"" "refused setgid(0)"
expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.name == \"CAP_SETGID\"
	and .event.outcome == \"failure\" and .privtrace.errno == \"EPERM\"
	and .privtrace.syscall == \"setgid\"" "CAP_SETGID denied"
