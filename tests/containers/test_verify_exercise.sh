#!/usr/bin/env bash
# privtrace verify --exercise and --watch against real daemons: the probe,
# in each container's user namespace as its root, tries host root's private
# file; privtrace's own tracer records what the kernel decided, and the
# verdict cites those records, which --records keeps. A plain daemon's
# container and a --userns=host one on the remapped daemon do all four
# tries (not isolated); the remapped one is refused all four, the owner
# unmapped. --watch judges containers from what they do themselves.
. "$(dirname "$0")/lib.sh"
plain=pt-vex-plain-$$
remapped=pt-vex-remap-$$
hostns=pt-vex-hostns-$$
ct_start plain "$plain"
ct_start remap "$remapped"
ct_start remap "$hostns" --userns=host
socks=(--docker-socket "$(ct_sock plain)" --docker-socket "$(ct_sock remap)")
# the private directories go here: nothing of them may be left
export TMPDIR=$TMPD/work
mkdir -m 0700 "$TMPDIR"

# verify ARGS...: status into ST, stdout into $TMPD/v.out
verify() {
	ST=0
	timeout 300 "$PRIVTRACE" verify "${socks[@]}" "$@" >"$TMPD/v.out" 2>"$TMPD/v.err" || ST=$?
}
recs=$TMPD/exercise-records.json
verify --exercise --records "$recs" -o json --container "$plain" --container "$remapped" --container "$hostns"
[ "$ST" -eq 1 ] || { cat "$TMPD/v.out" "$TMPD/v.err" >&2; fail "--exercise: exit $ST, expected 1"; }
[ -z "$(ls -A "$TMPDIR")" ] || fail "--exercise left $(ls -A "$TMPDIR") behind"
j=$TMPD/v.json
mv "$TMPD/v.out" "$j.out" && j=$j.out
sel() { echo ".containers[] | select(.name == \"$1\")"; }

# the records a try cites are in --records, and say what the try's outcome was
cited() { # NAME TRY JQ-FILTER-ON-RECORD: every cited record of that try matches, and there is one
	local seqs s
	seqs=$(jq -r "$(sel "$1") | .exercise.tries[] | select(.try == \"$2\") | .records[]" "$j")
	[ -n "$seqs" ] || fail "$1: the $2 try cites no record"
	for s in $seqs; do
		jq -se "map(select(.event.sequence == $s)) | length == 1 and (.[0] | $3)" "$recs" >/dev/null ||
			fail "$1: the $2 try cites record #$s, which is not $3"
	done
}

for c in "$plain" "$hostns"; do
	[ "$(jq -r "$(sel "$c") | .verdict" "$j")" = not_isolated ] || fail "$c: not not_isolated"
	jq -e "$(sel "$c") | .exercise.ran and ([.exercise.tries[] | select(.done)] | length) == 4" "$j" >/dev/null ||
		fail "$c: the probe did not do all four tries"
	jq -r "$(sel "$c") | .evidence[]" "$j" | contains "^exercise: the probe, its root (host uid 0, the host's own user namespace), could read, chmod, create, remove" ||
		fail "$c: the evidence does not say what the probe could do"
	cited "$c" read '.event.outcome == "success" and .privtrace.reason == "host_root_file" and .file.path == "/host/secret"'
	cited "$c" chmod '.privtrace.reason == "host_root_change" and .file.mode == "0644" and .event.type == ["change"]'
	cited "$c" create '.privtrace.reason == "host_root_change" and .event.type == ["creation"] and .privtrace.file.directory.mode == "0700"'
	cited "$c" remove '.privtrace.reason == "host_root_change" and .event.type == ["deletion"] and .privtrace.file.directory.uid == "0"'
	echo "ok: $c: the probe did all four tries as host root, each cited with privtrace's record"
done
jq -r "$(sel "$hostns") | .evidence[]" "$j" | contains "opted out (UsernsMode=host, --userns=host)" ||
	fail "$hostns: the opt-out is not named"

read -r base _ <<<"$(ct_remap_base)"
[ "$(jq -r "$(sel "$remapped") | .verdict" "$j")" = isolated ] || fail "$remapped: not isolated"
jq -e "$(sel "$remapped") | [.exercise.tries[] | select(.done | not) | .errno] == [\"EACCES\",\"EACCES\",\"EACCES\",\"EACCES\"]" "$j" >/dev/null ||
	fail "$remapped: not every try refused with EACCES"
jq -r "$(sel "$remapped") | .evidence[]" "$j" | contains "^exercise: the probe, its root (host uid $base), was refused every try" ||
	fail "$remapped: the evidence does not say the probe, as host uid $base, was refused"
for t in read chmod create remove; do
	s=$(jq -r "$(sel "$remapped") | .exercise.tries[] | select(.try == \"$t\") | .records[0]" "$j")
	jq -se "map(select(.event.sequence == $s)) | length == 1 and (.[0] | .event.action == \"file\"
		and .event.outcome == \"failure\" and .privtrace.reason == \"owner_unmapped\"
		and .privtrace.host.euid == $base and .privtrace.ns.euid == 0)" "$recs" >/dev/null || fail "$remapped: the $t try's first record #$s is not the refusal, owner unmapped"
