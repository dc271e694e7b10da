#!/usr/bin/env bash
# Scenario 5: a CI agent's work directory, owned by host uid 1000, mode 0755,
# bind-mounted at /work. Plain daemon: container root (host root) creates a
# file there through CAP_DAC_OVERRIDE, and the file is host root's. Remapped
# daemon: the same write is denied, the directory's owner is not mapped in the
# container's namespace.
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
plain=pt-ci-plain-$$
remapped=pt-ci-remap-$$
read -r base _ <<<"$(ct_remap_base)"
work=$TMPD/work
mkdir "$work"
chown 1000:1000 "$work"
chmod 0755 "$work"

pt_start "$out"
ct_start plain "$plain" -v "$work:/work"
pid_=$CT_ID pcg=$CT_CGID
ct_exec plain "$plain" sh -c 'echo x > /work/new'
[ "$CT_STATUS" -eq 0 ] || fail "container root could not write /work/new"
[ "$(stat -c %u:%g "$work/new")" = 0:0 ] || fail "/work/new is not host root's: $(stat -c %u:%g "$work/new")"
rm -f "$work/new"
ct_start remap "$remapped" -v "$work:/work"
rid=$CT_ID rcg=$CT_CGID
ct_exec remap "$remapped" sh -c 'echo x > /work/new'
[ "$CT_STATUS" -ne 0 ] || fail "remapped root could write /work/new"
[ ! -e "$work/new" ] || fail "/work/new exists after the remapped write"
pt_stop
ct_rm plain "$plain"
ct_rm remap "$remapped"

ct_crosscheck "$out" "$pcg" "$pid_"
ct_crosscheck "$out" "$rcg" "$rid"

me="$(ct_sel "$pcg") and .process.name == \"sh\""
ct_expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"success\"
	and .privtrace.capability.name == \"CAP_DAC_OVERRIDE\" and .file.path == \"/work/new\"
	and (.privtrace.syscall == \"open\" or .privtrace.syscall == \"openat\")
	and .privtrace.host.euid == 0 and .privtrace.ns.euid == 0 and .privtrace.userns.level == 0" \
	"$(ct_fields_of "$pid_" "$plain") and .privtrace.userns.root_is_host_root == true" \
	"plain: CAP_DAC_OVERRIDE lets root write in uid 1000's directory"
expect "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"success\"
	and .file.path == \"/work/new\" and .file.uid == \"0\"
	and (.privtrace.syscall == \"open\" or .privtrace.syscall == \"openat\")
	and $(ct_fields_of "$pid_" "$plain")" "plain: the created file, host root's"
expect_none "$out" "$me and .event.outcome == \"failure\" and .file.path == \"/work/new\"" "plain: nothing denied"

me="$(ct_sel "$rcg") and .process.name == \"sh\""
ct_expect "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"
	and .privtrace.errno == \"EACCES\" and .file.path == \"/work/new\"
	and (.privtrace.syscall == \"open\" or .privtrace.syscall == \"openat\")
	and .privtrace.host.euid == $base and .privtrace.ns.euid == 0 and .privtrace.userns.level == 1" \
	"$(ct_fields_of "$rid" "$remapped") and .privtrace.userns.root_is_host_root == false
	and .privtrace.reason == \"owner_unmapped\" and (.event.reason | type == \"string\" and length > 0)" \
	"remapped: write denied, uid 1000 is not mapped in the container"
expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"success\"
	and .privtrace.capability.name == \"CAP_DAC_OVERRIDE\" and .file.path == \"/work/new\"
	and .privtrace.capability.target_userns.level == 1" \
	"remapped: CAP_DAC_OVERRIDE held in the container's namespace only"
ct_expect_containers_only "$out"
