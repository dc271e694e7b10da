#!/usr/bin/env bash
# Scenario 4: the --userns-remap=default daemon. Container root is the first
# uid of dockremap's /etc/subuid range on the host; it holds CAP_DAC_OVERRIDE
# only in its own namespace, and that does not apply to a host directory whose
# owner (host root) is not mapped there: `rm /hostdir/file` is denied. A
# container started with --userns=host on the same daemon is host root, and
# the same rm succeeds.
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
remapped=pt-remap-$$
hostns=pt-remap-hostns-$$
read -r base gbase <<<"$(ct_remap_base)"
echo "dockremap: uid base $base, gid base $gbase"
hostdir=$TMPD/hostdir
mkdir "$hostdir"
chmod 0755 "$hostdir"
echo x >"$hostdir/file"
[ "$(stat -c %u:%a "$hostdir"):$(stat -c %u "$hostdir/file")" = 0:755:0 ] || fail "hostdir not root-owned 0755"

pt_start "$out"
ct_start remap "$remapped" -v "$hostdir:/hostdir"
rid=$CT_ID rcg=$CT_CGID
ct_exec remap "$remapped" rm /hostdir/file
[ "$CT_STATUS" -ne 0 ] || fail "remapped root removed the host's file"
[ -e "$hostdir/file" ] || fail "the host's file is gone"
ct_start remap "$hostns" --userns=host -v "$hostdir:/hostdir"
hid=$CT_ID hcg=$CT_CGID
ct_exec remap "$hostns" sh -c 'rm /hostdir/file && touch /tmp/f && chown 1:1 /tmp/f'
[ "$CT_STATUS" -eq 0 ] || fail "--userns=host root could not remove the file"
[ ! -e "$hostdir/file" ] || fail "the host's file is still there after --userns=host rm"
pt_stop
ct_rm remap "$remapped" "$hostns"

ct_crosscheck "$out" "$rcg" "$rid"
ct_crosscheck "$out" "$hcg" "$hid"

# remapped: ns root = host $base, in a child user namespace
me="$(ct_sel "$rcg") and .process.name == \"rm\""
ids=".privtrace.ns.euid == 0 and .privtrace.host.euid == $base and .privtrace.userns.level == 1
	and .privtrace.ns.egid == 0 and .privtrace.host.egid == $gbase"
remap=".privtrace.userns.root_is_host_root == false
	and (.privtrace.userns.map.uid | startswith(\"0:$base:\"))
	and (.privtrace.userns.map.gid | startswith(\"0:$gbase:\"))
	and .privtrace.ns.user_name == \"root\" and $(ct_fields_of "$rid" "$remapped")"
ct_expect "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
	and .privtrace.errno == \"EACCES\" and .file.path == \"/hostdir/file\"
	and (.privtrace.syscall == \"unlink\" or .privtrace.syscall == \"unlinkat\") and $ids" \
	"$remap and .privtrace.reason == \"owner_unmapped\" and (.event.reason | type == \"string\" and length > 0)" \
	"rm of the host's file denied to remapped root: owner unmapped"
# what the kernel does: CAP_DAC_OVERRIDE is granted in the container's
# namespace, then the unmapped owner refuses it (capable_wrt_inode_uidgid)
expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"success\"
	and .privtrace.capability.name == \"CAP_DAC_OVERRIDE\" and .file.path == \"/hostdir/file\"
	and (.privtrace.syscall == \"unlink\" or .privtrace.syscall == \"unlinkat\")
	and .privtrace.capability.target_userns.level == 1 and $ids" \
	"CAP_DAC_OVERRIDE held in the container's namespace only"

# --userns=host on the same daemon: host root
me="$(ct_sel "$hcg")"
ct_expect "$out" 1 "$me and .process.name == \"chown\" and .event.action == \"capability\"
	and .event.outcome == \"success\" and .privtrace.capability.name == \"CAP_CHOWN\"
	and .privtrace.ns.euid == 0 and .privtrace.host.euid == 0 and .privtrace.userns.level == 0" \
	".privtrace.userns.root_is_host_root == true and .privtrace.userns.map.uid == \"0:0:4294967295\"
	and $(ct_fields_of "$hid" "$hostns")" \
	"--userns=host: container root is host root"
expect_none "$out" "$me and .process.name == \"rm\" and .event.outcome == \"failure\"" "--userns=host: rm not denied"
ct_expect_containers_only "$out"
