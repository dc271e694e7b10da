#!/usr/bin/env bash
# --probe says what the kernel offers and what is chosen; --backend forces a
# capability hook or a syscall layer: one the kernel has is used (the events
# say so), one it lacks is a clear error.
. "$(dirname "$0")/lib.sh"
probe=$TMPD/probe.txt
"$PRIVTRACE" --probe >"$probe" || fail "--probe failed"
cat "$probe"
for row in BTF "tp_btf cap_capable" "fentry/fexit" "BPF LSM" kprobes "raw syscall tps" \
	"syscall tracepoints"; do
	grep -q "^$row  *\(yes\|no\) " "$probe" || fail "--probe has no '$row' row"
done
chosen=$(awk '$1 == "capability" { print $2 }' "$probe")
case $chosen in
fexit/security_capable | tp_btf/cap_capable | kprobe/cap_capable) ;;
*) fail "no capability hook chosen: '$chosen'" ;;
esac
[ -z "${PT_EXPECT_CAP_HOOK:-}" ] || [ "$chosen" = "$PT_EXPECT_CAP_HOOK" ] ||
	fail "expected $PT_EXPECT_CAP_HOOK to be chosen here, got $chosen"
echo "ok: capability checks through $chosen"
sys=$(awk '$1 == "syscalls" { print $2 }' "$probe")
case $sys in
tp_btf/sys_enter+sys_exit | tracepoint/syscalls) ;;
*) fail "no syscall layer chosen: '$sys'" ;;
esac
[ -z "${PT_EXPECT_SYS:-}" ] || [ "$sys" = "$PT_EXPECT_SYS" ] ||
	fail "expected $PT_EXPECT_SYS to be chosen for syscalls here, got $sys"
echo "ok: syscalls through $sys"
if [ "${PT_EXPECT_LSM:-0}" = 1 ]; then
	for fam in credentials exec file; do
		uses_lsm $fam || fail "the BPF LSM is expected here but $fam does not use it"
	done
	echo "ok: credentials, exec and file use LSM programs"
fi

# --probe -v: every program chosen, its instructions and what the verifier
# processed. The total is what every start costs (ten times more under
# emulation): held under a bound, as Tetragon holds veristat's figures.
MAX_VERIFIED=${PT_MAX_VERIFIED:-30000}
"$PRIVTRACE" --probe -v >"$TMPD/probe-v.txt" 2>/dev/null || fail "--probe -v failed"
sed -n '/^PROGRAM/,$p' "$TMPD/probe-v.txt"
total=$(awk '$1 == "total" { print $3 }' "$TMPD/probe-v.txt")
[ -n "$total" ] || fail "--probe -v printed no total"
awk 'f && $1 != "total" { n++; if ($2 !~ /^[0-9]+$/ || $2 == 0 || $3 !~ /^[0-9]+$/ || $3 == 0) bad++ }
	/^PROGRAM/ { f = 1 } END { exit !(n >= 3 && !bad) }' "$TMPD/probe-v.txt" ||
	fail "--probe -v: expected at least 3 programs, each with instructions and a verifier count"
grep -q "^$( [ "$sys" = tracepoint/syscalls ] && echo tp_sys_exit || echo raw_sys_exit) " "$TMPD/probe-v.txt" ||
	fail "--probe -v does not list the syscall exit program chosen"
[ "$total" -le "$MAX_VERIFIED" ] || fail "the verifier processed $total instructions, over the bound $MAX_VERIFIED"
echo "ok: --probe -v: $total instructions verified (bound $MAX_VERIFIED)"