done
echo "ok: $remapped: every try refused, each with privtrace's record: the owner is not mapped"

# the same verdicts in the table and in JUnit, with the exercise's lines
verify --exercise --container "$plain" --container "$remapped"
[ "$ST" -eq 1 ] || fail "text: exit $ST, expected 1"
grep -q "^$remapped ([0-9a-f]\{12\}) *ISOLATED$" "$TMPD/v.out" || fail "text: $remapped not ISOLATED"
grep -q "^$plain ([0-9a-f]\{12\}) *NOT ISOLATED$" "$TMPD/v.out" || fail "text: $plain not NOT ISOLATED"
grep -q "^    exercise: remove /host/secret: done$" "$TMPD/v.out" || fail "text: no 'remove ... done' line"
grep -q "^      privtrace record #[0-9]*: file unlink /host/secret: success (host_root_change: " "$TMPD/v.out" ||
	fail "text: the removal's record is not cited"
grep -q "^    exercise: remove /host/secret: EACCES$" "$TMPD/v.out" || fail "text: no refused removal"
verify --exercise --container "$plain" --container "$remapped" -o junit
xmllint --noout "$TMPD/v.out" || fail "junit: not well-formed"
grep -A3 "name=\"$plain (" "$TMPD/v.out" | contains '<failure message="not isolated"' || fail "junit: $plain not failed"
grep -q "exercise: create /host/new: done" "$TMPD/v.out" || fail "junit: the exercise's lines are missing"
echo "ok: text and JUnit: the same verdicts, the exercise's lines and records"

# --watch: what the containers do themselves; here each reads a root-only host file
secret=$(make_secret watched)
wplain=pt-vwatch-plain-$$
wremap=pt-vwatch-remap-$$
loop='while :; do cat /data/secret >/dev/null 2>&1; sleep 0.5; done'
dk plain run -d --network none --name "$wplain" -v "$secret:/data/secret:ro" "$CT_IMAGE" sh -c "$loop" >/dev/null ||
	fail "docker run $wplain failed"
cleanup_hooks+=("dk plain rm -f $wplain >/dev/null 2>&1")
dk remap run -d --network none --name "$wremap" -v "$secret:/data/secret:ro" "$CT_IMAGE" sh -c "$loop" >/dev/null ||
	fail "docker run $wremap failed"
cleanup_hooks+=("dk remap rm -f $wremap >/dev/null 2>&1")
verify --watch 3s --container "$wplain" --container "$wremap" -o json --records "$TMPD/watch-records.json"
[ "$ST" -eq 1 ] || { cat "$TMPD/v.err" >&2; fail "--watch: exit $ST, expected 1"; }
j=$TMPD/v.out
jq -e "$(sel "$wplain") | .verdict == \"not_isolated\" and .watch.host_root >= 1" "$j" >/dev/null ||
	fail "$wplain: --watch did not find host root reading a host root-only file"
jq -r "$(sel "$wplain") | .evidence[]" "$j" | contains "^watch: [0-9]* of its [0-9]* records in 3 s show its root acting as host root" ||
	fail "$wplain: the watch's evidence line is missing"
jq -e "$(sel "$wremap") | .verdict == \"isolated\" and .watch.host_root == 0 and .watch.unmapped >= 1" "$j" >/dev/null ||
	fail "$wremap: --watch did not see the remap refuse the read"
s=$(jq -r "$(sel "$wplain") | .watch.records[0]" "$j")
jq -se "map(select(.event.sequence == $s)) | length == 1 and (.[0] | .privtrace.reason == \"host_root_file\"
	and .container.name == \"$wplain\")" "$TMPD/watch-records.json" >/dev/null || fail "$wplain: the cited record #$s is not host_root_file"
echo "ok: --watch: host root's read flagged in the plain container, the remap's refusal cited"

# no private directory to be had: not judged, said, exit 2
TMPDIR=$TMPD/no-such-dir verify --exercise --container "$plain"
[ "$ST" -eq 2 ] || fail "--exercise without a private directory: exit $ST, expected 2"
grep -q "cannot make a private directory" "$TMPD/v.err" || fail "the missing directory is not said"
grep -q "^$plain ([0-9a-f]\{12\}) *ERROR$" "$TMPD/v.out" && grep -q "exercise: not run: no private directory" "$TMPD/v.out" ||
	{ cat "$TMPD/v.out" >&2; fail "the container is not ERROR with the exercise's reason"; }
echo "ok: an exercise that cannot run is an error, said, its container not judged"

verify --watch 0
[ "$ST" -eq 2 ] && grep -q "invalid --watch '0'" "$TMPD/v.err" || fail "--watch 0: not refused, said"
verify --records "$TMPD/x.json"
[ "$ST" -eq 2 ] && grep -q "give one of them" "$TMPD/v.err" || fail "--records alone: not refused, said"
echo "ok: bad --watch and --records alone are refused, said"
