#!/usr/bin/env bash
# A container that lives less long than the tracer's backlog: a --user 1001
# container does one denied read of a bind-mounted root-only file and exits
# while privtrace's consumer is stopped (SIGSTOP), so its cgroup is gone when
# the event is read. The kernel's note of the cgroup's creation, read before
# the event from the same ring buffer, still names it: the denial is the
# container's, by id and by name (Docker still knows an exited container).
# The same for a remapped container (host root's file is not its owner's).
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
secret=$(make_secret shortsecret)
name=pt-short-$$
rname=pt-short-remap-$$

pt_start "$out"
# the consumer stops; the kernel side goes on filling the ring buffer
kill -STOP "$PT_PID"
cleanup_hooks+=("kill -CONT $PT_PID 2>/dev/null")
cleanup_hooks+=("dk plain rm -f $name >/dev/null 2>&1" "dk remap rm -f $rname >/dev/null 2>&1")
st=0
id=$(dk plain run -d --network none --name "$name" --user "$CT_APPUID:$CT_APPUID" \
	-v "$secret:/data/secret:ro" "$CT_IMAGE" cat /data/secret) || fail "docker run $name failed"
[ "$(dk plain wait "$id")" -ne 0 ] || fail "uid $CT_APPUID could read /data/secret"
rid=$(dk remap run -d --network none --name "$rname" -v "$secret:/data/secret:ro" "$CT_IMAGE" \
	cat /data/secret) || fail "docker run $rname failed"
[ "$(dk remap wait "$rid")" -ne 0 ] || fail "remapped root could read /data/secret"
# both gone from cgroup v2 before a single event was read
for c in "$id" "$rid"; do
	for _ in $(seq 100); do
		[ -d "/sys/fs/cgroup/unified/docker/$c" ] || break
		sleep 0.1
	done
	[ ! -d "/sys/fs/cgroup/unified/docker/$c" ] || fail "cgroup of ${c:0:12} still there"
done
echo "both containers exited, their cgroups removed, privtrace still stopped"
sleep 2
kill -CONT "$PT_PID"
sleep 3
pt_stop

sel() { echo ".process.name == \"cat\" and .event.action == \"file\" and .event.outcome == \"failure\"
	and .file.path == \"/data/secret\""; }
ct_expect "$out" 1 "$(sel) and .privtrace.host.euid == $CT_APPUID" \
	".container.id == \"$id\" and .container.name == \"$name\" and .container.runtime == \"docker\"
	and .privtrace.cgroup.path == \"/docker/$id\"" \
	"the exited container's denial, read after its cgroup was gone, by id and name"
ct_expect "$out" 1 "$(sel) and .privtrace.host.euid == $(ct_remap_base | cut -d' ' -f1)" \
	".container.id == \"$rid\" and .container.name == \"$rname\"" \
	"the remapped exited container's denial, by id and name"
expect_none "$out" "$(sel) and .container.id == null" "no denial of /data/secret left without a container"
grep -q '^privtrace: summary' "$out.err" || fail "no summary"
