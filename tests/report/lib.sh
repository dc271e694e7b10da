# shellcheck shell=bash
# Shared by the report tests: sourced, never run. The page of
# `privtrace report -o html` checked as a file (self-contained, nothing
# untrusted as markup) and as a real browser sees it (Debian's chromium,
# headless: its DOM and a screenshot).
#
# Sourced after tests/integration/lib.sh or tests/containers/lib.sh (for
# fail, TMPD, PRIVTRACE, cleanup); sources integration/lib.sh itself if
# neither was.
if ! declare -F fail >/dev/null; then
	# shellcheck source=../integration/lib.sh
	. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../integration/lib.sh"
fi

CHROMIUM=${CHROMIUM:-chromium}
CHROMIUM_TIMEOUT=${CHROMIUM_TIMEOUT:-120} # a run takes 1-3 s here; CI machines are slower
SHOT_MIN_BYTES=20000                      # a blank 1280x2000 PNG is ~10 KB

# Debian's chromium, installed if missing (package chromium; no recommends needed)
ensure_chromium() {
	command -v "$CHROMIUM" >/dev/null && return 0
	local cand t=$SECONDS
	cand=$(apt-cache policy chromium 2>/dev/null | sed -n 's/^ *Candidate: *//p')
	if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
		fail "chromium is not installed and apt has no candidate for it (apt-get update?)"
	fi
	echo "installing chromium $cand"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium \
		>"$TMPD/apt-chromium.log" 2>&1 || { tail -20 "$TMPD/apt-chromium.log" >&2; fail "apt-get install chromium failed"; }
	command -v "$CHROMIUM" >/dev/null || fail "chromium still missing after apt-get install"
	echo "chromium installed in $((SECONDS - t))s"
}

# chromium_run LOG ARGS...: headless, its own profile and HOME under TMPD,
# nothing of the network; sets CHROMIUM_MS to how long it took
chromium_run() {
	local log=$1 t0 st=0
	shift
	mkdir -p "$TMPD/chromium-home"
	t0=$(date +%s%N)
	HOME=$TMPD/chromium-home timeout "$CHROMIUM_TIMEOUT" "$CHROMIUM" --headless --no-sandbox \
		--disable-gpu --hide-scrollbars --user-data-dir="$TMPD/chromium-home/profile" \
		--no-first-run --no-default-browser-check --disable-extensions \
		--disable-background-networking --disable-component-update --disable-sync \
		"$@" 2>"$log" || st=$?
	CHROMIUM_MS=$((($(date +%s%N) - t0) / 1000000))
	if [ "$st" -eq 124 ]; then
		fail "chromium did not finish within ${CHROMIUM_TIMEOUT}s (CHROMIUM_TIMEOUT): $*"
	fi
	[ "$st" -eq 0 ] || { tail -20 "$log" >&2; fail "chromium exited with $st: $*"; }
}

# html_render PAGE DOM PNG: the page as chromium builds it (DOM into DOM)
# and as it draws it (PNG, 1280x2000)
html_render() {
	local page=$1 dom=$2 png=$3 url
	url=file://$(realpath "$page")
	chromium_run "$dom.log" --dump-dom "$url" >"$dom"
	echo "chromium --dump-dom: ${CHROMIUM_MS} ms"
	[ -s "$dom" ] || fail "chromium --dump-dom wrote nothing for $url"
	grep -q '</html>' "$dom" || fail "chromium's DOM dump of $url does not end the document"
	chromium_run "$png.log" --screenshot="$png" --window-size=1280,2000 "$url" >/dev/null
	echo "chromium --screenshot: ${CHROMIUM_MS} ms"
	png_check "$png" 1280 2000
}

# png_check PNG WIDTH HEIGHT: a PNG of that size, and not a blank one
png_check() {
	local png=$1 size dims
	[ -s "$png" ] || fail "no screenshot: $png missing or empty"
	[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
		fail "screenshot $png is not a PNG"
	# IHDR: width and height, big-endian, at offset 16
	dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8 }')
	[ "$dims" = "$2x$3" ] || fail "screenshot is $dims, expected $2x$3"
	size=$(stat -c %s "$png")
	[ "$size" -gt "$SHOT_MIN_BYTES" ] || fail "screenshot only $size bytes (expected > $SHOT_MIN_BYTES): blank page?"
	echo "ok: screenshot $png, $dims, $size bytes"
}

