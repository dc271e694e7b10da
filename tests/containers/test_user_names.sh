#!/usr/bin/env bash
# Scenario 2: `docker run --user 1001:1001`, where the image's /etc/passwd
# names 1001 appuser and the host has its own name for 1001 (ptmarc, created
# here if no host user has 1001). Reading the image's root-only /etc/secret is
# denied; the records carry uid 1001 on both sides and both names.
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
name=pt-user-$$
ct_host_uid "$CT_APPUID"
hostname=$CT_HOSTNAME

pt_start "$out"
ct_start plain "$name" --user "$CT_APPUID:$CT_APPUID"
id=$CT_ID cg=$CT_CGID
ct_exec plain "$name" cat /etc/secret
[ "$CT_STATUS" -ne 0 ] || fail "appuser could read /etc/secret"
pt_stop
ct_rm plain "$name"

ct_crosscheck "$out" "$cg" "$id"
me="$(ct_sel "$cg") and .process.name == \"cat\""
ids=".privtrace.ns.euid == $CT_APPUID and .privtrace.host.euid == $CT_APPUID
	and .privtrace.ns.egid == $CT_APPUID and .privtrace.host.egid == $CT_APPUID and .privtrace.userns.level == 0"
names=".user.name == \"$hostname\" and .privtrace.ns.user_name == \"$CT_APPUSER\"
	and .privtrace.userns.root_is_host_root == true and $(ct_fields_of "$id" "$name")"
ct_expect "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
	and .privtrace.errno == \"EACCES\" and .file.path == \"/etc/secret\" and .privtrace.syscall == \"openat\"
	and $ids" \
	"$names and (.event.reason | type == \"string\" and length > 0) and .privtrace.reason == \"mode_denies\"" \
	"open of /etc/secret denied to 1001 ($CT_APPUSER in the image, $hostname on the host)"
for cap in CAP_DAC_READ_SEARCH CAP_DAC_OVERRIDE; do
	ct_expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"failure\"
		and .privtrace.capability.name == \"$cap\" and .file.path == \"/etc/secret\" and $ids" \
		"$names and .privtrace.reason == \"cap_not_effective\"" "$cap denied to 1001"
done
ct_expect_containers_only "$out"
