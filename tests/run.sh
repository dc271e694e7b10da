#!/usr/bin/env bash
# The whole suite: every cmocka unit test, then every integration scenario
# (real syscalls and namespaces, as root), then the Docker container scenarios
# (tests/containers, this host only). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
logs=${TEST_LOGS:-build/test-logs}  # TEST_LOGS: elsewhere, e.g. for two runs at once
mkdir -p "$logs"
passed=0
failed=0

# one binary per tests/unit/STAGE/test_*.c (make unit-bins); a stale binary
# whose source is gone is not run, a source without its binary fails.
# run_units PREFIX BINDIR TIMEOUT [ENV=VALUE...]: unit/ for the plain build,
# unit-san/ for the same tests under ASan+UBSan (build/san, make san-unit-bins)
run_units() {
	local prefix=$1 bindir=$2 limit=$3 units=0 src rel t name log status p f
	shift 3
	for src in tests/unit/*/test_*.c; do
		[ -e "$src" ] || continue
		units=$((units + 1))
		rel=${src#tests/unit/}
		rel=${rel%.c}
		t=$bindir/$rel
		name=$prefix/$rel
		log=$logs/$prefix-${rel//\//-}.log
		if [ ! -x "$t" ]; then
			echo "FAIL $name: $t not built (make unit-bins san-unit-bins)"
			failed=$((failed + 1))
			continue
		fi
		env "$@" timeout "$limit" "$t" >"$log" 2>&1
		status=$?
		# cmocka: "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s), listed below:"
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
		if [ "$status" -ne 0 ] || [ -n "$f" ] || [ -z "$p" ]; then
			[ -z "$f" ] && failed=$((failed + 1))
			echo "FAIL $name"
			tail -20 "$log" | sed 's/^/    /'
		else
			echo "PASS $name ($p tests)"
		fi
	done
	if [ "$units" -eq 0 ]; then
		echo "FAIL $prefix: no unit tests in tests/unit"
		failed=$((failed + 1))
	fi
}
run_units unit build/tests/unit 120
# any sanitizer report ends the binary with an error; what is kept for the
# process's life on purpose is in tests/unit/lsan.supp
run_units unit-san build/san/tests/unit 300 \
	ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$PWD/tests/unit/lsan.supp:print_suppressions=0

# the fuzz harnesses (tests/fuzz, make fuzz-bins): each replays its corpus
# and every crash input ever found, then fuzzes FUZZ_SMOKE_SECONDS (3)
fuzzers=0
for src in tests/fuzz/fuzz_*.c; do
	[ -e "$src" ] || continue
	fuzzers=$((fuzzers + 1))
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	log=$logs/fuzz-$t.log
	rm -rf "$logs/fuzz-$t-crash"
	start=$SECONDS
	if tests/fuzz/run.sh --smoke "$t" "$logs" >"$log" 2>&1; then
		echo "PASS fuzz/$t ($((SECONDS - start))s)"
		passed=$((passed + 1))
	else
		echo "FAIL fuzz/$t ($((SECONDS - start))s): inputs in $logs/fuzz-$t-crash/"
		{ grep -aE '^(==[0-9]+==ERROR|SUMMARY|fuzz:|.*: oracle: )' "$log" || tail -5 "$log"; } |
			head -10 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done
if [ "$fuzzers" -eq 0 ]; then
	echo "FAIL fuzz: no harnesses in tests/fuzz"
	failed=$((failed + 1))
fi

# run_script NAME LOG SCRIPT [ENV=VALUE...]: one scenario, one PASS/FAIL line
run_script() {
	local name=$1 log=$2 script=$3 start=$SECONDS
	shift 3
	if env "$@" timeout 300 bash "$script" >"$log" 2>&1; then
		echo "PASS $name ($((SECONDS - start))s)"
		passed=$((passed + 1))
	else
		echo "FAIL $name ($((SECONDS - start))s)"
		tail -30 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL integration: the integration tests load BPF programs and need root"
	failed=$((failed + 1))
else
	# every record the host-side scenarios write is kept, and checked as a
	# whole at the end: one type per field across all of them (ECS, schema)
	records=$logs/records
	rm -rf "$records"
	export PT_KEEP_RECORDS=$PWD/$records
	for t in tests/integration/test_*.sh; do
		run_script "integration/$(basename "$t" .sh)" "$logs/$(basename "$t" .sh).log" "$t"
	done

	# sinks against a real rsyslog, the records against the JSON schema, make
	# install, the report page in a real browser
	for t in tests/sinks/test_*.sh tests/schema/test_*.sh tests/install/test_*.sh tests/report/test_*.sh; do
		[ -e "$t" ] || continue
		d=$(basename "$(dirname "$t")")
		run_script "$d/$(basename "$t" .sh)" "$logs/$d-$(basename "$t" .sh).log" "$t"
	done

	# Real Docker containers (tests/containers), on this host only (the
	# vmtest guests get tests/integration alone): two private dockerds, plain
	# and --userns-remap, and the image, set up once for all scenarios and
	# stopped at exit whatever happens. CONTAINERS=0 skips them.
	if [ "${CONTAINERS:-1}" != 0 ]; then
		ctdir=$(mktemp -d /tmp/privtrace-ct.XXXXXX)
		trap 'bash tests/containers/lib.sh down "$ctdir" >/dev/null 2>&1' EXIT
		start=$SECONDS
		ctup=0
		timeout 900 bash tests/containers/lib.sh up "$ctdir" >"$logs/containers-up.log" 2>&1 || ctup=$?
		echo "containers: daemons and image in $((SECONDS - start))s, log in $logs/containers-up.log"
		[ "$ctup" -eq 0 ] || tail -20 "$logs/containers-up.log" | sed 's/^/    /'
		for t in tests/containers/test_*.sh; do
			name=containers/$(basename "$t" .sh)
			log=$logs/containers-$(basename "$t" .sh).log
			if [ "$ctup" -ne 0 ]; then
				echo "FAIL $name (no daemons: lib.sh up failed)"
				failed=$((failed + 1))
				continue
			fi
			run_script "$name" "$log" "$t" PT_CT_DIR="$ctdir"
		done
		bash tests/containers/lib.sh down "$ctdir" >>"$logs/containers-up.log" 2>&1
		trap - EXIT
	fi

	# all the JSON the scenarios above wrote, checked together
	log=$logs/schema-all-records.log
	if [ -d "$records" ] && tests/schema/check_records.sh "$records" >"$log" 2>&1; then
		echo "PASS schema/all-records ($(ls "$records" | wc -l) files)"
		passed=$((passed + 1))
	else
		echo "FAIL schema/all-records"
		tail -30 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
fi

# The same scenarios inside other kernels under QEMU (tests/vm/vmtest.sh);
# VMTEST=0 skips them for a quick local run.
if [ "${VMTEST:-1}" != 0 ] && [ "$(id -u)" -eq 0 ]; then
	log=$logs/vmtest.log
	start=$SECONDS
	tests/vm/vmtest.sh >"$log" 2>&1
	status=$?
	grep -E '^\s+\[.*\] (PASS|FAIL) ' "$log" | sed 's/^ *\[\(.*\)\] \(PASS\|FAIL\) \(.*\)/\2 vm-\1\/\3/'
	res=$(tail -1 "$log" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
	if [ -n "$res" ]; then
		passed=$((passed + ${res% *}))
		failed=$((failed + ${res#* }))
		[ "${res#* }" = 0 ] || grep -A14 '\] FAIL ' "$log" | sed 's/^/    /'
	fi
	if [ "$status" -ne 0 ] && { [ -z "$res" ] || [ "${res#* }" = 0 ]; }; then
		echo "FAIL vmtest (status $status)"
		tail -30 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
	echo "vmtest: $((SECONDS - start))s, log in $log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