# Elements and attributes the page may use: anything else (script, img,
# iframe, link, object, embed, base, form, style=, on*=, xlink:href ...)
# would be markup that should not be there.
HTML_ELEMENTS=" html head meta title style body header footer h1 h2 h3 p dl dt dd code strong em span br
	nav ul li a details summary section table thead tbody tr th td figure figcaption svg desc g rect
	line text "
HTML_ATTRS=" charset http-equiv content name lang class id href role aria-labelledby viewbox x y
	width height x1 y1 x2 y2 text-anchor colspan "
# one space between words, and around: " $e " finds a word
HTML_ELEMENTS=" $(printf '%s' "$HTML_ELEMENTS" | tr -s '\n\t ' '   ') "
HTML_ATTRS=" $(printf '%s' "$HTML_ATTRS" | tr -s '\n\t ' '   ') "

# html_check_static PAGE: the page as a file. One document, valid UTF-8, no
# control byte; every '<' starts a tag on its line (escaped text has none);
# only the elements and attributes above; links only within the page; no
# URL, import or url() anywhere in the markup or the style sheet; the
# Content-Security-Policy forbids everything but inline style. "http" is
# allowed in escaped text (a recorded path may say it) and as the name of
# the http-equiv attribute, nowhere else.
html_check_static() {
	local page=$1 tags bad n
	[ -s "$page" ] || fail "no page: $page missing or empty"
	head -c 16 "$page" | grep -q '^<!DOCTYPE html>' || fail "$page does not start with <!DOCTYPE html>"
	[ "$(grep -c '</html>' "$page")" -eq 1 ] || fail "$page: expected exactly one </html>"
	iconv -f UTF-8 -t UTF-8 "$page" >/dev/null 2>&1 || fail "$page is not valid UTF-8"
	if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$page"; then
		LC_ALL=C grep -n $'[\x01-\x09\x0b-\x1f\x7f]' "$page" | head -5 | od -c | head -20 >&2
		fail "$page has raw control bytes"
	fi
	LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$page" && fail "$page has raw C1 control characters"
	[ "$(tr -d '\000' <"$page" | wc -c)" -eq "$(wc -c <"$page")" ] || fail "$page has NUL bytes"

	tags=$TMPD/tags.$$
	grep -o '<[^<>]*>' "$page" >"$tags" || true
	n=$(sed 's/<[^<>]*>//g' "$page" | grep -c '[<>]' || true)
	[ "$n" -eq 0 ] || { sed 's/<[^<>]*>//g' "$page" | grep -n '[<>]' | head -5 >&2; \
		fail "$page: $n lines with a '<' or '>' outside a tag (raw markup in text?)"; }

	# element names
	bad=$(sed -n 's/^<\/\{0,1\}\([A-Za-z][A-Za-z0-9-]*\).*/\1/p' "$tags" | tr '[:upper:]' '[:lower:]' | sort -u |
		while read -r e; do [[ "$HTML_ELEMENTS" == *" $e "* ]] || echo "$e"; done || true)
	[ -z "$bad" ] || fail "$page uses elements it must not: ${bad//$'\n'/ }"
	grep -qv '^<[/!A-Za-z]' "$tags" && { grep -v '^<[/!A-Za-z]' "$tags" | head -3 >&2; fail "$page: a tag that is no element"; }
	# attribute names, their values blanked first (a value cannot hold a raw '"')
	bad=$(sed 's/="[^"]*"/=""/g' "$tags" | grep -o ' [^ =<>"/]*=' | tr -d ' =' | tr '[:upper:]' '[:lower:]' | sort -u |
		while read -r a; do [[ "$HTML_ATTRS" == *" $a "* ]] || [[ "$a" == data-* ]] || echo "$a"; done || true)
	[ -z "$bad" ] || fail "$page uses attributes it must not: ${bad//$'\n'/ }"
	sed 's/="[^"]*"/=""/g' "$tags" | grep -q "='" && fail "$page: an attribute value in single quotes"
	# every attribute value quoted (an unquoted one could hold anything)
	sed 's/="[^"]*"//g' "$tags" | grep -q '=' && { sed 's/="[^"]*"//g' "$tags" | grep '=' | head -3 >&2; \
		fail "$page: an unquoted attribute value"; }
	# links only to the page's own anchors
	bad=$(grep -o ' href="[^"]*"' "$tags" | grep -v '^ href="#[A-Za-z0-9_-]*"$' || true)
	[ -z "$bad" ] || fail "$page links out of itself: $bad"
	# no URL, protocol-relative or not, in any tag or the style sheet; the
	# data-* values are escaped record strings (a container's name), text
	# for a test to read, never fetched: blanked first
	sed 's/ data-[a-z-]*="[^"]*"//g' "$tags" >"$tags.nodata"
	grep -qiE 'https?:|ftp:|file:|data:|javascript:|//' "$tags.nodata" &&
		{ grep -iE 'https?:|ftp:|file:|data:|javascript:|//' "$tags.nodata" | head -3 >&2; fail "$page: a URL in its markup"; }
	sed 's/http-equiv=//g' "$tags.nodata" | grep -qi 'http' && fail "$page: 'http' in its markup (beyond http-equiv)"
	local css
	css=$(sed -n 's/.*<style>\(.*\)<\/style>.*/\1/p' "$page")
	[ -n "$css" ] || fail "$page: no one-line <style> sheet found"
	echo "$css" | grep -qiE 'url\(|@import|http|//|expression\(|image-set|src:' &&
		fail "$page: its style sheet fetches something: $(echo "$css" | grep -oiE '.{20}(url\(|@import|http|//|expression\(|image-set|src:).{20}')"
	[ "$(grep -c '<style>' "$tags")" -eq 1 ] || fail "$page: more than one style sheet"
	# defence in depth: were markup to get through, the browser would still
	# refuse scripts and fetches
	grep -q "^<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';" "$tags" ||
		fail "$page: no Content-Security-Policy with default-src 'none'"
	rm -f "$tags" "$tags.nodata"
	echo "ok: $page is self-contained: $(wc -c <"$page") bytes, only known elements and attributes, no URL"
}

