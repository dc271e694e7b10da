#!/usr/bin/env bash
# An unprivileged user denied a root-only file: the capability denials and the
# EACCES, each with the syscall and the path.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/ev.json

pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" open "$secret"
[ "$PT_STATUS" -eq 13 ] || fail "pthelper should exit with EACCES (13), privtrace returned $PT_STATUS"

me='.process.name == "pthelper"'
# one open, one EACCES record
expect_exactly "$out" 1 "$me and .event.action == \"file\"" "one file record"
expect "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
	and .file.path == \"$secret\" and .privtrace.syscall == \"openat\"
	and .privtrace.errno == \"EACCES\" and .privtrace.ret == -13
	and .privtrace.host.euid == $TEST_UID and .privtrace.ns.euid == $TEST_UID
	and .user.id == \"$TEST_UID\" and .privtrace.userns.level == 0
	and .privtrace.reason == \"mode_denies\"
	and (.event.reason | test(\"mode bits deny.*CAP_DAC_OVERRIDE\"))" "EACCES with path and reason"
expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"failure\"
	and .privtrace.capability.name == \"CAP_DAC_OVERRIDE\" and .privtrace.capability.id == 1
	and .privtrace.syscall == \"openat\" and .file.path == \"$secret\"
	and .privtrace.errno == \"EPERM\" and .privtrace.reason == \"cap_not_effective\"
	and .event.reason == \"CAP_DAC_OVERRIDE is not in the effective set\"" "CAP_DAC_OVERRIDE denied in openat, not effective"
expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"failure\"
	and .privtrace.capability.name == \"CAP_DAC_READ_SEARCH\" and .file.path == \"$secret\"" \
	"CAP_DAC_READ_SEARCH denied in openat"
expect_none "$out" "$me and .event.outcome == \"success\" and .event.action == \"capability\"" \
	"no capability granted to the user"
# docs/schema.md: capable_userns only for granted checks (a denial found no namespace)
expect_none "$out" "$me and .event.action == \"capability\" and .event.outcome == \"failure\"
	and .privtrace.capability.capable_userns != null" "denied checks name no capable_userns"

# the same open with garbage in the upper half of the syscall number: the
# kernel runs openat all the same, and it is reported all the same
out=$TMPD/hibits.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" hibits-open "$secret"
[ "$PT_STATUS" -eq 13 ] || fail "the high-bits openat should fail with EACCES (13), got $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
	and .file.path == \"$secret\" and .privtrace.syscall == \"openat\" and .privtrace.syscall_nr == 257
	and .privtrace.reason == \"mode_denies\"" "openat with high bits in rax: the EACCES"

# setxattrat (Linux 6.13): a user setting a trusted.* attribute, refused
# (EPERM, CAP_SYS_ADMIN denied); older kernels have no such syscall (ENOSYS)
mine=$TMPD/mine
touch "$mine"
chmod 0644 "$mine"
out=$TMPD/xattrat.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" setxattrat "$mine"
if [ "$PT_STATUS" -eq 38 ]; then
	echo "ok: no setxattrat on $(uname -r)"
else
	[ "$PT_STATUS" -eq 1 ] || fail "setxattrat(trusted.*) as a user should fail with EPERM (1), got $PT_STATUS"
	expect_exactly "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
		and .privtrace.syscall == \"setxattrat\" and .file.path == \"$mine\"
		and .privtrace.errno == \"EPERM\"" "setxattrat refused, with its path"
	expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.name == \"CAP_SYS_ADMIN\"
		and .privtrace.syscall == \"setxattrat\" and .file.path == \"$mine\"" "CAP_SYS_ADMIN denied inside it"
fi
