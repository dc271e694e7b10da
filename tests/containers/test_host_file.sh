#!/usr/bin/env bash
# Scenario 3: a host file owned by root, mode 0600, bind-mounted read-only at
# /data/secret. Container root (host root: owner, so no capability is even
# checked) reads it, and privtrace flags that granted open; uid 1001 is
# denied by the mode bits and lacks the capabilities that would override them.
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
root=pt-hostfile-root-$$
user=pt-hostfile-user-$$
secret=$(make_secret hostsecret)
[ "$(stat -c %u:%a "$secret")" = 0:600 ] || fail "test file not root-owned 0600"

pt_start "$out"
ct_start plain "$root" -v "$secret:/data/secret:ro"
rid=$CT_ID rcg=$CT_CGID
ct_exec plain "$root" cat /data/secret
[ "$CT_STATUS" -eq 0 ] && [ "$CT_OUTPUT" = secret ] || fail "container root could not read /data/secret"
ct_start plain "$user" --user "$CT_APPUID:$CT_APPUID" -v "$secret:/data/secret:ro"
uid_=$CT_ID ucg=$CT_CGID
ct_exec plain "$user" cat /data/secret
[ "$CT_STATUS" -ne 0 ] || fail "uid $CT_APPUID could read /data/secret"
pt_stop
ct_rm plain "$root" "$user"

ct_crosscheck "$out" "$rcg" "$rid"
ct_crosscheck "$out" "$ucg" "$uid_"

# root: granted (the kernel checks no capability: root owns the file)
me="$(ct_sel "$rcg") and .process.name == \"cat\""
expect_none "$out" "$me and .event.outcome == \"failure\"" "nothing denied to container root"
expect "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"success\"
	and .file.path == \"/data/secret\" and .file.uid == \"0\" and .file.mode == \"0600\"
	and .privtrace.reason == \"host_root_file\" and (.privtrace.syscall | test(\"^open\"))
	and .privtrace.host.euid == 0 and .privtrace.ns.euid == 0
	and .privtrace.userns.root_is_host_root == true and $(ct_fields_of "$rid" "$root")" \
	"host root's read of the host's root-only file flagged"

# uid 1001: denied
me="$(ct_sel "$ucg") and .process.name == \"cat\""
ids=".privtrace.ns.euid == $CT_APPUID and .privtrace.host.euid == $CT_APPUID"
ct_expect "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
	and .privtrace.errno == \"EACCES\" and .file.path == \"/data/secret\" and .privtrace.syscall == \"openat\"
	and $ids" \
	"(.event.reason | type == \"string\" and length > 0) and .privtrace.reason == \"mode_denies\"
	and $(ct_fields_of "$uid_" "$user")" \
	"open of /data/secret denied to $CT_APPUID: mode bits"
for cap in CAP_DAC_READ_SEARCH CAP_DAC_OVERRIDE; do
	ct_expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"failure\"
		and .privtrace.capability.name == \"$cap\" and .file.path == \"/data/secret\" and $ids" \
		".privtrace.reason == \"cap_not_effective\" and (.event.reason | type == \"string\")" \
		"$cap denied to $CT_APPUID: not effective"
done
expect_none "$out" "$me and .event.outcome == \"success\" and .event.action != \"setuid\" and .event.action != \"setgid\"
	and .file.path == \"/data/secret\"" "nothing of /data/secret granted to $CT_APPUID"
ct_expect_containers_only "$out"
