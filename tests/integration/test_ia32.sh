#!/usr/bin/env bash
# The same privileged accesses through the 32-bit syscall ABI (int $0x80 from
# a 64-bit helper): a denied open, a refused and a granted setuid32, the old
# 16-bit setresuid. Each must be reported as its 64-bit twin is, with the
# syscall's name, privtrace.syscall_abi "ia32" and the ABI's number, in JSON
# and in text. Where only the per-syscall tracepoints can be had (which never
# fire for 32-bit calls), privtrace must say so in --probe instead.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
me='.process.name == "pthelper"'
ia32='.privtrace.syscall_abi == "ia32"'
hook=$(sys_hook)

if [ "$hook" != tp_btf/sys_exit ]; then
	"$PRIVTRACE" --probe | awk '$1 == "syscalls"' | grep -q 'ia32 and x32 ones are not seen' ||
		fail "per-syscall tracepoints in use, and --probe does not say 32-bit calls go unseen"
	echo "ok: raw tracepoints refused here; --probe says 32-bit calls are not seen"
	exit 0
fi

out=$TMPD/open.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" ia32-open "$secret"
[ "$PT_STATUS" -eq 13 ] || fail "ia32 open should fail with EACCES (13), got $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"file\"" "one file record"
expect_exactly "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
	and .privtrace.syscall == \"open\" and $ia32 and .privtrace.syscall_nr == 5
	and .file.path == \"$secret\" and .privtrace.errno == \"EACCES\" and .privtrace.ret == -13
	and .privtrace.host.euid == $TEST_UID and .privtrace.reason == \"mode_denies\"
	and .privtrace.hook == \"$hook\"" "ia32 open denied, with path and reason"
expect_exactly "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"failure\"
	and .privtrace.capability.name == \"CAP_DAC_OVERRIDE\" and .privtrace.syscall == \"open\"
	and $ia32 and .file.path == \"$secret\"" "CAP_DAC_OVERRIDE denied inside the ia32 open"
expect_none "$out" "$me and .privtrace.syscall != null and .privtrace.syscall_abi != \"ia32\"
	and (.privtrace.syscall == \"open\" or .privtrace.syscall == \"openat\")
	and .file.path == \"$secret\"" "no 64-bit open of the file: the record is the ia32 call's"

out=$TMPD/refused.json
pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" ia32-setuid 0
[ "$PT_STATUS" -eq 1 ] || fail "ia32 setuid32(0) as a user should fail with EPERM (1), got $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setuid\" and .event.outcome == \"failure\"
	and .privtrace.syscall == \"setuid\" and $ia32 and .privtrace.syscall_nr == 213
	and .privtrace.args == [0] and .privtrace.errno == \"EPERM\"
	and .privtrace.new.host.euid == $TEST_UID and .privtrace.reason == \"cap_not_effective\"" \
	"ia32 setuid32(0) refused"
expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.name == \"CAP_SETUID\"
	and .event.outcome == \"failure\" and .privtrace.syscall == \"setuid\" and $ia32" \
	"CAP_SETUID denied inside it"

out=$TMPD/granted.json
pt_run "$out" -- "$PTHELPER" ia32-setuid $TEST_UID
[ "$PT_STATUS" -eq 0 ] || fail "ia32 setuid32($TEST_UID) as root failed: $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setuid\" and .event.outcome == \"success\"
	and .privtrace.syscall == \"setuid\" and $ia32 and .privtrace.syscall_nr == 213
	and .privtrace.args == [$TEST_UID] and .privtrace.host.euid == 0
	and .privtrace.new.host.uid == $TEST_UID and .privtrace.new.host.euid == $TEST_UID" \
	"ia32 setuid32($TEST_UID) granted, credentials before and after"

# the old 16-bit call: (u16)-1 is "unchanged", reported as the kernel takes it
out=$TMPD/uid16.json
pt_run "$out" -- "$PTHELPER" ia32-setresuid16 65535 $TEST_UID 65535
[ "$PT_STATUS" -eq 0 ] || fail "ia32 setresuid16 as root failed: $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setuid\" and .event.outcome == \"success\"
	and .privtrace.syscall == \"setresuid\" and $ia32 and .privtrace.syscall_nr == 164
	and .privtrace.args == [4294967295, $TEST_UID, 4294967295]
	and .privtrace.new.host.uid == 0 and .privtrace.new.host.euid == $TEST_UID" \
	"ia32 16-bit setresuid(-1, $TEST_UID, -1)"

# the old 16-bit setuid: the same change, its own number
out=$TMPD/setuid16.json
pt_run "$out" -- "$PTHELPER" ia32-setuid16 $TEST_UID
[ "$PT_STATUS" -eq 0 ] || fail "ia32 setuid16 as root failed: $PT_STATUS"
expect_exactly "$out" 1 "$me and .event.action == \"setuid\" and .event.outcome == \"success\"
	and .privtrace.syscall == \"setuid\" and $ia32 and .privtrace.syscall_nr == 23
	and .privtrace.args == [$TEST_UID] and .privtrace.new.host.uid == $TEST_UID" \
	"ia32 16-bit setuid($TEST_UID) granted"

# text: the ABI before the syscall's name
txt=$TMPD/open.txt
timeout 120 "$PRIVTRACE" -o text run -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups \
	"$PTHELPER" ia32-open "$secret" >"$txt" 2>"$TMPD/text.err" || true
grep -q "file .*DENIED  ia32:open $secret EACCES" "$txt" || { cat "$txt" >&2; fail "text: no ia32:open denial"; }
grep -q "CAP_DAC_OVERRIDE in ia32:open $secret" "$txt" || { cat "$txt" >&2; fail "text: no capability line in ia32:open"; }
echo "ok: text names ia32:open"
