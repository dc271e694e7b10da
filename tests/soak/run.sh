#!/usr/bin/env bash
# privtrace soak test (make soak; never part of make test): privtrace traces
# the whole machine (-o json) while
#   churn      SOAK_CGROUPS container cgroups (default 10000) are made and
#              removed, SOAK_PARALLEL at a time, named as Docker's systemd
#              driver names them (<cgroup2>/pt-soak-PID.slice/docker-<64 hex>.scope),
#              each with one short-lived process that joins it, drops to
#              uid 65534 and is denied a root-only file (tests/soak/soakload.c)
#   sustained  one task denied an open SOAK_RATE times a second (default 200),
#              each on its own path, for as long as the churn lasts
#   docker     then SOAK_DOCKER real containers (default 100; 0: none)
#              started one by one through a private dockerd of its own
#              (tests/containers/lib.sh, stopped at the end), each denied
#              its /etc/secret, whose names privtrace asks the Docker API for
# Every second privtrace's VmRSS, VmHWM, open fds and threads go to a CSV.
# The JSON is read as it comes (jq) into a few fields per record, kept in a
# temporary directory until the end; SOAK_OUT gets the first SOAK_SAMPLE
# of those lines and the churn's records not attributed to their container.
# A churned cgroup's records should all carry its container id: with
# SOAK_LINGER_MS=0 (removed as soon as its process is reaped) most do not
# (README, Soak).
#
# Fails (exit 1) when privtrace dies, when its RSS grows by more than
# SOAK_RSS_GROWTH_KB (default 8192) from the end of the warm-up (the first
# SOAK_WARMUP cgroups, default 2000: the container cache holds 1,024) to
# its peak or to the end, or when it has more open fds at the end, the load
# gone, than at the start (SOAK_FD_SLACK, default 0, allowed). Lost events
# and unattributed ones are reported, not failed on.
#
# Other settings: PRIVTRACE (binary), SOAK_PT_ARGS (more privtrace options),
# SOAK_LINGER_MS (a cgroup is removed this long after its process exits,
# default 50), SOAK_OUT (where the CSV, the result and privtrace's stderr are
# kept, default build/soak).
set -euo pipefail
cd "$(dirname "$0")/../.."

PRIVTRACE=${PRIVTRACE:-build/privtrace}
SOAKLOAD=${SOAKLOAD:-build/tests/soak/soakload}
CGROUPS=${SOAK_CGROUPS:-10000}
PARALLEL=${SOAK_PARALLEL:-4}
RATE=${SOAK_RATE:-200}
LINGER_MS=${SOAK_LINGER_MS:-50}
WARMUP=${SOAK_WARMUP:-2000}
RSS_GROWTH_KB=${SOAK_RSS_GROWTH_KB:-8192}
FD_SLACK=${SOAK_FD_SLACK:-0}
DOCKER_N=${SOAK_DOCKER:-100}
SAMPLE=${SOAK_SAMPLE:-200}
OUT=${SOAK_OUT:-build/soak}
NOBODY=65534

say() { echo "soak: $*" >&2; }
die() {
	say "$*"
	exit 1
}

[ "$(id -u)" -eq 0 ] || die "root needed (privtrace, cgroups)"
for b in "$PRIVTRACE" "$SOAKLOAD"; do
	[ -x "$b" ] || die "$b missing: build first (make soak)"
