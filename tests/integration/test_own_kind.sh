#!/usr/bin/env bash
# privtrace's own kind at work: a second privtrace started while a first one
# traces the machine loads and attaches its programs with bpf(), whose
# CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN checks the first one reports with
# the call they were made in (privtrace.capability.loader_call), from the
# kernel's registers, not from the task's name; a check outside those calls
# carries no label, whatever the task is called. The second one's flood of
# identical checks is folded into repeat records.
. "$(dirname "$0")/lib.sh"
ensure_user
out=$TMPD/ev.json

"$PRIVTRACE" -o json -w "$out" 2>"$out.err" &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
wait_ready "$out.err"
"$PRIVTRACE" -d 1 -o json -w /dev/null 2>"$TMPD/second.err" &
second=$!
wait $second || fail "the second privtrace failed: $(cat "$TMPD/second.err")"
# a task named like a loader, refused a capability outside bpf()
as_user "$PTHELPER" comm privtrace /nonexistent-$$ || true
as_user "$PTHELPER" sethostname || true
sleep 1.5
kill -INT $pid
wait $pid || fail "privtrace exited with $?: $(cat "$out.err")"

me=".process.pid == $second and .event.action == \"capability\""
expect "$out" 1 "$me and .privtrace.capability.name == \"CAP_BPF\"
	and .privtrace.capability.loader_call == \"bpf\" and .event.outcome == \"success\"" \
	"the second privtrace's CAP_BPF checks, labelled as made in bpf()"
expect "$out" 1 "$me and .privtrace.capability.name == \"CAP_PERFMON\"
	and .privtrace.capability.loader_call == \"bpf\"" "... and its CAP_PERFMON checks"
expect_none "$out" "$me and (.privtrace.capability.name == \"CAP_BPF\" or .privtrace.capability.name == \"CAP_PERFMON\")
	and .privtrace.capability.loader_call == null" "none of its BPF checks without the label"
expect "$out" 1 "$me and .privtrace.capability.loader_call == \"bpf\" and .privtrace.repeat.count > 0" \
	"its flood of checks folded into repeat records"
expect "$out" 1 ".process.name == \"pthelper\" and .event.action == \"capability\"
	and .privtrace.capability.name == \"CAP_SYS_ADMIN\" and .event.outcome == \"failure\"
	and .privtrace.capability.loader_call == null" "a refused check outside bpf() carries no label"
expect_none "$out" ".process.pid != $second and .privtrace.capability.loader_call != null" \
	"no other task labelled a loader"
# the table says it too
"$PRIVTRACE" report --timeline "$out" >"$TMPD/table.out"
contains -F 'CAP_BPF in bpf (a BPF loader)' <"$TMPD/table.out" || fail "the table does not label the loader's checks"
echo "ok: privtrace's own kind labelled"
