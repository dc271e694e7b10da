#!/usr/bin/env bash
# Once its programs are attached, a system-wide privtrace keeps only what the
# rest of its run needs (README, Privileges): in every thread none of
# CAP_SYS_ADMIN, CAP_BPF, CAP_PERFMON, CAP_SYS_MODULE, no_new_privs set, a
# seccomp filter. And it still does that work: a denial reported, a flood
# folded into a repeat record (the fold sweep reads a BPF iterator), the
# health record's counters read from a map. In `run` mode the command keeps
# the privileges it was started with.
. "$(dirname "$0")/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/ev.json

CAP_SYS_MODULE=16 CAP_SYS_ADMIN=21 CAP_PERFMON=38 CAP_BPF=39
CAP_DAC_READ_SEARCH=2 CAP_SYS_PTRACE=19
has_cap() { (((16#$1 >> $2) & 1)); }
field() { awk -v k="$2:" '$1 == k { print $2 }' "$1"; }

# what this kernel does with a bpf() command from a task without CAP_BPF:
# EBADF (9) lets it ask about an fd it holds; EPERM (1) refuses every
# command (unprivileged BPF disabled, before Linux 6.5), so privtrace must
# keep CAP_BPF to read its maps
gate=0
as_user "$PTHELPER" bpf-gate || gate=$?
case $gate in
9) bpf_kept=0 ;;
1) bpf_kept=1 ;;
*) fail "bpf-gate: unexpected status $gate" ;;
esac
echo "bpf() without CAP_BPF: status $gate (CAP_BPF kept: $bpf_kept)"

"$PRIVTRACE" -o json -w "$out" --health-interval 1 2>"$out.err" &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
wait_ready "$out.err"

ntask=0
for st in /proc/$pid/task/*/status; do
	ntask=$((ntask + 1))
	tid=$(basename "$(dirname "$st")")
	for set in CapEff CapPrm CapInh CapAmb; do
		v=$(field "$st" $set)
		for cap in CAP_SYS_ADMIN CAP_PERFMON CAP_SYS_MODULE; do
			! has_cap "$v" ${!cap} || fail "thread $tid: $cap in $set ($v)"
		done
		if [ "$bpf_kept" = 0 ] || [ $set = CapInh ] || [ $set = CapAmb ]; then
			! has_cap "$v" $CAP_BPF || fail "thread $tid: CAP_BPF in $set ($v)"
		else
			has_cap "$v" $CAP_BPF || fail "thread $tid: CAP_BPF gone from $set, but bpf() needs it here"
		fi
	done
	eff=$(field "$st" CapEff)
	has_cap "$eff" $CAP_DAC_READ_SEARCH || fail "thread $tid: CAP_DAC_READ_SEARCH dropped ($eff)"
	has_cap "$eff" $CAP_SYS_PTRACE || fail "thread $tid: CAP_SYS_PTRACE dropped ($eff)"
	[ "$(field "$st" NoNewPrivs)" = 1 ] || fail "thread $tid: NoNewPrivs not set"
	[ "$(field "$st" Seccomp)" = 2 ] || fail "thread $tid: no seccomp filter"
	echo "thread $tid: CapEff $eff CapPrm $(field "$st" CapPrm) NoNewPrivs 1 Seccomp 2"
done
# the main loop, the syslog-less run still has the metadata worker
[ $ntask -ge 2 ] || fail "only $ntask thread: the later threads were not checked"
if [ "$bpf_kept" = 1 ]; then
	contains 'CAP_BPF is kept' <"$out.err" || fail "CAP_BPF kept without saying why"
else
	! contains 'CAP_BPF is kept' <"$out.err" || fail "says CAP_BPF is kept where bpf() does not need it"
fi

# the work that follows the drop: a denial, a flood folded, health records
as_user "$PTHELPER" open "$secret" || true
"$PTHELPER" burst 2000 "$secret" $TEST_UID >/dev/null || fail "burst: every open should be EACCES"
sleep 2.5
kill -INT $pid
wait $pid || fail "privtrace exited with $?: $(cat "$out.err")"
grep -q '^privtrace: summary: .*; lost 0' "$out.err" || fail "no summary: $(cat "$out.err")"
expect "$out" 1 ".process.name == \"pthelper\" and .event.action == \"file\" and .event.outcome == \"failure\"
	and .file.path == \"$secret\"" "a denial reported after the drop"
expect "$out" 1 ".process.name == \"pthelper\" and .privtrace.repeat.count > 0" \
	"the flood folded into a repeat record (the fold sweep's iterator read)"
expect "$out" 1 ".event.action == \"health\" and .privtrace.health.coalesced > 0" \
	"a health record with the kernel's count of folded events (a map lookup)"

# run mode: the command is forked before the drop and keeps root's set
out=$TMPD/run.json
pt_run "$out" -- sh -c 'grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status >"$1"' sh "$TMPD/child.status"
[ "$PT_STATUS" -eq 0 ] || fail "run: status $PT_STATUS"
mine=$(field /proc/self/status CapEff)
[ "$(field "$TMPD/child.status" CapEff)" = "$mine" ] ||
	fail "run: the command has CapEff $(field "$TMPD/child.status" CapEff), not its starter's $mine"
[ "$(field "$TMPD/child.status" NoNewPrivs)" = 0 ] || fail "run: the command got no_new_privs"
[ "$(field "$TMPD/child.status" Seccomp)" = "$(field /proc/self/status Seccomp)" ] ||
	fail "run: the command got the tracer's syscall filter"
echo "ok: least privilege after attach"
