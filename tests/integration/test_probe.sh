#!/usr/bin/env bash
# --probe says what the kernel offers and what is chosen; --backend forces a
# capability hook: one the kernel has is used (the events say so), one it
# lacks is a clear error.
. "$(dirname "$0")/lib.sh"
probe=$TMPD/probe.txt
"$PRIVTRACE" --probe >"$probe" || fail "--probe failed"
cat "$probe"
for row in BTF "tp_btf cap_capable" "fentry/fexit" "BPF LSM" kprobes "syscall tracepoints"; do
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
if [ "${PT_EXPECT_LSM:-0}" = 1 ]; then
	for fam in credentials exec file; do
		uses_lsm $fam || fail "the BPF LSM is expected here but $fam does not use it"
	done
	echo "ok: credentials, exec and file use LSM programs"
fi

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
