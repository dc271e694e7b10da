#!/usr/bin/env bash
# privtrace benchmark: the cost a tracer adds to the syscalls it watches, as
# ratios against an untraced run and against a peer tracer (bpftrace, running
# the naive equivalent: openat enter/exit + capability:cap_capable) in the same
# run on the same machine. Prints a table; never a pass/fail timing.
set -euo pipefail
cd "$(dirname "$0")/../.."

PRIVTRACE=${PRIVTRACE:-build/privtrace}
WORKLOAD=${WORKLOAD:-build/tests/bench/workload}
N=${BENCH_N:-200000}
REPS=${BENCH_REPS:-5}
NOBODY=65534
work=$(mktemp -d /tmp/privtrace-bench.XXXXXX)
tracer_pid=
cleanup() {
	[ -n "$tracer_pid" ] && kill -INT "$tracer_pid" 2>/dev/null && wait "$tracer_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

[ -x "$PRIVTRACE" ] && [ -x "$WORKLOAD" ] || { echo "bench: build first (make bench)" >&2; exit 1; }
if ! command -v bpftrace >/dev/null; then
	echo "bench: bpftrace (the peer) is missing: apt-get install bpftrace" >&2
	exit 1
fi

secret=$work/secret
echo s >"$secret"
chmod 0600 "$secret"
chmod 0755 "$work"
readable=$work/readable
echo r >"$readable"
chmod 0644 "$readable"

# median ns/op of REPS runs of one workload
measure() {
	local mode=$1 out=()
	for _ in $(seq "$REPS"); do
		case $mode in
		open) out+=("$("$WORKLOAD" open "$N" "$readable" | cut -d' ' -f2)") ;;
		denied) out+=("$(setpriv --reuid $NOBODY --regid $NOBODY --clear-groups \
			"$WORKLOAD" denied "$N" "$secret" | cut -d' ' -f2)") ;;
		mmap) out+=("$("$WORKLOAD" mmap "$N" | cut -d' ' -f2)") ;;
		esac
	done
	printf '%s\n' "${out[@]}" | sort -g | sed -n "$(((REPS + 1) / 2))p"
}

# start a tracer in the background and wait until it says it is attached
start_tracer() {
	local ready=$1
	shift
	"$@" >"$work/tracer.out" 2>"$work/tracer.err" &
	tracer_pid=$!
	for _ in $(seq 300); do
		grep -q "$ready" "$work/tracer.out" "$work/tracer.err" 2>/dev/null && return 0
		kill -0 "$tracer_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: tracer did not start: $*" >&2
	cat "$work/tracer.err" >&2
	exit 1
}

stop_tracer() {
	kill -INT "$tracer_pid"
	wait "$tracer_pid" || true
	tracer_pid=
}

cat >"$work/peer.bt" <<'BT'
tracepoint:syscalls:sys_enter_openat { @path[tid] = args->filename; }
tracepoint:syscalls:sys_exit_openat /args->ret == -13 || args->ret == -1/ {
	printf("%d %s %s %d\n", pid, comm, str(@path[tid]), args->ret);
}
tracepoint:syscalls:sys_exit_openat { delete(@path[tid]); }
tracepoint:capability:cap_capable {
	printf("%d %s %d %d %d\n", pid, comm, uid, args->cap, args->ret);
}
BT

declare -A base pt ptd bt
modes="open denied mmap"
echo "workload: $N operations per run, median of $REPS runs, ns per operation"
for m in $modes; do base[$m]=$(measure "$m"); done

start_tracer "privtrace: tracing" "$PRIVTRACE" -o json -w /dev/null
for m in $modes; do pt[$m]=$(measure "$m"); done
stop_tracer
grep summary "$work/tracer.err" | sed 's/^/  privtrace (all events) /'

start_tracer "privtrace: tracing" "$PRIVTRACE" -o json -w /dev/null --denied-only
for m in $modes; do ptd[$m]=$(measure "$m"); done
stop_tracer

start_tracer "Attaching" bpftrace "$work/peer.bt"
for m in $modes; do bt[$m]=$(measure "$m"); done
stop_tracer

printf '\n%-8s %10s %12s %8s %14s %8s %10s %8s %14s\n' workload untraced privtrace ratio \
	"--denied-only" ratio bpftrace ratio "privtrace/bpftrace"
for m in $modes; do
	awk -v m="$m" -v b="${base[$m]}" -v p="${pt[$m]}" -v d="${ptd[$m]}" -v t="${bt[$m]}" 'BEGIN {
		printf "%-8s %10.0f %12.0f %7.2fx %14.0f %7.2fx %10.0f %7.2fx %14.2f\n",
			m, b, p, p / b, d, d / b, t, t / b, p / t }'
done
