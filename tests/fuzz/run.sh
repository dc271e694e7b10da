#!/usr/bin/env bash
# Run the fuzz harnesses (build/fuzz/fuzz_*, `make fuzz-bins`) one after
# another on one core: each first replays its committed inputs
# (corpus/TARGET, regress/TARGET), then fuzzes for FUZZ_TIME seconds from
# them. New inputs go to build/fuzz/corpus/TARGET (scratch); a crash is
# copied into regress/TARGET, to be committed with its fix.
#   FUZZ_TIME=600 FUZZ_TARGETS="json_scan escape" tests/fuzz/run.sh
#   tests/fuzz/run.sh --smoke TARGET LOGDIR   (tests/run.sh: a crash stays in LOGDIR,
#   FUZZ_SMOKE_SECONDS of fuzzing, 3 by default)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# fuzz_one TARGET SECONDS ARTIFACT_DIR SCRATCH_DIR: 0 if nothing was found
fuzz_one() {
	local t=$1 secs=$2 art=$3 scratch=$4 bin=build/fuzz/fuzz_$1
	local inputs=()

	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin not built (make fuzz-bins)"
		return 1
	fi
	mkdir -p "$scratch" "$art"
	for f in "tests/fuzz/corpus/$t"/* "tests/fuzz/regress/$t"/*; do
		[ -f "$f" ] && [ "$(basename "$f")" != README ] && inputs+=("$f")
	done
	# every input once (files, not directories: no mutation): a crash fixed stays fixed
	if [ ${#inputs[@]} -gt 0 ] &&
	   ! timeout 120 "$bin" -timeout=10 -artifact_prefix="$art/" "${inputs[@]}"; then
		echo "fuzz: $t: a committed input fails"
		return 1
	fi
	# scratch first: libFuzzer writes what it finds into the first directory
	timeout $((secs * 2 + 60)) "$bin" -max_total_time="$secs" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$art/" "$scratch" "tests/fuzz/corpus/$t"
}

# a smoke run starts from the committed inputs alone: its finds are not kept
if [ "${1:-}" = --smoke ]; then
	rm -rf "$3/fuzz-$2-corpus"
	fuzz_one "$2" "${FUZZ_SMOKE_SECONDS:-3}" "$3/fuzz-$2-crash" "$3/fuzz-$2-corpus"
	status=$?
	rm -rf "$3/fuzz-$2-corpus"
	exit $status
fi

targets=${FUZZ_TARGETS:-}
if [ -z "$targets" ]; then
	for f in tests/fuzz/fuzz_*.c; do
		t=$(basename "$f" .c)
		targets+=" ${t#fuzz_}"
	done
fi
bad=0
for t in $targets; do
	art=build/fuzz/crash/$t
	echo "fuzz: $t for ${FUZZ_TIME:-60}s"
	if ! fuzz_one "$t" "${FUZZ_TIME:-60}" "$art" "build/fuzz/corpus/$t"; then
		bad=$((bad + 1))
		mkdir -p "tests/fuzz/regress/$t"
		for c in "$art"/*; do
			[ -f "$c" ] || continue
			cp "$c" "tests/fuzz/regress/$t/"
			echo "fuzz: $t: CRASH, kept in tests/fuzz/regress/$t/$(basename "$c"):" \
			     "fix it, then commit that file with the fix"
			rm -f "$c"
		done
	fi
done
[ "$bad" -eq 0 ] && echo "fuzz: nothing found" || echo "fuzz: $bad target(s) failed"
[ "$bad" -eq 0 ]
