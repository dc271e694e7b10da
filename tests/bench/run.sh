#!/usr/bin/env bash
# privtrace benchmark: what a tracer adds to the syscalls it watches, as
# ratios measured in one run on one machine, the configurations alternated
# round after round so that a drift of the machine's speed hits them all:
#   untraced      nothing attached
#   floor         empty programs on the hooks privtrace uses here
#                 (tests/bench/floor.bpf.c): the cost of the hooks themselves
#   floor-tp      the same on openat's own syscall tracepoints, the hooks of
#                 the fallback (and of privtrace before the raw ones)
#   privtrace     default settings, JSON to /dev/null; and --denied-only
#   bpftrace      the naive equivalent: openat enter/exit + capability:cap_capable
#   auditd        rules for the same syscalls (file ones failing with
#                 EACCES/EPERM, every credential change), 64-bit (b64), and
#                 64-bit and 32-bit (b64+b32) as its users write them
# Each configuration runs every workload once per round; a figure is the
# median over the rounds, a ratio the median of the per-round ratios. Then
# the replay benchmark: the user-space pipeline alone (tests/bench/replay.sh).
# Prints tables; never a pass/fail timing.
set -euo pipefail
cd "$(dirname "$0")/../.."

PRIVTRACE=${PRIVTRACE:-build/privtrace}
WORKLOAD=${WORKLOAD:-build/tests/bench/workload}
FLOOR=${FLOOR:-build/tests/bench/floor}
ROUNDS=${BENCH_ROUNDS:-3}
# operations per run, per workload (a denial under auditd costs ~50 us)
declare -A N=([open]=${BENCH_N_OPEN:-200000} [denied]=${BENCH_N_DENIED:-50000}
	[mmap]=${BENCH_N_MMAP:-100000} [chmod]=${BENCH_N_CHMOD:-100000})
CONFIGS=${BENCH_CONFIGS:-"untraced floor floor-tp privtrace privtrace-denied bpftrace auditd-b64 auditd-b64+b32"}
MODES="open denied mmap chmod"
NOBODY=65534
work=$(mktemp -d /tmp/privtrace-bench.XXXXXX)
tracer_pid=
audit_pid=
cleanup() {
	[ -n "$tracer_pid" ] && kill -INT "$tracer_pid" 2>/dev/null && wait "$tracer_pid" 2>/dev/null
	audit_off
	rm -rf "$work"
}
trap cleanup EXIT

for b in "$PRIVTRACE" "$WORKLOAD" "$FLOOR"; do
	[ -x "$b" ] || { echo "bench: $b missing: build first (make bench)" >&2; exit 1; }
done
for tool in bpftrace auditd auditctl ausyscall; do
	command -v $tool >/dev/null || { echo "bench: $tool missing (make bench installs it)" >&2; exit 1; }
done

secret=$work/secret
echo s >"$secret"
chmod 0600 "$secret"
chmod 0755 "$work"
readable=$work/readable
echo r >"$readable"
chmod 0644 "$readable"
echo c >"$work/changed"

# ns per operation of one run of one workload
measure() {
	case $1 in
	open) "$WORKLOAD" open "${N[open]}" "$readable" ;;
	denied) setpriv --reuid $NOBODY --regid $NOBODY --clear-groups \
		"$WORKLOAD" denied "${N[denied]}" "$secret" ;;
	mmap) "$WORKLOAD" mmap "${N[mmap]}" ;;
	chmod) "$WORKLOAD" chmod "${N[chmod]}" "$work/changed" ;;
	esac | cut -d' ' -f2
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

# The syscalls privtrace traces, as auditd names them per architecture (the
# 32-bit table has the 16- and 32-bit id calls and the 64-bit-offset ones).
FILE_SYSCALLS="open openat openat2 creat execve execveat unlink unlinkat rename renameat
	renameat2 mkdir mkdirat rmdir chmod fchmod fchmodat fchmodat2 chown lchown fchown fchownat
	truncate access faccessat faccessat2 link linkat symlink symlinkat mknod mknodat utime utimes
	utimensat futimesat setxattr lsetxattr fsetxattr removexattr lremovexattr fremovexattr
	chown32 lchown32 fchown32 truncate64 utimensat_time64"
CRED_SYSCALLS="setuid setreuid setresuid setfsuid setgid setregid setresgid setfsgid setgroups
	capset setuid32 setreuid32 setresuid32 setfsuid32 setgid32 setregid32 setresgid32
	setfsgid32 setgroups32"

# -S NAME for each of the names this auditd knows on arch $1
audit_syscalls() {
	local arch=$1 s out=()
	shift
	for s in "$@"; do
		ausyscall "$arch" "$s" --exact >/dev/null 2>&1 && out+=(-S "$s")
	done
	echo "${out[@]}"
}

