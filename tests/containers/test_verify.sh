#!/usr/bin/env bash
# privtrace verify against real daemons: a plain daemon's container (root
# is host root: not isolated), a --userns-remap daemon's (root is an
# unprivileged host uid: isolated), and a --userns=host container on the
# remapped daemon (not isolated, the opt-out named). The verdict and its
# evidence in all three outputs, and the exit status.
. "$(dirname "$0")/lib.sh"
plain=pt-verify-plain-$$
remapped=pt-verify-remap-$$
hostns=pt-verify-hostns-$$
read -r base _ <<<"$(ct_remap_base)"
ct_start plain "$plain"
pid_plain=$(dk plain inspect -f '{{.State.Pid}}' "$plain")
ct_start remap "$remapped"
ct_start remap "$hostns" --userns=host
socks=(--docker-socket "$(ct_sock plain)" --docker-socket "$(ct_sock remap)")

# verify ARGS...: status into ST, stdout into $TMPD/v.out
verify() {
	ST=0
	timeout 120 "$PRIVTRACE" verify "${socks[@]}" "$@" >"$TMPD/v.out" 2>"$TMPD/v.err" || ST=$?
}

verify -o json
[ "$ST" -eq 1 ] || { cat "$TMPD/v.err" >&2; fail "two containers are not isolated: exit $ST, expected 1"; }
j=$TMPD/v.out
verdict() { jq -r ".containers[] | select(.name == \"$1\") | .verdict" "$j"; }
evidence() { jq -r ".containers[] | select(.name == \"$1\") | .evidence[]" "$j"; }
[ "$(verdict "$plain")" = not_isolated ] || fail "$plain: $(verdict "$plain"), expected not_isolated"
evidence "$plain" | contains "host's user namespace" || fail "$plain: the evidence does not say it shares the host's user namespace"
evidence "$plain" | contains "daemon does not remap" || fail "$plain: the evidence does not give the daemon's setting"
jq -e ".containers[] | select(.name == \"$plain\") | .kernel.shares_host_userns == true and .kernel.pid == $pid_plain
	and .kernel.root_host_uid == 0 and .runtime.daemon_userns_remap == false" "$j" >/dev/null ||
	fail "$plain: the kernel facts are not those of a container in the host's user namespace"
echo "ok: plain daemon: not isolated, with the kernel's and the runtime's evidence"

[ "$(verdict "$remapped")" = isolated ] || fail "$remapped: $(verdict "$remapped"), expected isolated"
evidence "$remapped" | contains "root is host uid $base (uid_map 0:$base:" ||
	fail "$remapped: the evidence does not say root is host uid $base"
jq -e ".containers[] | select(.name == \"$remapped\") | .kernel.shares_host_userns == false
	and .kernel.root_host_uid == $base and .kernel.host_root_mapped == false
	and .kernel.uid_map[0].host == $base and .runtime.daemon_userns_remap == true" "$j" >/dev/null ||
	fail "$remapped: the kernel facts are not those of a remapped container"
echo "ok: remapped daemon: isolated, root is host uid $base"

[ "$(verdict "$hostns")" = not_isolated ] || fail "$hostns: $(verdict "$hostns"), expected not_isolated"
evidence "$hostns" | contains "opted out (UsernsMode=host, --userns=host)" ||
	fail "$hostns: the opt-out is not named"
echo "ok: --userns=host on the remapped daemon: not isolated, the opt-out named"

# one container, by name: its verdict alone and the exit status it gives
verify --container "$remapped"
[ "$ST" -eq 0 ] || { cat "$TMPD/v.out" "$TMPD/v.err" >&2; fail "--container $remapped (isolated): exit $ST, expected 0"; }
grep -q "^$remapped ([0-9a-f]\{12\}) *ISOLATED$" "$TMPD/v.out" || { cat "$TMPD/v.out" >&2; fail "the table does not say $remapped is ISOLATED"; }
grep -q "verify: 1 container: 1 isolated" "$TMPD/v.out" || { cat "$TMPD/v.out" >&2; fail "the table's summary line is wrong"; }
echo "ok: --container: the one container, exit 0"
verify --container no-such-container-$$
[ "$ST" -eq 2 ] || fail "an unmatched --container: exit $ST, expected 2"
grep -q "no running container is 'no-such-container-$$'" "$TMPD/v.err" || fail "the unmatched --container is not named"
echo "ok: an unmatched --container is an error, named"

# JUnit: one test case per container, the not isolated ones failures
verify -o junit
[ "$ST" -eq 1 ] || fail "junit: exit $ST, expected 1"
x=$TMPD/v.out
command -v xmllint >/dev/null || fail "no xmllint (package libxml2-utils; make deps installs it)"
xmllint --noout "$x" || fail "the JUnit XML is not well-formed"
for c in "$plain" "$hostns"; do
	grep -A1 "<testcase classname=\"privtrace.verify\" name=\"$c (" "$x" | contains '<failure message="not isolated"' ||
		fail "junit: $c is not a failed test case"
done
grep -A1 "<testcase classname=\"privtrace.verify\" name=\"$remapped (" "$x" | contains '<system-out>isolated' ||
	fail "junit: $remapped is not a passed test case"
grep -q 'failures="2"' "$x" || fail "junit: the suite does not count 2 failures"
echo "ok: JUnit: a test case per container, the not isolated ones failed"
# no daemon answering: an error, said
ST=0
timeout 60 "$PRIVTRACE" verify --docker-socket "$TMPD/none.sock" --runc-root "$TMPD/none" \
	--containerd-state "$TMPD/none" >/dev/null 2>"$TMPD/v.err" || ST=$?
[ "$ST" -eq 2 ] || fail "no runtime: exit $ST, expected 2"
grep -q "no container runtime answered" "$TMPD/v.err" || fail "no runtime: not said"
echo "ok: no runtime answering is an error, said"
