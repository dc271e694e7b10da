#!/usr/bin/env bash
# The collector goes away for 30 s while events keep coming (an unprivileged
# user's denied opens, in a loop). privtrace neither crashes nor stalls: its
# file sink gets every event throughout, its memory stays flat (the TCP
# sink's queue holds 200 records: the oldest go). When rsyslog is back, the
# first thing it receives is the "dropped" record, whose count is exactly
# the records it is missing (one gap, where the outage was; a report may
# follow for a few more dropped while the queue drained, each its own gap),
# then the records kept and everything after, in order, byte for byte.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
rs_start

# after the restart: long enough for the sink's next try (its backoff tops out at 10 s)
UP_S=5 OUTAGE_S=30 UP_AFTER_S=15 QUEUE=200
# not *.json: tests/run.sh keeps those of every test for the schema check, and
# this one is some 60 MiB of the same few records (dropped.json, below, is kept)
out=$TMPD/events.jsonlines
stop=$TMPD/stop
loop=$TMPD/loop.sh
cat >"$loop" <<EOF
while [ ! -e "$stop" ]; do
	"$PTHELPER" burst 10 "$secret" $TEST_UID >/dev/null
	sleep 0.02
done
EOF

"$PRIVTRACE" -o json --denied-only --no-coalesce --sink "syslog+tcp://127.0.0.1:$RS_TCP?queue=$QUEUE" \
	--sink "file:$out" run -- bash "$loop" >"$out.stdout" 2>"$out.err" &
pt=$!
cleanup_hooks+=("touch '$stop'; sleep 1; kill $pt 2>/dev/null")
wait_ready "$out.err"

sleep $UP_S
[ "$(lines "$RS/tcp.log")" -gt 0 ] || fail "rsyslog received nothing while it was up"
rs_stop
before=$(lines "$RS/tcp.log")
f0=$(lines "$out")
b0=$(stat -c %s "$out")
echo "rsyslog stopped after $before messages; $f0 records in the file sink"

# the queue may fill in the first seconds; from then on memory must not grow
rss=()
for i in $(seq $OUTAGE_S); do
	sleep 1
	kill -0 $pt 2>/dev/null || { cat "$out.err" >&2; fail "privtrace died during the outage"; }
	rss+=("$(rss_kb $pt)")
done
f1=$(lines "$out")
grown=$(($(stat -c %s "$out") - b0))
echo "during the outage: $((f1 - f0)) records ($((grown / 1024)) KiB) to the file sink; VmRSS (KiB): ${rss[*]}"
[ $((f1 - f0)) -gt $((OUTAGE_S * 20)) ] || fail "the file sink stalled during the outage: $((f1 - f0)) records in ${OUTAGE_S}s"
# an unbounded queue would have grown by what the file got
[ "$grown" -gt $((8 << 20)) ] || fail "too few events ($grown bytes) for the memory check to mean anything"
max=0
for r in "${rss[@]:5}"; do [ "$r" -gt "$max" ] && max=$r; done
[ $((max - rss[4])) -lt 4096 ] ||
	fail "VmRSS grew from ${rss[4]} to $max KiB during the outage: the queue is not bounded"
echo "ok: privtrace kept writing its file and its memory stayed within 4 MiB while the collector was down"

rs_start
sleep $UP_AFTER_S
touch "$stop"
status=0
wait $pt || status=$?
[ "$status" -eq 0 ] || { cat "$out.err" >&2; fail "privtrace exited with $status"; }
grep -q '^privtrace: summary' "$out.err" || fail "no summary line"

n=$(lines "$out")
events=$(count "$out" '.event.kind == "event"')
[ "$events" -eq "$(summary_events "$out.err")" ] ||
	fail "the file sink has $events events, the summary says $(summary_events "$out.err")"
echo "ok: the file sink has every event ($events, as the summary counts)"

# what rsyslog must end with: every record but the dropped ones, plus the reports
sleep 2
reports=$TMPD/reports
for _ in $(seq 300); do
	awk -F'\t' '$5 == "dropped"' "$RS/tcp.log" >"$reports"
	total=$(cut -f7- "$reports" | jq -s 'map(.privtrace.dropped.total) | max // 0')
	[ "$(lines "$RS/tcp.log")" -ge $((n - total + $(lines "$reports"))) ] && [ -s "$reports" ] && break
	sleep 0.1
done
[ -s "$reports" ] || fail "rsyslog received no \"dropped\" record"
cut -f7- "$reports" >"$TMPD/dropped.json"
sum=$(jq -s 'map(.privtrace.dropped.records) | add' "$TMPD/dropped.json")
echo "dropped records: $(lines "$reports"), reporting $sum records (total $total)"
[ "$sum" -eq "$total" ] || fail "the reports' counts ($sum) do not add up to their total ($total)"
cut -f7- "$reports" | jq -e --arg s "syslog+tcp://127.0.0.1:$RS_TCP" 'select(.event.kind != "metric"
	or (.event | has("category") or has("type")) or .event.action != "dropped" or .ecs.version != "9.4.0"
	or .privtrace.dropped.sink != $s or (."@timestamp" | test("^[0-9-]{10}T[0-9:]{8}\\.[0-9]{9}Z$") | not))' \
	>/dev/null && fail "a \"dropped\" record is not as docs/schema.md says: $(cut -f7- "$reports")"
awk -F'\t' 'NR == '$((before + 1))' && $5 == "dropped" && $1 == 84 && $6 == "-" { ok = 1 }
	END { exit !ok }' "$RS/tcp.log" ||
	fail "the first message after the restart is not the \"dropped\" record (authpriv.warning, no SD): $(sed -n $((before + 1))p "$RS/tcp.log" | cut -c1-200)"
echo "ok: the first message after the restart is the \"dropped\" record"

# received, reports aside, against the file sink: in order, one gap, as big as reported
got=$TMPD/got.jsonlines
awk -F'\t' '$5 != "dropped"' "$RS/tcp.log" | cut -f7- >"$got"
read -r missing gaps last <<<"$(awk 'BEGIN { prev = -2 }
	NR == FNR { want[++n] = $0; next }
	{ while (i < n && want[++i] != $0) { miss++; if (i - 1 != prev) gaps++; prev = i }
	  if (want[i] != $0) { print "-1 -1 -1"; bad = 1; exit } }
	END { if (!bad) print miss + (n - i), gaps + (i < n), (i == n) }' "$out" "$got")"
[ "$missing" -ge 0 ] || fail "rsyslog received a record the file sink does not have, or out of order"
echo "rsyslog has $(lines "$got") of $n records: $missing missing in $gaps gap(s)"
[ "$last" -eq 1 ] || fail "the last records (after the restart) did not reach rsyslog"
[ "$missing" -eq "$total" ] || fail "rsyslog misses $missing records, the \"dropped\" record says $total"
# oldest dropped first: each report stands for one block of missing records
[ "$gaps" -ge 1 ] && [ "$gaps" -le "$(lines "$reports")" ] ||
	fail "$gaps blocks of missing records for $(lines "$reports") \"dropped\" records"
[ "$missing" -gt 0 ] || fail "nothing was dropped: the outage test proved nothing"
# the stream resumed: far more came after the report than the queue could have held
after=$(awk -F'\t' 'NR > '$((before + 1))' && $5 != "dropped"' "$RS/tcp.log" | wc -l)
[ "$after" -gt $((QUEUE * 3)) ] ||
	fail "only $after records after the restart: the sink did not resume sending"
echo "ok: the \"dropped\" count ($total) is exactly what rsyslog misses, in $gaps block(s); then $after records, to the last"