audit_on() {
	local arch
	mkdir -p "$work/audit"
	cat >"$work/audit/auditd.conf" <<EOF
log_file = $work/audit/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 1024
max_log_file_action = ROTATE
num_logs = 2
space_left = 64
space_left_action = IGNORE
admin_space_left = 32
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
EOF
	chmod 0640 "$work/audit/auditd.conf"
	auditctl -D >/dev/null
	auditd -n -c "$work/audit" >"$work/audit/auditd.out" 2>&1 &
	audit_pid=$!
	for _ in $(seq 100); do
		auditctl -s 2>/dev/null | grep -q "^pid $audit_pid" && break
		kill -0 "$audit_pid" 2>/dev/null || { cat "$work/audit/auditd.out" >&2; return 1; }
		sleep 0.1
	done
	auditctl -b 16384 >/dev/null
	for arch in "$@"; do
		# shellcheck disable=SC2046
		auditctl -a always,exit -F arch="$arch" $(audit_syscalls "$arch" $FILE_SYSCALLS) \
			-F exit=-EACCES -k privtrace-file >/dev/null
		# shellcheck disable=SC2046
		auditctl -a always,exit -F arch="$arch" $(audit_syscalls "$arch" $FILE_SYSCALLS) \
			-F exit=-EPERM -k privtrace-file >/dev/null
		# shellcheck disable=SC2046
		auditctl -a always,exit -F arch="$arch" $(audit_syscalls "$arch" $CRED_SYSCALLS) \
			-k privtrace-cred >/dev/null
	done
	auditctl -e 1 >/dev/null
}

audit_off() {
	command -v auditctl >/dev/null || return 0
	auditctl -D >/dev/null 2>&1 || true
	auditctl -e 0 >/dev/null 2>&1 || true
	if [ -n "$audit_pid" ]; then
		kill -TERM "$audit_pid" 2>/dev/null || true
		wait "$audit_pid" 2>/dev/null || true
		audit_pid=
	fi
}

# run_config CONFIG ROUND: attach CONFIG, run every workload once, detach
declare -A R
run_config() {
	local cfg=$1 round=$2 m
	case $cfg in
	untraced) ;;
	floor) start_tracer "floor: attached" "$FLOOR" raw ;;
	floor-tp) start_tracer "floor: attached" "$FLOOR" syscall-tp ;;
	privtrace) start_tracer "privtrace: tracing" "$PRIVTRACE" -o json -w /dev/null ;;
	privtrace-denied) start_tracer "privtrace: tracing" "$PRIVTRACE" -o json -w /dev/null --denied-only ;;
	bpftrace) start_tracer "Attaching" bpftrace "$work/peer.bt" ;;
	auditd-b64) audit_on b64 ;;
	auditd-b64+b32) audit_on b64 b32 ;;
	*) echo "bench: unknown configuration $cfg" >&2; exit 2 ;;
	esac
	for m in $MODES; do R[$cfg,$m,$round]=$(measure "$m"); done
	case $cfg in
	floor* | bpftrace) stop_tracer ;;
	privtrace*)
		stop_tracer
		grep summary "$work/tracer.err" | sed "s/^privtrace: /  round $round $cfg: /" >>"$work/summaries"
		;;
	auditd*) audit_off ;;
	esac
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "bench: $ROUNDS rounds, configurations alternated: $CONFIGS"
echo "bench: operations per run: open ${N[open]}, denied ${N[denied]}, mmap ${N[mmap]}, chmod ${N[chmod]}"
for round in $(seq "$ROUNDS"); do
	for cfg in $CONFIGS; do run_config "$cfg" "$round"; done
	echo "bench: round $round done"
done

# figure CFG MODE: median ns/op; ratio CFG BASE MODE: median of per-round ratios
figure() {
	local r
	for r in $(seq "$ROUNDS"); do echo "${R[$1,$2,$r]}"; done | median
}
ratio() {
	local r
	for r in $(seq "$ROUNDS"); do
		awk -v a="${R[$1,$3,$r]}" -v b="${R[$2,$3,$r]}" 'BEGIN { printf "%.4f\n", a / b }'
	done | median
}
has() { [[ " $CONFIGS " == *" $1 "* ]]; }

echo
echo "ns per operation (median of $ROUNDS rounds):"
printf '%-8s' workload
for cfg in $CONFIGS; do printf ' %15s' "$cfg"; done
echo
for m in $MODES; do
	printf '%-8s' "$m"
	for cfg in $CONFIGS; do printf ' %15.0f' "$(figure "$cfg" "$m")"; done
	echo
done

if has untraced; then
	echo
	echo "ratio to untraced (median of the per-round ratios):"
	printf '%-8s' workload
	for cfg in $CONFIGS; do [ "$cfg" = untraced ] || printf ' %15s' "$cfg"; done
	echo
	for m in $MODES; do
		printf '%-8s' "$m"
		for cfg in $CONFIGS; do
			[ "$cfg" = untraced ] || printf ' %14.2fx' "$(ratio "$cfg" untraced "$m")"
		done
		echo
	done
fi
if has floor; then
	echo
	echo "ratio to the floor (the same hooks, empty programs):"
	printf '%-8s' workload
	for cfg in $CONFIGS; do case $cfg in untraced | floor*) ;; *) printf ' %15s' "$cfg" ;; esac; done
	echo
	for m in $MODES; do
		printf '%-8s' "$m"
		for cfg in $CONFIGS; do
			case $cfg in untraced | floor*) ;; *) printf ' %14.2fx' "$(ratio "$cfg" floor "$m")" ;; esac
		done
		echo
	done
fi
if [ -s "$work/summaries" ]; then
	echo
	echo "privtrace's own summaries (events lost are counted, never silent):"
	cat "$work/summaries"
fi

# the user-space pipeline alone (tests/bench/replay.sh)
echo
tests/bench/replay.sh
