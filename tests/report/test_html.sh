#!/usr/bin/env bash
# `privtrace report -o html` of a real recording, in a real browser: an
# unprivileged user denied /etc/shadow and a root-only file, by cat and by a
# copy of cat named '<b>x', and denied a file whose name is markup and a
# terminal escape. The page must be self-contained (nothing fetched, no
# script), show the host's group with those denials, and show every hostile
# string as text: chromium's DOM has no element the records brought.
. "$(dirname "$0")/lib.sh"
set -u
ensure_user
ensure_chromium
[ -x "$PRIVTRACE" ] || fail "no $PRIVTRACE (make)"
"$PRIVTRACE" report --help >/dev/null 2>&1 || fail "$PRIVTRACE report --help fails: no report subcommand"

secret=$(make_secret)                 # $TMPD/secret, root 0600
hostcat="$TMPD/<b>x"                  # comm '<b>x': markup as a process name
cp /bin/cat "$hostcat"
chmod 0755 "$hostcat"
hostile=$TMPD/$'"><img src=x onerror=alert(1)>&\x27\x1b[31m'
echo s >"$hostile"
chmod 0600 "$hostile"
cap=$TMPD/cap.ptcap
page=$TMPD/page.html
dom=$TMPD/page.dom
png=$TMPD/shot.png
summary=$TMPD/summary.out             # not .json: lib.sh keeps those as event records

# 1. real events, recorded into a capture
st=0
# shellcheck disable=SC2016 # the script's own $1..$4
timeout 120 "$PRIVTRACE" record -w "$cap" run -- sh -c '
	u=$1
	as() { setpriv --reuid "$u" --regid "$u" --clear-groups "$@"; }
	as cat /etc/shadow
	as cat "$2"
	as "$3" "$2"
	as "$3" /etc/shadow
	as cat "$4"
	exit 0' sh "$TEST_UID" "$secret" "$hostcat" "$hostile" >"$cap.out" 2>"$cap.err" || st=$?
grep -q '^privtrace: tracing' "$cap.err" || { cat "$cap.err" >&2; fail "privtrace record did not start"; }
grep -q '^privtrace: summary' "$cap.err" || { cat "$cap.err" >&2; fail "privtrace record: no summary line"; }
[ "$st" -eq 0 ] || { cat "$cap.err" >&2; fail "privtrace record exited with $st, expected 0 (the command's status)"; }
[ -s "$cap" ] || fail "no capture written to $cap"
echo "ok: recorded $(stat -c %s "$cap") bytes: $(grep '^privtrace: summary' "$cap.err")"

# 2. the page, and the same summary as JSON to compare it with
st=0
"$PRIVTRACE" report -o html -w "$page" "$cap" 2>"$page.err" || st=$?
[ "$st" -eq 0 ] || { cat "$page.err" >&2; fail "report -o html exited with $st, expected 0 (nothing damaged)"; }
st=0
"$PRIVTRACE" report -o json "$cap" >"$summary" 2>"$summary.err" || st=$?
[ "$st" -eq 0 ] || { cat "$summary.err" >&2; fail "report -o json exited with $st"; }
jq -e '.groups' "$summary" >/dev/null || fail "report -o json: no groups in $summary"

# what the scenario must have given, in the report's own data
jq -e '.groups[0].host == true' "$summary" >/dev/null || fail "the JSON summary's first group is not the host"
[ "$(jq '[.groups[] | select(.host | not)] | length' "$summary")" -eq 0 ] ||
	fail "containers in the summary of a host-only run: $(jq -c '[.groups[].container.name]' "$summary")"
for p in /etc/shadow "$secret"; do
	jq -e --arg p "$p" '.groups[0].denied_paths | any(.key == $p)' "$summary" >/dev/null ||
		fail "the JSON summary does not list $p as denied: $(jq -c '.groups[0].denied_paths' "$summary")"
done
jq -e '.groups[0].denied_capabilities | any(.key == "CAP_DAC_OVERRIDE")' "$summary" >/dev/null ||
	fail "the JSON summary has no CAP_DAC_OVERRIDE denied: $(jq -c '.groups[0].denied_capabilities' "$summary")"
echo "ok: the summary has the host's denials of /etc/shadow and $secret, CAP_DAC_OVERRIDE"

# 3. the file: self-contained, no markup from the records
html_check_static "$page"
# the checks can fail: the same page with one string unescaped is refused
sed 's/&lt;b&gt;x/<b>x/' "$page" >"$TMPD/bad1.html"
cmp -s "$page" "$TMPD/bad1.html" && fail "the page does not have the escaped '&lt;b&gt;x' to doctor"
if (html_check_static "$TMPD/bad1.html") >/dev/null 2>&1; then fail "html_check_static accepted a <b> from a record"; fi
sed 's/&lt;img src=x onerror=alert(1)&gt;/<img src=x onerror=alert(1)>/' "$page" >"$TMPD/bad2.html"
if (html_check_static "$TMPD/bad2.html") >/dev/null 2>&1; then fail "html_check_static accepted an <img onerror>"; fi
sed 's|<style>|<style>@import "https://example.org/x.css";|' "$page" >"$TMPD/bad3.html"
if (html_check_static "$TMPD/bad3.html") >/dev/null 2>&1; then fail "html_check_static accepted an @import"; fi
echo "ok: the static checks refuse a doctored page"

