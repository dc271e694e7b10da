#!/usr/bin/env bash
# The seed lab's last step: a host directory bind-mounted into a container,
# whose root removes a file of host root's from it. With the remapped
# daemon's --userns=host opt-out, container root is host root: the removal,
# a chmod, a rename and a new file all succeed with no capability asked, and
# privtrace reports each (host_root_change) with the object's and the
# directory's owner. In a remapped container the same steps are refused;
# and what container root changes in its own image is not reported.
. "$(dirname "$0")/lib.sh"
probe=$("$PRIVTRACE" --probe) # whole: grep -q leaving early would fail privtrace's write
grep -q '^ctime tracepoints *yes' <<<"$probe" ||
	fail "this kernel has no timestamp:*ctime* tracepoints (Linux 6.13+): privtrace --probe says why"
out=$TMPD/ev.json
hostns=pt-change-hostns-$$
remapped=pt-change-remap-$$
dir=$TMPD/hostdir
mkdir -m 0700 "$dir"
for f in victim moved mode; do echo "$f" >"$dir/$f" && chmod 0600 "$dir/$f"; done

pt_start "$out"
ct_start remap "$hostns" --userns=host -v "$dir:/host"
hid=$CT_ID hcg=$CT_CGID
ct_start remap "$remapped" -v "$dir:/host"
rcg=$CT_CGID
ct_exec remap "$remapped" unlink /host/victim
[ "$CT_STATUS" -ne 0 ] || fail "remapped container root removed host root's file"
# cold caches: what a lookup loads from disk (its ctime set on the way in) is no change
sync
echo 2 >/proc/sys/vm/drop_caches
ct_exec remap "$hostns" sh -c 'rm /host/victim && chmod 0644 /host/mode && mv /host/moved /host/moved2 &&
	echo new >/host/new && rm /etc/group && touch /root/own'
[ "$CT_STATUS" -eq 0 ] || fail "--userns=host container root could not change the host directory"
pt_stop
ct_rm remap "$hostns" "$remapped"
[ ! -e "$dir/victim" ] && [ -e "$dir/moved2" ] && [ "$(stat -c %a "$dir/mode")" = 644 ] ||
	fail "the host directory does not show the container's changes"

ct_crosscheck "$out" "$hcg" "$hid"
me="$(ct_sel "$hcg") and .privtrace.reason == \"host_root_change\""
both='.file.uid == "0" and .privtrace.file.directory.uid == "0" and .privtrace.file.directory.mode == "0700"'
ct_expect "$out" 1 "$me and (.privtrace.syscall | test(\"^unlink\")) and .file.path == \"/host/victim\"
	and .event.type == [\"deletion\"] and .event.outcome == \"success\" and .file.mode == \"0600\" and $both
	and .privtrace.host.euid == 0 and .privtrace.userns.root_is_host_root == true" \
	"(.event.reason | test(\"^host root removed host root's file .mode 0600. from host root's directory .mode 0700., no capability needed: container root is host root$\")) and $(ct_fields_of "$hid" "$hostns")" \
	"the removal of host root's 0600 file from its 0700 directory reported, both owners"
expect "$out" 1 "$me and (.privtrace.syscall | test(\"chmod\")) and .file.path == \"/host/mode\"
	and .event.type == [\"change\"] and .file.uid == \"0\" and .file.mode == \"0644\"" \
	"the chmod reported, with the mode it left"
expect "$out" 1 "$me and (.privtrace.syscall | test(\"rename\")) and .file.path == \"/host/moved\" and $both" \
	"the rename reported"
expect "$out" 1 "$me and (.privtrace.syscall | test(\"^open\")) and .file.path == \"/host/new\"
	and .event.type == [\"creation\"] and $both" "the new file in host root's 0700 directory reported"
expect_none "$out" "$me and (.file.path == \"/etc/group\" or .file.path == \"/root/own\")" \
	"nothing reported of what container root changed in its own image"
expect_none "$out" "$(ct_sel "$rcg") and .privtrace.reason == \"host_root_change\"" \
	"nothing of the kind from the remapped container"
expect "$out" 1 "$(ct_sel "$rcg") and .event.outcome == \"failure\" and .file.path == \"/host/victim\"
	and (.privtrace.syscall | test(\"^unlink\")) and .privtrace.errno == \"EACCES\"" \
	"the remapped container's unlink reported refused"
