#!/usr/bin/env bash
# comm and path chosen by a hostile process (newlines, terminal escapes, fake
# JSON, invalid UTF-8, bidi override, C1 CSI, tab) cannot forge a record or
# reach the terminal.
. "$(dirname "$0")/lib.sh"
ensure_user
name=$(printf 'e\033[2J\n{"x":1}\377\300')
path="$TMPD/$(printf 'sec\n{"event":{"action":"file"}}\033]0;pwn\007\342\200\256\r\t\302\233')"
echo s >"$path"
chmod 0600 "$path"
out=$TMPD/ev.json

pt_run "$out" -- setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" comm "$name" "$path"
[ "$PT_STATUS" -eq 13 ] || fail "expected EACCES (13), got $PT_STATUS"
lines=0
while IFS= read -r line; do
	lines=$((lines + 1))
	printf '%s' "$line" | jq -e . >/dev/null || fail "line $lines is not one JSON object: $line"
done <"$out"
records=$(jq -c . "$out" | wc -l)
[ "$lines" -eq "$records" ] || fail "$lines lines but $records records"
events=$(sed -n 's/^privtrace: summary: \([0-9]*\) events.*/\1/p' "$out.err")
# the health record privtrace writes at exit is no event
records=$(count "$out" '.event.kind == "event"')
[ "$records" -eq "$events" ] || fail "$records records but the summary counts $events events"
echo "ok: $lines lines, each one valid JSON record"
no_control_bytes() {
	LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$1" && { od -c "$1" | head -40; fail "raw control bytes in $2"; }
	# C1 controls as UTF-8 (U+009B is CSI to many terminals)
	LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$1" && fail "raw C1 control in $2"
	[ "$(tr -d '\000' <"$1" | wc -c)" -eq "$(wc -c <"$1")" ] || fail "NUL bytes in $2"
	return 0
}
no_control_bytes "$out" "the JSON output"
# the name decodes to the escaped text: control characters intact, invalid bytes as \xNN
expect "$out" 1 '.event.action == "file" and .process.name == "e\u001b[2J\n{\"x\":1}\\xff\\xc0"' \
	"hostile comm escaped, nothing lost"
expect "$out" 1 ".event.action == \"file\" and .file.path == \"$TMPD/sec\\n{\\\"event\\\":{\\\"action\\\":\\\"file\\\"}}\\u001b]0;pwn\\u0007\\u202e\\r\\t\\u009b\"" \
	"hostile path escaped"
grep -q '\\u202e' "$out" || fail "bidi override not escaped in the JSON text"
grep -q '\\u009b' "$out" || fail "C1 CSI not escaped in the JSON text"

txt=$TMPD/ev.txt
timeout 120 "$PRIVTRACE" -o text -w "$txt" run -- setpriv --reuid $TEST_UID --regid $TEST_UID \
	--clear-groups "$PTHELPER" comm "$name" "$path" 2>"$txt.err" || true
no_control_bytes "$txt" "the text output"
grep -q $'\xe2\x80\xae' "$txt" && fail "raw bidi override in the text output"
n=$(grep -c 'pthelper\|e\\x1b\[2J' "$txt" || true)
ev=$(grep -c '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9] ' "$txt")
health=$(grep -c '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9] *HEALTH ' "$txt" || true)
[ "$ev" -eq $(($(wc -l <"$txt") - 1)) ] || { cat "$txt"; fail "a text line is not one record"; }
ev=$((ev - health))
events=$(sed -n 's/^privtrace: summary: \([0-9]*\) events.*/\1/p' "$txt.err")
[ "$ev" -eq "$events" ] || { cat "$txt"; fail "$ev event lines but the summary counts $events events"; }
grep -q 'openat .*sec\\x0a{"event":{"action":"file"}}\\x1b\]0;pwn\\x07\\u{202e}\\x0d\\x09\\u{009b} EACCES' "$txt" \
	|| { cat "$txt"; fail "text line of the denial not as expected"; }
echo "ok: text output escaped, one line per event ($ev, $n mention the process)"
