#!/usr/bin/env bash
# privtrace's image (make image: scripts/image.sh, FROM scratch, no daemon
# or registry used to build it), loaded into a real dockerd and run with the
# README's docker run line: the privtrace inside traces the host's other
# containers and names them. A --user 1001 container's denied read of a
# bind-mounted root-only file comes out with its id and name; the privtrace
# in the container dropped its privileges once attached, as on the host.
. "$(dirname "$0")/lib.sh"
img=$TMPD/privtrace-image.tar
tag=privtrace:test-$$
name=pt-image-$$
user=pt-image-user-$$
secret=$(make_secret imagesecret)

"$TOP/scripts/image.sh" "$TOP/build/privtrace-static" "$img" "$tag" || fail "scripts/image.sh failed"
dk plain load -i "$img" || fail "docker load refused the image"
cleanup_hooks+=("dk plain rmi -f $tag >/dev/null 2>&1")
# the same image from the same binary: the build is deterministic
"$TOP/scripts/image.sh" "$TOP/build/privtrace-static" "$TMPD/again.tar" "$tag" >/dev/null
cmp -s "$img" "$TMPD/again.tar" || fail "two builds of the image differ"

# README, Container image: the run line, with the test daemon's socket
cleanup_hooks+=("dk plain rm -f $name >/dev/null 2>&1")
dk plain run -d --name "$name" --pid=host --cgroupns=host --network=none \
	--cap-drop=ALL --cap-add=SYS_ADMIN --cap-add=DAC_READ_SEARCH --cap-add=SYS_PTRACE --cap-add=SYSLOG \
	--read-only -v /sys/fs/cgroup:/sys/fs/cgroup:ro -v "$(ct_sock plain):/var/run/docker.sock:ro" \
	-v /etc/passwd:/etc/passwd:ro "$tag" -o json --containers-only >/dev/null ||
	fail "docker run of the image failed"
for _ in $(seq 600); do
	dk plain logs "$name" 2>&1 >/dev/null | grep -q '^privtrace: tracing' && break
	[ "$(dk plain inspect -f '{{.State.Running}}' "$name")" = true ] ||
		{ dk plain logs "$name" >&2; fail "privtrace's container exited"; }
	sleep 0.1
done
dk plain logs "$name" 2>&1 >/dev/null | grep -q '^privtrace: tracing' || fail "privtrace in its container never said it was tracing"
ptpid=$(dk plain inspect -f '{{.State.Pid}}' "$name")
eff=$(awk '$1 == "CapEff:" { print $2 }' "/proc/$ptpid/status")
(((16#$eff >> 21) & 1)) && fail "privtrace in its container kept CAP_SYS_ADMIN ($eff)"
[ "$(awk '$1 == "NoNewPrivs:" { print $2 }' "/proc/$ptpid/status")" = 1 ] || fail "no no_new_privs in the container"
echo "privtrace in its container: pid $ptpid, CapEff $eff, NoNewPrivs 1"

ct_start plain "$user" --user "$CT_APPUID:$CT_APPUID" -v "$secret:/data/secret:ro"
uid_=$CT_ID
ct_exec plain "$user" cat /data/secret
[ "$CT_STATUS" -ne 0 ] || fail "uid $CT_APPUID could read /data/secret"
sleep 1
dk plain stop -t 30 "$name" >/dev/null || fail "docker stop of privtrace's container failed"
out=$TMPD/ev.json
dk plain logs "$name" >"$out" 2>"$TMPD/ev.err"
grep -q '^privtrace: summary' "$TMPD/ev.err" || { cat "$TMPD/ev.err" >&2; fail "no summary: privtrace did not stop cleanly"; }
expect "$out" 1 ".process.name == \"cat\" and .event.action == \"file\" and .event.outcome == \"failure\"
	and .file.path == \"/data/secret\" and .privtrace.host.euid == $CT_APPUID
	and .container.id == \"$uid_\" and .container.name == \"$user\" and .container.runtime == \"docker\"" \
	"the other container's denial, reported from inside privtrace's container, by id and name"
cid=$(dk plain inspect -f '{{.Id}}' "$name")
expect_none "$out" ".container.id == \"$cid\"" "nothing of privtrace's own container"
