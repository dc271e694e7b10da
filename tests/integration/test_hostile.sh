#!/usr/bin/env bash
# comm and path chosen by a hostile process (newlines, terminal escapes, fake
# JSON, invalid UTF-8, bidi override) cannot forge a record or reach the terminal.
. "$(dirname "$0")/lib.sh"
ensure_user
name=$(printf 'e\033[2J\n{"x":1}\377\300')
path="$TMPD/$(printf 'sec\n{"event":{"action":"file"}}\033]0;pwn\007\342\200\256\r')"
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
echo "ok: $lines lines, each one valid JSON record"
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$out" && fail "raw control bytes in the JSON output"
# the name decodes to the escaped text: control characters intact, invalid bytes as \xNN
expect "$out" 1 '.event.action == "file" and .process.name == "e\u001b[2J\n{\"x\":1}\\xff\\xc0"' \
	"hostile comm escaped, nothing lost"
expect "$out" 1 ".event.action == \"file\" and .file.path == \"$TMPD/sec\\n{\\\"event\\\":{\\\"action\\\":\\\"file\\\"}}\\u001b]0;pwn\\u0007\\u202e\\r\"" \
	"hostile path escaped"
grep -q '\\u202e' "$out" || fail "bidi override not escaped in the JSON text"

txt=$TMPD/ev.txt
timeout 120 "$PRIVTRACE" -o text -w "$txt" run -- setpriv --reuid $TEST_UID --regid $TEST_UID \
	--clear-groups "$PTHELPER" comm "$name" "$path" 2>/dev/null || true
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$txt" && { od -c "$txt" | head; fail "control bytes in the text output"; }
grep -q $'\xe2\x80\xae' "$txt" && fail "raw bidi override in the text output"
n=$(grep -c 'pthelper\|e\\x1b\[2J' "$txt" || true)
ev=$(grep -c '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9] ' "$txt")
[ "$ev" -eq $(($(wc -l <"$txt") - 1)) ] || { cat "$txt"; fail "a text line is not one event"; }
grep -q 'openat .*sec\\x0a{"event":{"action":"file"}}\\x1b\]0;pwn\\x07\\u{202e}\\x0d EACCES' "$txt" \
	|| { cat "$txt"; fail "text line of the denial not as expected"; }
echo "ok: text output escaped, one line per event ($ev, $n mention the process)"
