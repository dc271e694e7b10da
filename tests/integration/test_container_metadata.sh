#!/usr/bin/env bash
# A container whose runtime answers late, or never, or is not there: its
# events carry the container id from the cgroup at once, are held no longer
# than --metadata-wait-ms for the name, and get the name once the runtime has
# said it; privtrace neither stalls nor hangs at exit. No container engine is
# needed: a cgroup v2 directory named as Docker names them (/docker/<64 hex>)
# makes a task a container, and tests/progs/fakedocker plays the Docker API.
. "$(dirname "$0")/lib.sh"
FAKEDOCKER=${FAKEDOCKER:-$TOP/build/tests/progs/fakedocker}
ensure_user
v2=$(findmnt -n -o TARGET -t cgroup2 | head -1)
[ -n "$v2" ] || fail "no cgroup v2 mount"
id=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
cg=$v2/docker/$id
mkdir -p "$cg"
cleanup_hooks+=("rmdir '$cg'")
f=$(make_secret theirs)
chown $TEST_UID:$TEST_UID "$f"

# in_container: root opens another user's 0600 file from inside the cgroup
# (CAP_DAC_READ_SEARCH granted, and the open allowed by it); prints the pid
in_container() {
	sh -c 'echo $$ > "$1/cgroup.procs" && echo $$ && exec "$2" open "$3"' sh "$cg" "$PTHELPER" "$f"
}

# start_pt OUT SOCKET: privtrace in the background, containers only
start_pt() {
	"$PRIVTRACE" -o json -w "$1" --docker-socket "$2" --metadata-wait-ms 300 --containers-only \
		2>"$1.err" &
	PT_PID=$!
	cleanup_hooks+=("kill $PT_PID 2>/dev/null")
	wait_ready "$1.err"
}

# stop_pt OUT: SIGTERM; it must exit within 10 s with its summary
stop_pt() {
	kill -TERM "$PT_PID"
	for _ in $(seq 100); do kill -0 "$PT_PID" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$PT_PID" 2>/dev/null && fail "privtrace still running 10 s after SIGTERM"
	wait "$PT_PID" || fail "privtrace exited with $?"
	grep -q '^privtrace: summary' "$1.err" || { cat "$1.err"; fail "no summary"; }
}

start_fake() {
	"$FAKEDOCKER" "$@" >"$TMPD/fake.out" 2>&1 &
	cleanup_hooks+=("kill $! 2>/dev/null")
	for _ in $(seq 50); do grep -qs ready "$TMPD/fake.out" && return 0; sleep 0.1; done
	fail "fakedocker did not start: $(cat "$TMPD/fake.out")"
}

ours() { echo ".process.pid == $1 and .container.id == \"$id\" and .container.runtime == \"docker\"
	and .privtrace.cgroup.path == \"/docker/$id\" and .privtrace.cgroup.id == $(stat -c %i "$cg")"; }

# 1. a runtime that answers after 700 ms: the first task's records go out
#    after the 300 ms wait with the id alone; a task after the answer is named
sock=$TMPD/slow.sock
start_fake "$sock" 700 ptslow ptimage:1
out=$TMPD/slow.json
start_pt "$out" "$sock"
a=$(in_container)
sleep 2
b=$(in_container)
sleep 0.5
stop_pt "$out"
expect "$out" 1 "$(ours "$a") and .event.action == \"capability\" and .container.name == null
	and .container.image.name == null" "held no longer than the wait: id only"
expect "$out" 1 "$(ours "$b") and .event.action == \"capability\" and .container.name == \"ptslow\"
	and .container.image.name == \"ptimage:1\"" "named once the runtime answered"
expect "$out" 1 "$(ours "$b") and .event.action == \"file\" and .event.outcome == \"success\"
	and .container.name == \"ptslow\" and .privtrace.reason == \"privilege\"" "the allowed open, named"
grep -q '^privtrace: summary: .*; unnamed [1-9]' "$out.err" || fail "summary does not count unnamed: $(cat "$out.err")"
expect_none "$out" ".event.kind == \"event\" and .container.id == null" "--containers-only: no host records"

# 2. a runtime that never answers: the record still comes out, while
#    privtrace runs, and privtrace still exits at once
sock=$TMPD/hang.sock
start_fake "$sock" hang
out=$TMPD/hang.json
start_pt "$out" "$sock"
a=$(in_container)
for _ in $(seq 50); do [ "$(count "$out" "$(ours "$a")")" -gt 0 ] && break; sleep 0.1; done
expect "$out" 1 "$(ours "$a") and .event.action == \"capability\" and .container.name == null" \
	"a runtime that hangs: the record is out within 5 s, id only"
stop_pt "$out"

# 3. no runtime at all
out=$TMPD/none.json
start_pt "$out" "$TMPD/no-such.sock"
a=$(in_container)
sleep 0.5
stop_pt "$out"
expect "$out" 1 "$(ours "$a") and .event.action == \"capability\" and .container.name == null" \
	"no runtime: id only"
# ... and said, once, where an operator looks
[ "$(grep -c '^privtrace: no container runtime could name a container' "$out.err")" -eq 1 ] ||
	fail "no runtime answered, and stderr did not say so once: $(cat "$out.err")"
grep -q "asked: $TMPD/no-such.sock," "$out.err" || fail "stderr does not say which socket was asked"

# 4. --container NAME with no runtime to name it: nothing matches, and that is said at exit
out=$TMPD/byname.json
"$PRIVTRACE" -o json -w "$out" --docker-socket "$TMPD/no-such.sock" --metadata-wait-ms 300 \
	--container ptslow --container "${id:0:12}" 2>"$out.err" &
PT_PID=$!
cleanup_hooks+=("kill $PT_PID 2>/dev/null")
wait_ready "$out.err"
grep -q "^privtrace: tracing container ptslow or ${id:0:12} " "$out.err" ||
	fail "the ready line does not say what is traced: $(head -1 "$out.err")"
a=$(in_container)
sleep 0.5
stop_pt "$out"
expect "$out" 1 "$(ours "$a") and .event.action == \"capability\"" "the id prefix matched"
grep -q '^privtrace: --container ptslow matched no event: no container runtime named a container' \
	"$out.err" || fail "an unmatched --container NAME was not said at exit: $(cat "$out.err")"
if grep -q "^privtrace: --container ${id:0:12} matched" "$out.err"; then
	fail "the matching id prefix was reported as unmatched: $(cat "$out.err")"
fi
echo "ok: an unmatched --container NAME said at exit, and why"
