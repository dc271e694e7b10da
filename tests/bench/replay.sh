#!/usr/bin/env bash
# The replay benchmark (tests/bench/replay.c): the user-space pipeline alone,
# on one core, fed recorded events again and again (decode, record, enrich,
# JSON, a file sink), for two recordings:
#   flood   one user's denied opens (the flood floods are made of)
#   mix     denied opens on the host and in a user namespace, and root's
#           credential changes (records three times the size: full
#           capability sets, the credentials after)
# BENCH_REPLAY_N events each (default 3,000,000); the file is written in
# $TMPDIR (default /tmp) and emptied after every pass over the recording.
# The recordings' workloads stay alive (WORKLOAD_HOLD) until their replay is
# done, so that the enrich stage finds their /proc entries as a live tracer
# would. Prints events per second; never a pass/fail.
#
# Then `privtrace report` (its summary) reads BENCH_REPORT_N more of each
# recording's events (default 1,000,000) as the pipeline wrote them, pinned
# to one core, best of three: from a capture, from the JSON lines, and from
# them gzip'd; and the capture's size is set against the gzip'd JSON's, on
# the recording once (each event as it happened).
set -euo pipefail
cd "$(dirname "$0")/../.."

WORKLOAD=${WORKLOAD:-build/tests/bench/workload}
REPLAY=${REPLAY:-build/tests/bench/replay}
N=${BENCH_REPLAY_N:-3000000}
K=${BENCH_REPORT_N:-1000000}
PRIVTRACE=${PRIVTRACE:-build/privtrace}
NOBODY=65534
for b in "$WORKLOAD" "$REPLAY" "$PRIVTRACE"; do
	[ -x "$b" ] || { echo "replay: $b missing: build first (make bench)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/privtrace-replay.XXXXXX")
chmod 0755 "$work"
cleanup() {
	[ -s "$work/held.pids" ] && xargs kill <"$work/held.pids" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
secret=$work/secret
echo s >"$secret"
chmod 0600 "$secret"
w=$PWD/$WORKLOAD

# The recording's own command (run by replay in its traced tree): starts
# the workloads, held, and returns once each has said it is done.
#   held MODE N [PREFIX...]   one workload under PREFIX (PATH is the secret)
cat >"$work/record.sh" <<'EOF'
work=$1 w=$2 secret=$3
shift 3
i=0
while [ $# -gt 0 ]; do
	i=$((i + 1))
	cmd=$1
	shift
	# shellcheck disable=SC2086
	WORKLOAD_HOLD=1 $cmd >"$work/held.$i" 2>&1 </dev/null &
	echo $! >>"$work/held.pids"
done
for _ in $(seq 600); do
	for f in "$work"/held.[0-9]*; do [ -s "$f" ] || { sleep 0.1; continue 2; }; done
	exit 0
done
exit 1
EOF
nobody="setpriv --reuid $NOBODY --regid $NOBODY --clear-groups"

# best_rate FILE: events a second `privtrace report FILE` reads, best of three
best_rate() {
	local best=0 i t0 t1 ns
	for i in 1 2 3; do
		t0=$(date +%s%N)
		taskset -c "$cpu" "$PRIVTRACE" report "$1" >/dev/null 2>"$work/report.err" ||
			{ cat "$work/report.err" >&2; exit 1; }
		t1=$(date +%s%N)
		ns=$((t1 - t0))
		[ "$best" -eq 0 ] || [ "$ns" -lt "$best" ] && best=$ns
	done
	echo $((K * 1000000000 / best))
}

# report_bench RECORDING: the report's reading rates and the capture's size
report_bench() {
	local c=$work/$1.ptcap j=$work/$1.json cap_b gz_b n1
	gzip -6 -c "$j" >"$j.gz"
	gzip -6 -c "$j.once" >"$j.once.gz"
	cap_b=$(stat -c %s "$c.once")
	gz_b=$(stat -c %s "$j.once.gz")
	n1=$(wc -l <"$j.once")
	echo "  $1: report reads $K events: capture $(best_rate "$c") events/s," \
		"JSON lines $(best_rate "$j") events/s, gzip'd JSON lines $(best_rate "$j.gz") events/s"
	echo "  $1: the recording's $n1 events once: capture $cap_b bytes ($((cap_b / n1)) per event)," \
		"gzip -6 JSON lines $gz_b ($((gz_b / n1)) per event): the capture is" \
		"$(awk "BEGIN { printf \"%.2f\", $cap_b / $gz_b }")x their size"
	rm -f "$c" "$j" "$j.gz" "$c.once" "$j.once" "$j.once.gz"
}
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')

echo "replay: the user-space pipeline alone, on one core, $N events per recording"
for rec in flood mix; do
	rm -f "$work"/held.*
	: >"$work/held.pids"
	case $rec in
	flood) set -- "$nobody $w denied 10000 $secret" ;;
	mix) set -- "$nobody $w denied 3000 $secret" "$nobody unshare -Ur $w denied 3000 $secret" \
		"$w cred 2000" ;;
	esac
	out=$("$REPLAY" -n "$N" -o "$work/replay.json" -k "$work/$rec.ptcap" -j "$work/$rec.json" -K "$K" -- sh "$work/record.sh" "$work" "$w" "$secret" "$@" \
		2>"$work/replay.err") || { cat "$work/replay.err" >&2; exit 1; }
	xargs kill <"$work/held.pids" 2>/dev/null || true
	: >"$work/held.pids"
	echo "  $rec: $(sed -n 's/^replay: recorded/recorded/p' "$work/replay.err")"
	echo "  $rec: ${out#replay: }"
	rm -f "$work/replay.json"
	report_bench "$rec"
done
