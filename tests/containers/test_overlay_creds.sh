#!/usr/bin/env bash
# A remapped container's processes touching its image's files: overlayfs
# checks its mounter's credentials (the daemon's: host root in the initial
# user namespace) on their behalf. The records must say so
# (privtrace.capability.checked_creds) and keep the task's own credentials
# as theirs: container root is host uid <dockremap base> in a child user
# namespace, never host uid 0. Only the runtime's own process outside the
# container's namespaces (runc's parent, ns_match false) is host root.
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
name=pt-overlay-$$
read -r base _ <<<"$(ct_remap_base)"

pt_start "$out"
ct_start remap "$name"
cg=$CT_CGID id=$CT_ID
ct_exec remap "$name" sh -c 'cat /etc/passwd >/dev/null; ls -l /etc >/dev/null; touch /tmp/x;
	chmod 600 /tmp/x; chown 1:1 /tmp/x; id'
[ "$CT_STATUS" -eq 0 ] || fail "the container's commands failed"
pt_stop
ct_rm remap "$name"
ct_crosscheck "$out" "$cg" "$id"

me="$(ct_sel "$cg")"
ct_expect "$out" 1 "$me and .event.action == \"capability\" and .privtrace.capability.checked_creds.host.euid == 0
	and .privtrace.capability.checked_creds.ns.euid == 0" \
	".privtrace.host.euid == $base and .privtrace.ns.euid == 0 and .privtrace.userns.level == 1
	and .user.id == \"$base\" and .privtrace.userns.root_is_host_root == false" \
	"overlayfs's checks with its mounter's credentials, apart; the task's own are remapped root's"
expect_none "$out" "$me and .privtrace.container.ns_match != false and
	(.privtrace.host.euid == 0 or .privtrace.host.uid == 0 or .user.id == \"0\")" \
	"no record of the container's own processes shows host uid 0 as theirs"
expect_none "$out" "$me and .privtrace.container.ns_match != false and .privtrace.userns.level == 0" \
	"no record of the container's own processes is placed in the initial user namespace"
# the same in the text table: the UID column (ns/host) is the task's, the checked ones apart
"$PRIVTRACE" report --timeline --container "$name" "$out" >"$TMPD/tl.txt" 2>"$TMPD/tl.err" ||
	{ cat "$TMPD/tl.err" >&2; fail "report --timeline failed"; }
grep -q "checked-as=0/0" "$TMPD/tl.txt" || fail "the table does not show the credentials checked apart"
grep -q " 0/$base .*checked-as=0/0" "$TMPD/tl.txt" ||
	fail "the table does not show the task as ns 0 / host $base beside the checked ones"
echo "ok: the table shows the task's own uid and the checked ones apart"

# the report counts the checked credentials apart, and calls the container remapped
"$PRIVTRACE" report --container "$name" "$out" >"$TMPD/sum.txt" 2>"$TMPD/sum.err" ||
	{ cat "$TMPD/sum.err" >&2; fail "report failed"; }
grep -q "checked with credentials not its own" "$TMPD/sum.txt" ||
	fail "the summary does not count the checks made with other credentials apart"
grep -q "as host uid 0 (ns uid 0)" "$TMPD/sum.txt" || fail "the summary does not say whose were checked"
grep -q "root is host uid $base" "$TMPD/sum.txt" || fail "the summary does not say root is host uid $base"
grep -q "WARNING: its root is host root" "$TMPD/sum.txt" && fail "the remapped container is called host root"
n=$("$PRIVTRACE" report -o json --container "$name" "$out" | jq '[.groups[0].checked_as[].events] | add')
[ "$n" -ge 1 ] || fail "report -o json counts no checked_as events"
echo "ok: the report counts $n checks with other credentials apart, and the container as remapped"
