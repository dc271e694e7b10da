#!/usr/bin/env bash
# A setuid-root binary run by a user: the exec that raised privileges, with
# the credentials before and after.
. "$(dirname "$0")/lib.sh"
ensure_user
# the setuid bit needs a filesystem not mounted nosuid, under traversable parents
nosuid() { findmnt -no OPTIONS -T "$1" | grep -qw nosuid; }
dir=$TMPD
if nosuid "$dir"; then
	dir=
	for base in /var/tmp "$TOP/build"; do
		! nosuid "$base" && as_user test -x "$base" || continue
		dir=$(mktemp -d "$base/privtrace-test.XXXXXX")
		chmod 0755 "$dir"
		cleanup_hooks+=("rm -rf '$dir'")
		break
	done
	[ -n "$dir" ] || fail "no place without nosuid that $TEST_USER can reach: $TMPD, /var/tmp, $TOP/build"
fi
bin=$dir/suid-euid
install -o root -g root -m 4755 "$PTHELPER" "$bin"
out=$TMPD/ev.json
hook=tp_btf/sched_process_exec
uses_lsm exec && hook=lsm/bprm_committing_creds

pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$bin" euid
[ "$PT_STATUS" -eq 0 ] || fail "exit $PT_STATUS"
[ "$(cat "$out.stdout")" = 0 ] || fail "the binary should run with euid 0, printed $(cat "$out.stdout")"
expect "$out" 1 ".event.action == \"exec\" and .file.path == \"$bin\" and .process.name == \"suid-euid\"
	and .privtrace.host.uid == $TEST_UID and .privtrace.host.euid == $TEST_UID
	and .privtrace.new.host.uid == $TEST_UID and .privtrace.new.host.euid == 0
	and .privtrace.new.host.suid == 0 and .privtrace.secureexec == true
	and .event.outcome == \"success\" and .privtrace.syscall == \"execve\"
	and .privtrace.hook == \"$hook\"" "setuid-root exec ($hook)"
