#!/usr/bin/env bash
# Scenario 1: a default `docker run` (plain daemon, no user namespace). The
# container's root makes a capability check (chown -> CAP_CHOWN, granted); it
# is uid 0 in its namespace and uid 0 on the host.
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
name=pt-root-$$

pt_start "$out"
ct_start plain "$name"
id=$CT_ID cg=$CT_CGID
ct_exec plain "$name" sh -c 'touch /tmp/f && chown 1:1 /tmp/f && stat -c %u:%g /tmp/f'
[ "$CT_STATUS" -eq 0 ] && [ "$CT_OUTPUT" = 1:1 ] || fail "chown in the container failed: $CT_OUTPUT"
pt_stop
ct_rm plain "$name"

ct_crosscheck "$out" "$cg" "$id"
me="$(ct_sel "$cg") and .process.name == \"chown\""
ct_expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"success\"
	and .privtrace.capability.name == \"CAP_CHOWN\" and (.privtrace.syscall | test(\"chown\"))
	and .file.path == \"/tmp/f\"
	and .privtrace.ns.euid == 0 and .privtrace.host.euid == 0 and .privtrace.userns.level == 0
	and .privtrace.capability.target_userns.level == 0" \
	"$(ct_fields_of "$id" "$name") and .privtrace.userns.root_is_host_root == true
	and .privtrace.userns.map.uid == \"0:0:4294967295\" and .privtrace.userns.map.gid == \"0:0:4294967295\"
	and .user.name == \"root\" and .privtrace.ns.user_name == \"root\"" \
	"CAP_CHOWN granted to container root, which is host root"
expect_none "$out" "$me and .event.outcome == \"failure\"" "nothing of chown denied"
ct_expect_containers_only "$out"
