#!/usr/bin/env bash
# privtrace report on bad input: every problem named with its file and
# offset, what can soundly be read still read and reported, the exit status
# saying so (1: damaged input, 2: a usage error or nothing readable).
. "$(dirname "$0")/../integration/lib.sh"
cap=$TMPD/cap.ptcap
ensure_user
timeout 120 "$PRIVTRACE" record -w "$cap" run -- sh -c \
	"for i in 1 2 3 4 5; do setpriv --reuid=$TEST_UID --regid=$TEST_UID --clear-groups cat /etc/shadow; done; true" \
	>/dev/null 2>"$TMPD/rec.err" || { cat "$TMPD/rec.err" >&2; fail "record failed"; }
[ -s "$cap" ] || fail "no capture"
head -c 8 "$cap" | grep -q PTCAPTUR || fail "the capture does not start with its magic"

# report_st ARGS...: exit status into ST, stdout and stderr into $TMPD/out, $TMPD/err
report_st() {
	ST=0
	timeout 60 "$PRIVTRACE" report "$@" >"$TMPD/out" 2>"$TMPD/err" || ST=$?
}
want() { # STATUS MESSAGE-REGEX WHAT
	[ "$ST" -eq "$1" ] || { cat "$TMPD/err" >&2; fail "$3: exit status $ST, expected $1"; }
	grep -Eq "$2" "$TMPD/err" || { cat "$TMPD/err" >&2; fail "$3: stderr does not say /$2/"; }
	echo "ok: $3"
}

report_st "$cap"
[ "$ST" -eq 0 ] || { cat "$TMPD/err" >&2; fail "a good capture: status $ST"; }
grep -q "/etc/shadow" "$TMPD/out" || fail "the good capture's summary lacks /etc/shadow"
denied=$(timeout 60 "$PRIVTRACE" report -o json --outcome denied "$cap" | jq '.report.matched')
[ "$denied" -ge 5 ] || fail "expected at least 5 denied records, got $denied"

report_st
want 2 "which files" "no file"
report_st "$TMPD/nothere"
want 2 "nothere: No such file" "a missing file"
report_st "$TMPD"
want 2 "not a regular file" "a directory"
printf 'hello\n' >"$TMPD/text"
report_st "$TMPD/text"
want 2 "text: neither a privtrace capture nor privtrace's JSON" "a text file"
: >"$TMPD/empty"
report_st "$TMPD/empty"
want 2 "empty: empty" "an empty file"
# a newer format version: refused with what to do
{ printf 'PTCAPTUR\x09\x00\x00\x00'; tail -c +13 "$cap"; } >"$TMPD/newer"
report_st "$TMPD/newer"
want 2 "capture format version 9; this privtrace reads version 1" "a newer format"
# a missing file among good ones: the good ones reported, status 1
report_st "$cap" "$TMPD/nothere"
want 1 "nothere" "a missing file beside a good one"
grep -q "/etc/shadow" "$TMPD/out" || fail "the good file was not reported beside the missing one"

# cut short: what the whole blocks held, the offset of the cut said
size=$(stat -c %s "$cap")
head -c $((size - 7)) "$cap" >"$TMPD/cut"
report_st "$TMPD/cut"
want 1 "cut: offset [0-9]+: the file ends inside a block" "a capture cut short"
# a byte flipped in the data: the block is skipped, said, status 1
cp "$cap" "$TMPD/flipped"
printf '\xff' | dd of="$TMPD/flipped" bs=1 seek=$((size - 30)) conv=notrunc status=none
report_st "$TMPD/flipped"
want 1 "flipped: offset [0-9]+: a block's data does not match its CRC" "a corrupt block"

# JSON lines: a bad line named with its line and offset, the others read
"$PRIVTRACE" report --timeline -o json "$cap" >"$TMPD/good.json"
lines=$(wc -l <"$TMPD/good.json")
{ head -2 "$TMPD/good.json"; echo '{"@timestamp":"2026-12-01T10:00:00Z","event":{"kind":"event"}}';
  echo 'not json at all'; tail -n +3 "$TMPD/good.json"; } >"$TMPD/mixed.lines"
report_st -o json "$TMPD/mixed.lines"
want 1 "mixed.lines: offset [0-9]+: line 3: " "a JSON line that is not a privtrace record"
grep -q "line 4: not a privtrace JSON record" "$TMPD/err" || fail "the 4th line was not named"
[ "$(jq '.report.read' "$TMPD/out")" -eq "$lines" ] || fail "the good lines were not all read"

# options
report_st --since yesterday "$cap"
want 2 "invalid --since: 'yesterday' is not a time" "an unparseable time"
report_st --by colour "$cap"
want 2 "invalid --by 'colour'" "an unknown --by key"
report_st --cap CAP_NOPE "$cap"
want 2 "invalid --cap 'CAP_NOPE'" "an unknown capability"
report_st --timeline --by cap "$cap"
want 2 "two views" "--timeline with --by"
report_st -o xml "$cap"
want 2 "invalid --output 'xml'" "an unknown output"
# a hostile file name is escaped in the messages
hostile=$TMPD/$'\e[2Jevil'
cp "$TMPD/text" "$hostile"
report_st "$hostile"
grep -q $'\e' "$TMPD/err" && fail "an escape byte of a file name reached stderr"
grep -q 'x1b\[2Jevil' "$TMPD/err" || fail "the hostile file name was not shown escaped"
echo "ok: a hostile file name is escaped"

# a full disk while recording: said, counted as not written, exit 1; the
# capture still reads up to what reached it
tfs=$TMPD/tfs
mkdir "$tfs"
mount -t tmpfs -o size=16k tmpfs "$tfs" || fail "cannot mount a tmpfs for the full-disk case"
cleanup_hooks+=("umount $tfs")
# every block of it taken: the capture's first write finds no room
dd if=/dev/zero of="$tfs/fill" bs=1k status=none 2>/dev/null || true
[ "$(df --output=avail -B1 "$tfs" | tail -1 | tr -d ' ')" -eq 0 ] || fail "the tmpfs is not full"
ST=0
timeout 120 "$PRIVTRACE" record -w "$tfs/full.ptcap" --health-interval 0 run -- sh -c \
	"for i in \$(seq 20); do setpriv --reuid=$TEST_UID --regid=$TEST_UID --clear-groups cat /etc/shadow; done; true" \
	>/dev/null 2>"$TMPD/full.err" || ST=$?
[ "$ST" -eq 1 ] || { cat "$TMPD/full.err" >&2; fail "a full disk: exit $ST, expected 1"; }
grep -q "writing events failed: No space left on device" "$TMPD/full.err" || fail "a full disk: not said"
grep -Eq "capture .*full.ptcap: No space left on device; [1-9][0-9]* records did not reach it" "$TMPD/full.err" ||
	{ cat "$TMPD/full.err" >&2; fail "a full disk: the records that did not reach the capture are not counted"; }
grep -Eq "summary:.*dropped by sinks [1-9]" "$TMPD/full.err" || fail "a full disk: the summary says nothing was dropped"
echo "ok: a full disk is said, its records counted, exit 1"
