#!/usr/bin/env bash
# logrotate's way with a file sink: the file is renamed, privtrace gets
# SIGHUP, and goes on in a new file at the old path. Every event is in one of
# the two, whole lines only, none twice; privtrace keeps tracing throughout.
. "$(dirname "$0")/../integration/lib.sh"
ensure_user
secret=$(make_secret)
out=$TMPD/events.json
cmd=$TMPD/work.sh
# $PPID of the command is privtrace itself (`run` forks it)
cat >"$cmd" <<WORK
setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" open "$secret"
sleep 0.5
mv "$out" "$out.1"
kill -HUP \$PPID
sleep 1
setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PTHELPER" read "$secret"
sleep 0.5
WORK
PT_STATUS=0
timeout 60 "$PRIVTRACE" --sink "file:$out" --health-interval 0 run -- bash "$cmd" \
	>"$TMPD/stdout" 2>"$TMPD/err" || PT_STATUS=$?
[ "$PT_STATUS" -eq 0 ] || { cat "$TMPD/err"; fail "privtrace exited with $PT_STATUS"; }
[ -s "$out.1" ] && [ -s "$out" ] || { ls -l "$TMPD"; fail "no rotated file and new file"; }
for f in "$out.1" "$out"; do
	jq -e . "$f" >/dev/null || fail "$f holds a line that is not JSON"
	[ "$(tail -c1 "$f" | od -An -tx1 | tr -d ' ')" = 0a ] || fail "$f ends in a partial line"
done
me='.process.name == "pthelper" and .event.action == "file" and .event.outcome == "failure"'
expect_exactly "$out.1" 1 "$me" "before the rotation: the first denial, in the renamed file"
expect_exactly "$out" 1 "$me" "after SIGHUP: the second denial, in the new file"
events=$(sed -n 's/^privtrace: summary: \([0-9]*\) events.*/\1/p' "$TMPD/err")
total=$(cat "$out.1" "$out" | jq -c 'select(.event.kind == "event")' | wc -l)
[ "$total" -eq "$events" ] || fail "the two files hold $total events, the summary counts $events"
echo "ok: $total events across the rotation, as the summary counts"