# 4. in the browser
html_render "$page" "$dom" "$png"
html_check_groups "$summary" "$dom"
host=$TMPD/host.section
html_section "$dom" host >"$host"
grep -q '^<section class="group host" id="group-1" data-container="host" data-kind="host"' "$host" ||
	fail "the host's section is not group-1 with data-container=\"host\": $(head -1 "$host")"
rows=$TMPD/host.denied
grep '<tr class="denied">' "$host" >"$rows" || fail "no denied row in the host's section"
echo "host: $(wc -l <"$rows") denied rows"
row_has() { # DESCRIPTION FIXED-STRING...: some denied row has them all
	local d=$1 r
	shift
	r=$(cat "$rows")
	for s in "$@"; do r=$(printf '%s\n' "$r" | grep -F -- "$s" || true); done
	[ -n "$r" ] || { sed 's/^/    /' "$rows" | head -20 >&2; fail "$d: no denied row with all of: $*"; }
	echo "ok: $d"
}
row_has "cat denied /etc/shadow (file, mode bits)" '<td class="k">cat</td>' '<td>file</td>' \
	'<td class="k">/etc/shadow</td>' '<td>mode_denies</td>' "<td class=\"n\">$TEST_UID / $TEST_UID</td>"
row_has "CAP_DAC_OVERRIDE denied on /etc/shadow" '<td>capability</td>' 'CAP_DAC_OVERRIDE' '/etc/shadow' \
	'<td>cap_not_effective</td>'
row_has "cat denied the root-only file" '<td class="k">cat</td>' "<td class=\"k\">$secret</td>"
# the hostile process name, as text: escaped in the DOM's serialisation
row_has "'<b>x' denied the root-only file, its name as text" '<td class="k">&lt;b&gt;x</td>' \
	"<td class=\"k\">$secret</td>"
row_has "'<b>x' denied /etc/shadow" '<td class="k">&lt;b&gt;x</td>' '<td class="k">/etc/shadow</td>'
# the hostile path: markup as text, the escape byte shown as \x1b
row_has "the markup-named file denied, its name as text" '<td>file</td>' \
	"<td class=\"k\">$TMPD/\"&gt;&lt;img src=x onerror=alert(1)&gt;&amp;'\\x1b[31m</td>"
grep -q '<table class="denied-paths">' "$host" || fail "no denied-paths table in the host's section"
grep -qF "$TMPD/\"&gt;&lt;img src=x onerror=alert(1)&gt;&amp;'\\x1b[31m</td>" "$host" ||
	fail "the markup-named file is not in the host's tables as text"
grep -qF '<td class="k">CAP_DAC_OVERRIDE</td>' "$host" || fail "no CAP_DAC_OVERRIDE in the host's denied capabilities"
grep -qF '<td class="code">mode_denies</td>' "$host" || fail "no mode_denies in the host's reasons"
# no element the records brought: the browser built none
html_expect_not "$dom" '<img' "no img element in the DOM"
html_expect_not "$dom" 'onerror="' "no onerror attribute in the DOM"
html_expect_not "$dom" '<script' "no script element in the DOM"
html_expect_not "$dom" '<b>' "no b element in the DOM (the page has none; '<b>x' is a process name)"
LC_ALL=C grep -q $'\x1b' "$dom" && fail "a raw ESC byte in the DOM"
html_expect_not "$dom" 'class="first-shown"' "fewer than 200 denials: all listed"
html_expect "$dom" 'Privileged accesses recorded by privtrace' "the page's title heading"
html_expect "$dom" "<code>$cap</code>" "the capture named as what was read"
lost=$(jq '.report.lost' "$summary")
problems=$(jq '.report.problems' "$summary")
if [ "$lost" -gt 0 ]; then
	html_expect "$dom" 'id="warn-lost"' "the loss of $lost events warned of"
else
	html_expect_not "$dom" 'id="warn-lost"' "no loss warning (none lost)"
fi
[ "$problems" -eq 0 ] || fail "the capture has $problems problems, expected none"
html_expect_not "$dom" 'id="warn-damaged"' "no damage warning (nothing damaged)"
html_expect_not "$dom" 'class="warning root-host"' "no host-root warning for the host itself"
echo "ok: the page, $(wc -c <"$page") bytes; screenshot in $png"
