#!/usr/bin/env bash
# unshare --map-root-user by root: namespace root is host root, and owner uid 0;
# a file owned by an id not mapped there is still denied.
. "$(dirname "$0")/lib.sh"
ensure_user
f=$(make_secret theirs)
chown $TEST_UID:$TEST_UID "$f"
out=$TMPD/ev.json

pt_run "$out" -- unshare --user --map-root-user "$PTHELPER" open "$f"
[ "$PT_STATUS" -eq 13 ] || fail "expected EACCES (13), got $PT_STATUS"
me='.process.name == "pthelper" and .privtrace.userns.level == 1 and .privtrace.userns.owner_uid == 0'
expect "$out" 1 "$me and .event.action == \"file\" and .privtrace.ns.euid == 0
	and .privtrace.host.euid == 0 and .file.path == \"$f\" and .privtrace.errno == \"EACCES\"
	and .privtrace.reason == \"owner_unmapped\" and .privtrace.userns.root_is_host_root == true
	and .privtrace.userns.map.uid == \"0:0:1\"" \
	"ns 0 = host 0, denied a file of an unmapped owner, with the reason"
expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.host.euid == 0
	and .privtrace.capability.target_userns.level == 1 and .file.path == \"$f\"" "checks against the child namespace"
# namespace root holds CAP_DAC_OVERRIDE there (granted, found in its own
# namespace), yet the open fails: the file's owner has no mapping in it
expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"success\"
	and .privtrace.capability.name == \"CAP_DAC_OVERRIDE\" and .privtrace.syscall == \"openat\"
	and .privtrace.capability.target_userns.inum == .privtrace.userns.inum
	and (.privtrace.capability.capable_userns == null
	     or .privtrace.capability.capable_userns.inum == .privtrace.userns.inum)
	and .file.path == \"$f\"" "CAP_DAC_OVERRIDE granted in the child namespace"
