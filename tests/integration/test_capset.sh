#!/usr/bin/env bash
# capset dropping every capability: old and new sets reported.
. "$(dirname "$0")/lib.sh"
out=$TMPD/ev.json
hook=$(sys_hook)
uses_lsm credentials && hook=lsm/capset
pt_run "$out" -- "$PTHELPER" capset-drop
[ "$PT_STATUS" -eq 0 ] || fail "capset failed: $PT_STATUS"
expect "$out" 1 '.process.name == "pthelper" and .event.action == "capset"
	and .privtrace.syscall == "capset" and .event.outcome == "success"
	and .event.type == ["change"] and (.privtrace.args | not)
	and (.process.thread.capabilities.effective | index("CAP_SYS_ADMIN"))
	and .privtrace.new.caps.effective == [] and .privtrace.new.caps.permitted == []
	and .privtrace.new.host.euid == 0 and .privtrace.hook == "'$hook'"' "capset drop ($hook)"
