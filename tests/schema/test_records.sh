#!/usr/bin/env bash
# Real records, checked as Elasticsearch / OpenSearch and the schema would
# take them (check_records.sh): privtrace traces a few real scenarios in
# `run` mode (a denied open, credential changes allowed and refused, a
# setuid-root exec, user namespaces with and without a map, a ring buffer
# overflow), and all their JSON is checked together, so a field that changes
# type from one kind of record to another is caught. Each scenario must have
# produced what it is there for, or the check would prove nothing.
# shellcheck source=../integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"
ensure_user
secret=$(make_secret)
me='.process.name == "pthelper"'
outs=()

# trace OUT_NAME [privtrace options] -- CMD...: pt_run into $TMPD/OUT_NAME.json
trace() {
	local out=$TMPD/$1.json
	shift
	pt_run "$out" "$@"
	outs+=("$out")
	LAST=$out
}

# health records too (at exit, and each second), where this build has them
extra=()
# the whole output first: grep -q leaving early would make privtrace's write fail (pipefail)
help=$("$PRIVTRACE" --help)
grep -q -- '--health-interval' <<<"$help" && extra+=(--health-interval 1)

# an unprivileged user denied a root-only file: capability denials, EACCES
trace denied "${extra[@]}" -- setpriv --reuid "$TEST_UID" --regid "$TEST_UID" --clear-groups \
	"$PTHELPER" open "$secret"
[ "$PT_STATUS" -eq 13 ] || fail "the open should fail with EACCES (13), got $PT_STATUS"
expect "$LAST" 1 "$me and .event.action == \"file\" and .event.outcome == \"failure\"" "file denial"
expect "$LAST" 1 "$me and .event.action == \"capability\" and .event.outcome == \"failure\"" "capability denied"

# credential changes: root drops to the user (granted), the user asks for root (refused)
trace setuid -- "$PTHELPER" setuid "$TEST_UID"
[ "$PT_STATUS" -eq 0 ] || fail "root setuid failed: $PT_STATUS"
expect "$LAST" 1 "$me and .event.action == \"setuid\" and .event.outcome == \"success\"" "setuid granted"
expect "$LAST" 1 "$me and .event.action == \"capability\" and .event.outcome == \"success\"" "capability granted"
trace setuid_refused -- setpriv --reuid "$TEST_UID" --regid "$TEST_UID" --clear-groups "$PTHELPER" setuid 0
[ "$PT_STATUS" -ne 0 ] || fail "setuid(0) by $TEST_USER should fail"
expect "$LAST" 1 "$me and .event.action == \"setuid\" and .event.outcome == \"failure\"" "setuid refused"
trace groups -- sh -c "\"$PTHELPER\" setgid $TEST_UID && \"$PTHELPER\" setgroups 1 2 && \"$PTHELPER\" capset-drop"
[ "$PT_STATUS" -eq 0 ] || fail "setgid, setgroups, capset-drop failed: $PT_STATUS"
for a in setgid setgroups capset; do
	expect "$LAST" 1 "$me and .event.action == \"$a\"" "$a"
done

# a setuid-root binary run by the user: an exec that raised privileges
nosuid() { findmnt -no OPTIONS -T "$1" | grep -qw nosuid; }
dir=
for base in "$TMPD" /var/tmp "$TOP/build"; do
	if nosuid "$base" || ! as_user test -x "$base"; then continue; fi
	dir=$(mktemp -d "$base/privtrace-test.XXXXXX")
	chmod 0755 "$dir"
	cleanup_hooks+=("rm -rf '$dir'")
	break
done
[ -n "$dir" ] || fail "no place without nosuid that $TEST_USER can reach"
install -o root -g root -m 4755 "$PTHELPER" "$dir/pthelper"
trace exec -- setpriv --reuid "$TEST_UID" --regid "$TEST_UID" --clear-groups "$dir/pthelper" euid
[ "$PT_STATUS" -eq 0 ] || fail "the setuid binary failed: $PT_STATUS"
expect "$LAST" 1 ".event.action == \"exec\" and .privtrace.secureexec == true" "setuid-root exec"

# user namespaces: root mapped to the user (the file's owner is unmapped
# there), and one with no map at all (every ns id null)
trace userns -- setpriv --reuid "$TEST_UID" --regid "$TEST_UID" --clear-groups \
	unshare --user --map-root-user "$PTHELPER" open "$secret"
[ "$PT_STATUS" -eq 13 ] || fail "the open in a user namespace should fail with EACCES, got $PT_STATUS"
expect "$LAST" 1 "$me and .event.action == \"file\" and .privtrace.userns.level == 1
	and .privtrace.ns.euid == 0 and .privtrace.host.euid == $TEST_UID" "denial in a user namespace"
trace userns_unmapped -- unshare --user "$PTHELPER" setuid 0
expect "$LAST" 1 "$me and .privtrace.userns.level == 1 and .privtrace.ns.uid == null
	and .privtrace.userns.map.uid == \"\"" "unmapped ids are null"

# a 4 KiB ring buffer overflows: loss records
trace lost --denied-only --no-coalesce --ringbuf-kb 4 -- "$PTHELPER" burst 2000 "$secret" "$TEST_UID"
[ "$PT_STATUS" -eq 0 ] || fail "burst failed: $PT_STATUS"
expect "$LAST" 1 '.event.action == "lost" and .privtrace.lost.events > 0' "loss records"

# a flood folded in the kernel: repeat records
trace flood --denied-only -- "$PTHELPER" burst 5000 "$secret" "$TEST_UID"
[ "$PT_STATUS" -eq 0 ] || fail "burst failed: $PT_STATUS"
expect "$LAST" 1 '.privtrace.repeat.count > 0 and .event.start != null and .event.end == ."@timestamp"' \
	"repeat records"

if [ ${#extra[@]} -gt 0 ]; then
	expect "$TMPD/denied.json" 1 '.event.action == "health"' "health record"
fi

# all of it, together
"$TOP/tests/schema/check_records.sh" "${outs[@]}" || fail "the records are not what the schema and ECS say"
echo "ok: the records of ${#outs[@]} scenarios pass check_records.sh"
