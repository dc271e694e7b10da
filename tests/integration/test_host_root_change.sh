#!/usr/bin/env bash
# Host root outside the host's mount namespace (what a container's root is
# when no user namespace remaps it) changes files of host root's on a file
# system other than its root's (here a tmpfs, as a bind mount would be): no
# capability check and no failure marks it, and privtrace reports each change
# (host_root_change) from the kernel's ctime updates, seen by the timestamp
# tracepoints (Linux 6.13+: the host, not the vmtest kernels).
. "$(dirname "$0")/lib.sh"
probe=$("$PRIVTRACE" --probe) # whole: grep -q leaving early would fail privtrace's write
grep -Eq '^ctime tracepoints +yes' <<<"$probe" || { echo "$probe" >&2; fail "no ctime tracepoints here: --probe says why"; }
command -v unshare >/dev/null || fail "no unshare (util-linux)"
out=$TMPD/ev.json
r=$TMPD/root
d=/d
mkdir -p "$r"
for l in bin lib lib64 sbin; do
	[ -L /$l ] || fail "/$l is not a link into /usr (merged /usr, as Debian 12 has it): the root below needs it"
done
# in a mount namespace of its own, under a root of its own (a tmpfs with the
# host's /usr bound in, as a container's image would be), a tmpfs at /d that
# only it sees, root's and 0700: a volume, as the container would have it
pt_run "$out" -- unshare -m --propagation private sh -c "
	mount -t tmpfs -o mode=0755,size=64k ptroot $r && mkdir $r/usr $r/d && mount --bind /usr $r/usr &&
	for l in bin lib lib64 sbin; do ln -s usr/\$l $r/\$l; done &&
	mount -t tmpfs -o mode=0700,size=64k ptvol $r/d &&
	exec chroot $r sh -c 'echo s >$d/file && chmod 0600 $d/file && chmod 0640 $d/file &&
		mv $d/file $d/moved && rm $d/moved && mkdir $d/sub && rmdir $d/sub'"
[ "$PT_STATUS" -eq 0 ] || { cat "$out.err" >&2; fail "the changes failed: exit $PT_STATUS"; }

me='.privtrace.reason == "host_root_change" and .event.outcome == "success" and .privtrace.host.euid == 0'
expect "$out" 1 "$me and (.privtrace.syscall | test(\"chmod\")) and .file.path == \"$d/file\"
	and .file.uid == \"0\" and .file.mode == \"0640\" and .event.type == [\"change\"]" "chmod of root's file reported"
expect "$out" 1 "$me and (.privtrace.syscall | test(\"rename\")) and .file.path == \"$d/file\"" "rename reported"
expect "$out" 1 "$me and (.privtrace.syscall | test(\"unlink\")) and .file.path == \"$d/moved\"
	and .event.type == [\"deletion\"] and .file.uid == \"0\"" "removal of root's file reported"
expect "$out" 1 "$me and (.privtrace.syscall | test(\"^open\")) and .file.path == \"$d/file\"
	and .event.type == [\"creation\"] and .privtrace.file.directory.uid == \"0\"
	and .privtrace.file.directory.mode == \"0700\"" "a new file in root's 0700 directory reported, the directory's owner with it"
expect "$out" 1 "$me and .privtrace.syscall == \"mkdir\" and .file.path == \"$d/sub\"" "mkdir reported"
# the same calls in the host's own mount namespace are host root's business
f=$TMPD/plain
pt_run "$out.host" -- sh -c "echo s >$f && chmod 0600 $f && rm $f"
expect_none "$out.host" '.privtrace.reason == "host_root_change"' "nothing of host root in the host's mount namespace"
# nor under the host's root in a mount namespace of its own: a runtime setting a
# container up (runc's init makes /dev there before it pivots) is not the container
m=$TMPD/mnt
mkdir -p "$m"
pt_run "$out.setup" -- unshare -m --propagation private sh -c "
	mount -t tmpfs -o mode=0700,size=64k ptsetup $m && echo s >$m/file && chmod 0600 $m/file && rm $m/file"
[ "$PT_STATUS" -eq 0 ] || fail "the setup's changes failed: exit $PT_STATUS"
expect_none "$out.setup" '.privtrace.reason == "host_root_change"' "nothing of host root under the host's root"
