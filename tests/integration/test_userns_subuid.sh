#!/usr/bin/env bash
# A user namespace made by an unprivileged user through newuidmap, where 0 is
# a high host uid: events show ns uid 0 and the host uid, an unmapped id as
# null, and the read of a host root-only file is denied.
. "$(dirname "$0")/lib.sh"
ensure_user
command -v newuidmap >/dev/null || fail "newuidmap missing (package uidmap)"
# useradd gave the user subordinate ids; take them as they are, add them if not
if ! grep -q "^$TEST_USER:" /etc/subuid; then echo "$TEST_USER:300000:65536" >>/etc/subuid; fi
if ! grep -q "^$TEST_USER:" /etc/subgid; then echo "$TEST_USER:300000:65536" >>/etc/subgid; fi
base=$(awk -F: -v u=$TEST_USER '$1 == u { print $2; exit }' /etc/subuid)
gbase=$(awk -F: -v u=$TEST_USER '$1 == u { print $2; exit }' /etc/subgid)
secret=$(make_secret)
out=$TMPD/ev.json

pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups \
	unshare --user --map-users=$base,0,65536 --map-groups=$gbase,0,65536 --setuid 0 --setgid 0 \
	"$PTHELPER" open "$secret"
[ "$PT_STATUS" -eq 13 ] || { cat "$out.stdout" "$out.err"; fail "expected EACCES (13), got $PT_STATUS"; }

me='.process.name == "pthelper"'
inns=".privtrace.userns.level == 1 and .privtrace.userns.owner_uid == $TEST_UID"
expect "$out" 1 "$me and $inns and .event.action == \"file\" and .privtrace.errno == \"EACCES\"
	and .file.path == \"$secret\" and .privtrace.ns.euid == 0 and .privtrace.host.euid == $base
	and .privtrace.ns.egid == 0 and .privtrace.host.egid == $gbase
	and .user.id == \"$base\" and .privtrace.reason == \"owner_unmapped\"
	and .privtrace.userns.root_is_host_root == false
	and (.privtrace.userns.map.uid | startswith(\"0:$base:65536\"))" "ns root = host $base, denied the host file: owner unmapped"
expect "$out" 1 "$me and $inns and .event.action == \"capability\" and .file.path == \"$secret\"
	and .privtrace.capability.target_userns.level == 1" "capability checked against the child namespace"
# before its setuid(0), the process in the namespace is host uid $TEST_UID, which is not mapped there
expect "$out" 1 "$inns and .event.action == \"setuid\" and .privtrace.ns.euid == null
	and .privtrace.host.euid == $TEST_UID and .privtrace.new.ns.euid == 0
	and .privtrace.new.host.euid == $base" "unmapped id shown as null"