ensure_user
secret=$(make_secret)
for kind in fexit tracepoint kprobe; do
	case $kind in
	fexit) row="fentry/fexit" hook=fexit/security_capable ;;
	tracepoint) row="tp_btf cap_capable" hook=tp_btf/cap_capable ;;
	kprobe) row="kprobes" hook=kprobe/cap_capable ;;
	esac
	out=$TMPD/$kind.json
	if grep -q "^$row  *yes " "$probe"; then
		pt_run "$out" --backend capability=$kind -- \
			setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" open "$secret"
		grep -q "capability checks: $hook" "$out.err" || fail "ready line does not name $hook"
		expect "$out" 1 ".process.name == \"pthelper\" and .event.action == \"capability\"
			and .privtrace.hook == \"$hook\" and .file.path == \"$secret\"" "forced $hook used"
		expect_none "$out" ".event.action == \"capability\" and .privtrace.hook != \"$hook\"" \
			"only $hook"
	else
		status=0
		"$PRIVTRACE" --backend capability=$kind -d 1 >/dev/null 2>"$out.err" || status=$?
		[ "$status" -eq 1 ] || fail "forcing the missing $kind should exit 1, got $status"
		grep -q "backend: this kernel cannot: " "$out.err" || fail "unclear: $(cat "$out.err")"
		echo "ok: forcing $kind here fails clearly: $(cat "$out.err")"
	fi
done

# the syscall layer: the raw tracepoints, or the per-syscall fallback (one
# program attached to each traced syscall's pair, 64-bit calls only)
for kind in raw tracepoint; do
	case $kind in
	raw) row="raw syscall tps" hook=tp_btf/sys_exit ;;
	tracepoint) row="syscall tracepoints" hook=tracepoint/syscalls ;;
	esac
	out=$TMPD/sys-$kind.json
	if grep -q "^$row  *yes " "$probe"; then
		"$PRIVTRACE" --probe --backend syscalls=$kind >"$out.probe" || fail "--probe --backend syscalls=$kind"
		[ $kind = raw ] || grep -q '^syscalls .*ia32 and x32 ones are not seen' "$out.probe" ||
			fail "--probe does not say the fallback misses 32-bit calls"
		pt_run "$out" --backend syscalls=$kind -- \
			setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" open "$secret"
		expect_exactly "$out" 1 ".process.name == \"pthelper\" and .event.action == \"file\"
			and .privtrace.hook == \"$hook\" and .file.path == \"$secret\"
			and .privtrace.syscall == \"openat\" and .privtrace.syscall_abi == \"x86_64\"
			and .privtrace.syscall_nr == 257 and .privtrace.reason == \"mode_denies\"" \
			"forced syscalls=$kind: the denial from $hook"
		expect "$out" 1 ".process.name == \"pthelper\" and .event.action == \"capability\"
			and .privtrace.syscall == \"openat\" and .file.path == \"$secret\"" \
			"forced syscalls=$kind: checks inside it name the syscall and path"
		pt_run "$out.set" --backend syscalls=$kind -- "$PTHELPER" setuid $TEST_UID
		expect "$out.set" 1 ".process.name == \"pthelper\" and .event.action == \"setuid\"
			and .event.outcome == \"success\" and .privtrace.new.host.uid == $TEST_UID" \
			"forced syscalls=$kind: setuid with the credentials after"
	else
		status=0
		"$PRIVTRACE" --backend syscalls=$kind -d 1 >/dev/null 2>"$out.err" || status=$?
		[ "$status" -eq 1 ] || fail "forcing the missing syscalls=$kind should exit 1, got $status"
		grep -q "backend: this kernel cannot: " "$out.err" || fail "unclear: $(cat "$out.err")"
		echo "ok: forcing syscalls=$kind here fails clearly: $(cat "$out.err")"
	fi
done

# file=lsm: privileged opens through the BPF LSM where it is active
out=$TMPD/lsm.json
if grep -q "^BPF LSM  *yes " "$probe"; then
	grep -q '^file .*lsm.s/file_open' "$probe" || fail "BPF LSM active but not chosen for files"
	pt_run "$out" --backend file=lsm -- "$PTHELPER" open /etc/hostname
	echo "ok: --backend file=lsm accepted"
else
	status=0
	"$PRIVTRACE" --backend file=lsm -d 1 >/dev/null 2>"$out.err" || status=$?
	[ "$status" -eq 1 ] || fail "forcing the missing LSM should exit 1, got $status"
	grep -q "backend: this kernel cannot: " "$out.err" || fail "unclear: $(cat "$out.err")"
	echo "ok: forcing file=lsm here fails clearly: $(cat "$out.err")"
fi
