#!/usr/bin/env bash
# The whole suite: every cmocka unit test, then every integration scenario
# (real syscalls and namespaces, as root). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0

for t in build/tests/unit/test_*; do
	[ -x "$t" ] || continue
	name=unit/$(basename "$t")
	log=$logs/$(basename "$t").log
	"$t" >"$log" 2>&1
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

if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL integration: the integration tests load BPF programs and need root"
	failed=$((failed + 1))
else
	for t in tests/integration/test_*.sh; do
		name=integration/$(basename "$t" .sh)
		log=$logs/$(basename "$t" .sh).log
		start=$SECONDS
		if timeout 600 bash "$t" >"$log" 2>&1; then
			echo "PASS $name ($((SECONDS - start))s)"
			passed=$((passed + 1))
		else
			echo "FAIL $name ($((SECONDS - start))s)"
			tail -30 "$log" | sed 's/^/    /'
			failed=$((failed + 1))
		fi
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