# html_section DOM KEY: the lines of the group section whose data-container
# is KEY ("host", or a container's name), from chromium's DOM dump
html_section() {
	awk -v want="data-container=\"$2\"" '
		!on && index($0, "<section class=\"group") && index($0, want) { on = 1 }
		on { print }
		on && index($0, "</section>") { exit }' "$1"
}

# html_expect_dom DOM FIXED-STRING DESCRIPTION: the DOM dump has it
html_expect() {
	grep -qF -- "$2" "$1" || fail "$3: expected to find '$2' in $1"
	echo "ok: $3"
}

html_expect_not() {
	if grep -qF -- "$2" "$1"; then
		grep -nF -- "$2" "$1" | head -3 >&2
		fail "$3: '$2' should not be in $1"
	fi
	echo "ok: $3"
}

# html_check_groups JSON DOM: every group of the JSON summary (-o json of
# the same files) is a section of the page, with its denied count; no other
# section; each with its timeline
html_check_groups() {
	local json=$1 dom=$2 n sections key denied sec d g
	n=$(jq '.groups | length' "$json")
	sections=$(grep -c '<section class="group' "$dom" || true)
	[ "$sections" -eq "$n" ] || fail "the JSON summary has $n groups, the page $sections sections"
	[ "$(grep -c '<svg class="timeline"' "$dom" || true)" -eq "$n" ] || fail "expected one timeline per group ($n)"
	for ((g = 0; g < n; g++)); do
		key=$(jq -r ".groups[$g] | if .host then \"host\" else (.container.name // .container.id) end" "$json")
		denied=$(jq ".groups[$g] | [.actions[].denied] | add // 0" "$json")
		sec=$TMPD/section.$g
		html_section "$dom" "$key" >"$sec"
		[ -s "$sec" ] || fail "no section data-container=\"$key\" in the page (group $g of the JSON summary)"
		grep -q "^<section class=\"group[^\"]*\" id=\"group-$((g + 1))\"" "$sec" ||
			fail "group $key is not section group-$((g + 1)) (the JSON summary's order)"
		d=$(sed -n 's/.* data-denied="\([0-9]*\)".*/\1/p' "$sec" | head -1)
		[ "$d" = "$denied" ] || fail "section $key says $d denied, the JSON summary $denied"
		grep -q '<svg class="timeline"' "$sec" || fail "section $key has no timeline"
		grep -q "<desc id=\"tl-desc-$((g + 1))\">.* and $denied denied event" "$sec" ||
			fail "timeline of $key: its description does not give the $denied denied events in words"
		if [ "$denied" -gt 0 ]; then
			grep -q '<rect class="d"' "$sec" || fail "timeline of $key: $denied denied, but no denied bar"
			grep -q '<tr class="denied">' "$sec" || fail "section $key: $denied denied, but no denied row"
		fi
		echo "ok: group $((g + 1)) ($key): section, timeline, $denied denied"
	done
}