done
command -v jq >/dev/null || die "jq missing (make deps)"
for v in CGROUPS PARALLEL LINGER_MS WARMUP RSS_GROWTH_KB FD_SLACK DOCKER_N SAMPLE; do
	[[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, not '${!v}'"
done
[[ "$RATE" =~ ^[0-9]+$ && "$RATE" -gt 0 ]] || die "SOAK_RATE must be a positive number"
[ "$PARALLEL" -ge 1 ] || die "SOAK_PARALLEL must be at least 1"
[ "$CGROUPS" -ge "$PARALLEL" ] || die "SOAK_CGROUPS must be at least SOAK_PARALLEL"
# the warm-up ends before the churn does
[ "$WARMUP" -le $((CGROUPS / 2)) ] || WARMUP=$((CGROUPS / 5))
CG2=$(findmnt -rn -t cgroup2 -o TARGET | head -1)
[ -n "$CG2" ] || die "no cgroup v2 hierarchy mounted"

work=$(mktemp -d /tmp/privtrace-soak.XXXXXX)
chmod 0755 "$work"
mkdir -p "$OUT"
PARENT=$CG2/pt-soak-$$.slice
pt_pid='' jq_pid='' sampler_pid='' pace_pid='' ct_dir=''
churn_pids=()

# every process this script started, every cgroup it made: gone, whatever
# the way out (failure, Ctrl-C, SIGTERM)
cleanup() {
	local p d i
	trap - EXIT INT TERM
	for p in "${churn_pids[@]}" $pace_pid $sampler_pid; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${churn_pids[@]}" $pace_pid $sampler_pid; do
		wait "$p" 2>/dev/null || true
	done
	if [ -n "$pt_pid" ] && kill -0 "$pt_pid" 2>/dev/null; then
		kill -TERM "$pt_pid" 2>/dev/null || true
		for _ in $(seq 100); do kill -0 "$pt_pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pt_pid" 2>/dev/null || true
	fi
	[ -n "$jq_pid" ] && { kill -TERM "$jq_pid" 2>/dev/null || true; wait "$jq_pid" 2>/dev/null || true; }
	if [ -d "$PARENT" ]; then
		for d in "$PARENT"/*/; do
			[ -d "$d" ] || continue
			# only the churn's children can be in there
			for i in $(seq 50); do
				[ -s "$d/cgroup.procs" ] || break
				xargs -r kill -KILL <"$d/cgroup.procs" 2>/dev/null || true
				sleep 0.1
			done
			rmdir "$d" 2>/dev/null || say "could not remove $d"
		done
		rmdir "$PARENT" 2>/dev/null || say "could not remove $PARENT"
	fi
	[ -n "$ct_dir" ] && bash tests/containers/lib.sh down "$ct_dir" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'say interrupted; exit 130' INT TERM

secret=$work/secret
echo soak >"$secret"
chmod 0600 "$secret"
mkdir -m 0700 "$work/locked"
mkdir "$PARENT"
tag=$(printf '%04x%04x' $((RANDOM)) $((RANDOM)))

docker_sock=
if [ "$DOCKER_N" -gt 0 ]; then
	ct_dir=$work/ct
	say "starting private Docker daemons in $ct_dir"
	bash tests/containers/lib.sh up "$ct_dir" >"$work/ct-up.log" 2>&1 ||
		{ tail -20 "$work/ct-up.log" >&2; die "the Docker daemons did not start"; }
	docker_sock=$ct_dir/plain/docker.sock
fi
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=docker
dk() { DOCKER_CONFIG=$ct_dir/plain/cli "$DOCKER" -H "unix://$docker_sock" "$@"; }

# --- privtrace, its JSON read as it comes ------------------------------------
# one line per record: E ACTION OUTCOME CGROUP_ID CONTAINER_ID NAME COMM REPEAT PATH
# for events, M <the record> for loss and health records
mkfifo "$work/json"
jq -r --unbuffered '
	if .event.kind == "event" then
		["E", .event.action, .event.outcome, (.privtrace.cgroup.id // 0),
		 (.container.id // "-"), (.container.name // "-"), .process.name,
		 (.privtrace.repeat.count // 0), (.file.path // "-")] | map(tostring) | @tsv
	else "M\t" + tojson end' <"$work/json" >"$work/records.tsv" 2>"$work/jq.err" &
jq_pid=$!
pt_args=(-o json --health-interval 10)
[ -n "$docker_sock" ] && pt_args+=(--docker-socket "$docker_sock")
# shellcheck disable=SC2206
[ -n "${SOAK_PT_ARGS:-}" ] && pt_args+=($SOAK_PT_ARGS)
"$PRIVTRACE" "${pt_args[@]}" >"$work/json" 2>"$work/privtrace.err" &
pt_pid=$!
for _ in $(seq 600); do
	grep -qs '^privtrace: tracing' "$work/privtrace.err" && break
	kill -0 "$pt_pid" 2>/dev/null || { cat "$work/privtrace.err" >&2; die "privtrace did not start"; }
	sleep 0.1
done
grep -qs '^privtrace: tracing' "$work/privtrace.err" || die "privtrace did not say it was tracing within 60 s"
say "privtrace $pt_pid tracing: $("$PRIVTRACE" --version 2>&1 | head -1)"

# --- samples, one a second ----------------------------------------------------
csv=$OUT/samples.csv
echo "t_s,phase,rss_kb,hwm_kb,fds,threads,cgroups_done,records" >"$csv"
echo idle >"$work/phase"
# cgroups made so far (a map line each)
churned_so_far() { { cat "$work"/map.* 2>/dev/null || true; } | wc -l; }
sampler() {
	local t0=$SECONDS k v rss hwm thr fds cg rec phase
	while kill -0 "$pt_pid" 2>/dev/null; do
		rss='' hwm='' thr=''
		while read -r k v _; do
			case $k in
			VmRSS:) rss=$v ;;
			VmHWM:) hwm=$v ;;
			Threads:) thr=$v ;;
			esac
		done <"/proc/$pt_pid/status" 2>/dev/null || break
		fds=$(find "/proc/$pt_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
		cg=$(churned_so_far)
		rec=$(wc -l <"$work/records.tsv")
		phase=$(cat "$work/phase")
		echo "$((SECONDS - t0)),$phase,$rss,$hwm,$fds,$thr,$cg,$rec" >>"$csv"
		sleep 1
	done
}
sampler &
sampler_pid=$!
alive() { kill -0 "$pt_pid" 2>/dev/null || die "privtrace died: $(tail -5 "$work/privtrace.err")"; }

sleep 3
alive
# the idle state the end is compared with
idle_sample=$(tail -1 "$csv")

# --- the load -----------------------------------------------------------------
echo churn >"$work/phase"
"$SOAKLOAD" pace "$RATE" 0 "$work/locked" $NOBODY >"$work/pace.out" 2>"$work/pace.err" &
pace_pid=$!
say "churning $CGROUPS cgroups under $PARENT, $PARALLEL at a time, with $RATE denied opens/s beside"
t_churn=$SECONDS
per=$((CGROUPS / PARALLEL))
for ((w = 0; w < PARALLEL; w++)); do
	n=$per
	[ "$w" -eq $((PARALLEL - 1)) ] && n=$((CGROUPS - per * (PARALLEL - 1)))
	"$SOAKLOAD" churn "$PARENT" "$tag" $((w * per)) "$n" "$secret" $NOBODY "$LINGER_MS" \
		"$work/map.$w" 2>"$work/churn.$w.err" &
	churn_pids+=($!)
done
last=0
churn_ok=1
for p in "${churn_pids[@]}"; do
	while kill -0 "$p" 2>/dev/null; do
		sleep 2
		alive
		done_n=$(churned_so_far)
		if [ $((done_n / 1000)) -gt $((last / 1000)) ]; then
			say "$done_n cgroups, $(tail -1 "$csv" | cut -d, -f3) kB RSS, $((SECONDS - t_churn)) s"
			last=$done_n
		fi
	done
	wait "$p" || churn_ok=0
done
churn_pids=()
t_churn=$((SECONDS - t_churn))
[ "$churn_ok" -eq 1 ] || { cat "$work"/churn.*.err >&2; die "the churn failed"; }

if [ "$DOCKER_N" -gt 0 ]; then
	echo docker >"$work/phase"
	say "starting $DOCKER_N containers one by one"
	t_docker=$SECONDS
	for ((i = 0; i < DOCKER_N; i++)); do
		dk run --rm --name "pt-soak-$$-$i" --user 1001 --network none privtrace-busybox:test \
			cat /etc/secret >/dev/null 2>&1 || true
		alive
	done
	t_docker=$((SECONDS - t_docker))
fi

kill -TERM "$pace_pid"
wait "$pace_pid" || true
pace_pid=
# a repeat record or a metadata answer still due: let them go out, then the
# idle state again
echo settle >"$work/phase"
sleep 5
alive
end_sample=$(tail -1 "$csv")
# CPU seconds (user + system) privtrace and the JSON reader used
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat"; }
pt_cpu=$(cpu_s "$pt_pid")
jq_cpu=$(cpu_s "$jq_pid")

kill -TERM "$pt_pid"
pt_status=0
wait "$pt_pid" || pt_status=$?
pt_pid=
wait "$jq_pid" || true
jq_pid=
kill -TERM "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=

# --- what it said ---------------------------------------------------------------
cp "$work/privtrace.err" "$OUT/privtrace.err"
summary=$(grep '^privtrace: summary' "$work/privtrace.err" || true)
head -n "$SAMPLE" "$work/records.tsv" >"$OUT/records-sample.tsv"
cat "$work"/map.* >"$work/map"
churned=$(wc -l <"$work/map")

# per churned cgroup: its events, attributed to its container or not
awk -F'\t' -v out="$OUT/unattributed.tsv" '
	FNR == NR { split($0, a, " "); want[a[1]] = a[2]; next }
	$1 != "E" || !($4 in want) { next }
	{
		n++; seen[$4]++
		if ($5 == want[$4]) ok++
		else if ($5 == "-") { none++; bad[$4]++; print > out }
		else { wrong++; bad[$4]++; print > out }
	}
	END {
		for (c in seen) { cg++; if (!(c in bad)) allok++ }
		printf "%d %d %d %d %d %d\n", n, ok, none, wrong, cg, allok
	}' "$work/map" "$work/records.tsv" >"$work/attr"
read -r ch_events ch_ok ch_none ch_wrong ch_seen ch_allok <"$work/attr"
: >>"$OUT/unattributed.tsv"

pace_line=$(cat "$work/pace.out")
pace_opens=$(awk '{print $2}' <<<"$pace_line")
pace_secs=$(awk '{print $5}' <<<"$pace_line")
read -r sus_records sus_repeat sus_files < <(awk -F'\t' -v p="$work/locked/" '
	$1 == "E" && index($9, p) == 1 { r++; rep += $8; if ($2 == "file") f++ }
	END { printf "%d %d %d\n", r, rep, f }' "$work/records.tsv")
total_events=$(awk -F'\t' '$1 == "E"' "$work/records.tsv" | wc -l)
lost=$(sed -n 's/.*; lost \([0-9]*\).*/\1/p' <<<"$summary")
if [ "$DOCKER_N" -gt 0 ]; then
	# the containers' denials of /etc/secret: how many carry the name
	read -r dk_named dk_records dk_unnamed < <(awk -F'\t' -v pre="pt-soak-$$-" '
		$1 != "E" || $5 == "-" || $9 != "/etc/secret" { next }
		index($6, pre) == 1 { names[$6]++; named++; next }
		{ unnamed++ }
		END { n = 0; for (k in names) n++; printf "%d %d %d\n", n, named, unnamed }' "$work/records.tsv")
fi

# RSS and fds: start (idle), end of the warm-up, peak after it, end (idle again)
IFS=, read -r _ _ rss0 _ fd0 thr0 _ _ <<<"$idle_sample"
IFS=, read -r _ _ rss1 hwm1 fd1 thr1 _ _ <<<"$end_sample"
read -r rss_warm rss_peak fd_max < <(awk -F, -v w="$WARMUP" -v ph=churn '
	NR == 1 { next }
	{ if ($5 > fdmax) fdmax = $5 }
	warm == "" && $7 >= w && $2 == ph { warm = $3 }
	warm != "" && $3 > peak { peak = $3 }
	END { printf "%s %s %s\n", (warm == "" ? 0 : warm), (peak == "" ? 0 : peak), fdmax }' "$csv")
fails=()
[ "$pt_status" -eq 0 ] || fails+=("privtrace exited with status $pt_status")
[ -n "$summary" ] || fails+=("privtrace printed no summary")
[ "$rss_warm" -gt 0 ] || fails+=("no sample at the end of the warm-up")
[ $((rss_peak - rss_warm)) -le "$RSS_GROWTH_KB" ] ||
	fails+=("RSS grew by $((rss_peak - rss_warm)) kB after the warm-up (peak), bound $RSS_GROWTH_KB kB")
[ $((rss1 - rss_warm)) -le "$RSS_GROWTH_KB" ] ||
	fails+=("RSS grew by $((rss1 - rss_warm)) kB after the warm-up (end), bound $RSS_GROWTH_KB kB")
[ "$fd1" -le $((fd0 + FD_SLACK)) ] || fails+=("open fds $fd0 at the start, $fd1 at the end: a leak")
[ "$thr1" -le "$thr0" ] || fails+=("threads $thr0 at the start, $thr1 at the end")

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
{
	echo "== privtrace soak, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) cpus =="
	echo "cgroups churned      $churned in ${t_churn} s ($PARALLEL in parallel, linger ${LINGER_MS} ms)"
	echo "events received      $total_events event records"
	echo "  churn cgroups'     $ch_events records from $ch_seen of the $churned cgroups:"
	echo "                     $ch_ok with their cgroup's container id, $ch_none with none (host), $ch_wrong with another"
	echo "                     $ch_allok cgroups with every record attributed, $((churned - ch_seen)) cgroups with no record"
	echo "  sustained          $pace_opens denied opens in $pace_secs s ($(awk -v n="$pace_opens" -v s="$pace_secs" 'BEGIN { printf "%.0f", n / s }')/s asked):"
	echo "                     $sus_records records ($sus_files file denials, $sus_repeat more in repeat counts) = $(awk -v n="$sus_records" -v r="$sus_repeat" -v s="$pace_secs" 'BEGIN { printf "%.0f", (n + r) / s }') events/s received"
	if [ "$DOCKER_N" -gt 0 ]; then
		echo "  docker             $DOCKER_N containers in ${t_docker} s: $dk_named of them named in their records;"
		echo "                     their denials of /etc/secret: $dk_records records with the name, $dk_unnamed without"
	fi
	echo "RSS                  start $(mb "$rss0") MB, after warm-up ($WARMUP cgroups) $(mb "$rss_warm") MB, peak $(mb "$rss_peak") MB, end $(mb "$rss1") MB (VmHWM $(mb "$hwm1") MB)"
	echo "open fds             start $fd0, max $fd_max, end $fd1; threads start $thr0, end $thr1"
	echo "CPU                  privtrace $pt_cpu s, the soak's JSON reader (jq) $jq_cpu s"
	echo "lost                 ${lost:-?}"
	echo "${summary:-privtrace: no summary}"
	if [ ${#fails[@]} -eq 0 ]; then
		echo "PASS"
	else
		printf 'FAIL: %s\n' "${fails[@]}"
	fi
} | tee "$OUT/result.txt"
say "samples in $csv, unattributed records in $OUT/unattributed.tsv"
[ ${#fails[@]} -eq 0 ]
