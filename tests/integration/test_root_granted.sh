#!/usr/bin/env bash
# Root reading another user's 0600 file: allowed only by a capability, which
# is reported granted, with the path; no denial.
. "$(dirname "$0")/lib.sh"
ensure_user
f=$(make_secret theirs)
chown $TEST_UID:$TEST_UID "$f"
out=$TMPD/ev.json

pt_run "$out" -- "$PTHELPER" open "$f"
[ "$PT_STATUS" -eq 0 ] || fail "root should read $f, exit $PT_STATUS"

me='.process.name == "pthelper"'
expect "$out" 1 "$me and .event.action == \"capability\" and .event.outcome == \"success\"
	and (.privtrace.capability.name == \"CAP_DAC_READ_SEARCH\" or .privtrace.capability.name == \"CAP_DAC_OVERRIDE\")
	and .privtrace.syscall == \"openat\" and .file.path == \"$f\" and .privtrace.ret == 0
	and .privtrace.host.euid == 0 and .event.type == [\"access\"] and .event.outcome == \"success\"" "DAC capability granted to root in openat"
expect_none "$out" "$me and .event.action == \"file\" and .event.outcome == \"failure\"" "no file denial"
# the open itself, allowed although the mode bits refuse root: from
# lsm.s/file_open with the BPF LSM, else from the openat exit, which saw the
# DAC capability granted inside the syscall
if uses_lsm file; then hook=lsm.s/file_open; else hook=$(sys_hook); fi
expect_exactly "$out" 1 "$me and .event.action == \"file\" and .event.outcome == \"success\"
	and .privtrace.hook == \"$hook\" and (.file.path | endswith(\"$(basename "$f")\"))
	and .file.uid == \"$TEST_UID\" and .file.gid == \"$TEST_UID\" and .file.mode == \"0600\"
	and .privtrace.file.access == [\"read\"] and .privtrace.file.owner_ns_uid == $TEST_UID
	and .privtrace.syscall == \"openat\" and .event.type == [\"access\"] and .event.outcome == \"success\"
	and .privtrace.reason == \"privilege\"" "open allowed by privilege ($hook)"
expect_none "$out" ".event.action == \"file\" and .event.outcome == \"success\"
	and .file.path == \"/etc/ld.so.cache\"" "no report of opens the mode bits allow"
