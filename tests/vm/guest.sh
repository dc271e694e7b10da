#!/usr/bin/env bash
# Inside the vmtest guest: the integration scenarios whose outcome depends on
# the kernel and the programs privtrace picks for it (every backend, each
# event family, the fexit and LSM programs asserted as the ones used), with
# the backend privtrace picks here. The scenarios that exercise user space
# alone (bad input, runtime metadata from a fake Docker socket, --duration's
# clock, escaping of hostile names) run on the host only: under software
# emulation every privtrace start costs about two seconds.
cd "$(dirname "$0")/../.."
# these kernels have BPF trampolines: capability events must come from fexit
export PT_EXPECT_CAP_HOOK=${PT_EXPECT_CAP_HOOK:-fexit/security_capable}
# and they boot with lsm=...,bpf: credentials, exec and file use LSM programs
export PT_EXPECT_LSM=${PT_EXPECT_LSM:-1}
# and accept BTF raw tracepoints: syscalls go through tp_btf/sys_enter+sys_exit
export PT_EXPECT_SYS=${PT_EXPECT_SYS:-tp_btf/sys_enter+sys_exit}
passed=0
failed=0
./build/privtrace --probe 2>&1 | sed 's/^/vmtest: probe: /'
SCENARIOS=${VM_SCENARIOS:-"probe denied_file root_granted setuid setgid capset setuid_exec ia32
	userns_maproot userns_subuid run_tree filters lost flood least_privilege own_kind"}
# a flood ten times smaller: the same folding, in emulated time
export FLOOD_N=${FLOOD_N:-30000}
for name in $SCENARIOS; do
	name=test_$name
	t=tests/integration/$name.sh
	start=$(date +%s)
	# a guest stopped by the host's timeout names the scenario it was in
	echo "vmtest: RUN $name"
	if timeout 300 bash "$t" >/tmp/log 2>&1; then
		echo "vmtest: PASS $name ($(($(date +%s) - start))s)"
		passed=$((passed + 1))
		# what the verifier walked, program by program: the margin to test_probe's bound
		[ "$name" != test_probe ] || sed -n '/^PROGRAM/,/^total/p' /tmp/log | sed 's/^/vmtest: verifier: /'
		# which way the drop after attach went on this kernel
		[ "$name" != test_least_privilege ] || grep '^bpf() without CAP_BPF' /tmp/log | sed 's/^/vmtest: /'

	else
		echo "vmtest: FAIL $name ($(($(date +%s) - start))s)"
		tail -15 /tmp/log | sed 's/^/vmtest:     /'
		failed=$((failed + 1))
	fi
done
echo "vmtest: result $(uname -r): $passed passed, $failed failed"
