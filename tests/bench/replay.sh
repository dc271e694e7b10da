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
set -euo pipefail
cd "$(dirname "$0")/../.."

WORKLOAD=${WORKLOAD:-build/tests/bench/workload}
REPLAY=${REPLAY:-build/tests/bench/replay}
N=${BENCH_REPLAY_N:-3000000}
NOBODY=65534
for b in "$WORKLOAD" "$REPLAY"; do
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

echo "replay: the user-space pipeline alone, on one core, $N events per recording"
for rec in flood mix; do
	rm -f "$work"/held.*
	: >"$work/held.pids"
	case $rec in
	flood) set -- "$nobody $w denied 10000 $secret" ;;
	mix) set -- "$nobody $w denied 3000 $secret" "$nobody unshare -Ur $w denied 3000 $secret" \
		"$w cred 2000" ;;
	esac
	out=$("$REPLAY" -n "$N" -o "$work/replay.json" -- sh "$work/record.sh" "$work" "$w" "$secret" "$@" \
		2>"$work/replay.err") || { cat "$work/replay.err" >&2; exit 1; }
	xargs kill <"$work/held.pids" 2>/dev/null || true
	: >"$work/held.pids"
	echo "  $rec: $(sed -n 's/^replay: recorded/recorded/p' "$work/replay.err")"
	echo "  $rec: ${out#replay: }"
	rm -f "$work/replay.json"
done
