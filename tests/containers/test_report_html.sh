#!/usr/bin/env bash
# `privtrace report -o html` of a recording of real Docker containers, in a
# real browser: uid 1001 in a plain container (its root is host root) denied
# the image's root-only /etc/secret, and root in a --userns-remap container
# denied the removal of a host file its namespace does not map. Each
# container is a section of its own, with its denials, its user-namespace
# picture, and the host-root warning where it applies.
#
# The daemons are tests/containers/lib.sh's: the suite's shared ones when
# PT_CT_DIR is set (tests/run.sh's container block), else its own.
. "$(dirname "$0")/lib.sh"
# shellcheck source=../report/lib.sh
. "$(dirname "$0")/../report/lib.sh"
set -u
ensure_chromium
"$PRIVTRACE" report --help >/dev/null 2>&1 || fail "$PRIVTRACE report --help fails: no report subcommand"
cap=$TMPD/ct.ptcap
page=$TMPD/page.html
dom=$TMPD/page.dom
png=$TMPD/shot.png
summary=$TMPD/summary.out
user=pt-html-user-$$
remapped=pt-html-remap-$$
read -r base _ <<<"$(ct_remap_base)"
hostdir=$TMPD/hostdir
mkdir "$hostdir"
chmod 0755 "$hostdir"
echo x >"$hostdir/file"

# the whole machine's containers recorded (pt_stop's SIGTERM ends it)
"$PRIVTRACE" record -w "$cap" --docker-socket "$(ct_sock plain)" --docker-socket "$(ct_sock remap)" \
	--containers-only 2>"$cap.err" &
# shellcheck disable=SC2034 # containers/lib.sh's pt_stop reads them
PT_PID=$! PT_OUT=$cap
cleanup_hooks+=("pt_stop_quiet")
wait_ready "$cap.err"
ct_start plain "$user" --user "$CT_APPUID:$CT_APPUID"
ct_exec plain "$user" cat /etc/secret
[ "$CT_STATUS" -ne 0 ] || fail "uid $CT_APPUID could read the image's root-only /etc/secret"
ct_start remap "$remapped" -v "$hostdir:/hostdir"
ct_exec remap "$remapped" rm /hostdir/file
[ "$CT_STATUS" -ne 0 ] || fail "remapped root removed the host's file"
pt_stop
ct_rm plain "$user"
ct_rm remap "$remapped"

st=0
"$PRIVTRACE" report -o html -w "$page" "$cap" 2>"$page.err" || st=$?
[ "$st" -eq 0 ] || { cat "$page.err" >&2; fail "report -o html exited with $st, expected 0"; }
"$PRIVTRACE" report -o json "$cap" >"$summary" 2>"$summary.err" || { cat "$summary.err" >&2; fail "report -o json failed"; }
for n in "$user" "$remapped"; do
	jq -e --arg n "$n" 'any(.groups[]; .container.name == $n)' "$summary" >/dev/null ||
		fail "the JSON summary has no group for container $n: $(jq -c '[.groups[] | .container.name // "host"]' "$summary")"
done
jq -e 'any(.groups[]; .host) | not' "$summary" >/dev/null || fail "a host group in a --containers-only recording"

html_check_static "$page"
html_render "$page" "$dom" "$png"
html_check_groups "$summary" "$dom"

# uid 1001 in the plain container: its root is host root
sec=$TMPD/user.section
html_section "$dom" "$user" >"$sec"
grep -q "^<section class=\"group\" id=\"group-[0-9]*\" data-container=\"$user\" data-kind=\"container\"" "$sec" ||
	fail "section of $user: $(head -1 "$sec")"
grep -qF "<h2>container $user (" "$sec" || fail "section of $user: no title naming it"
grep -qF "image $CT_IMAGE, docker)</h2>" "$sec" || fail "section of $user: its title does not give image and runtime"
grep -q 'class="warning root-host"' "$sec" || fail "section of $user: no warning that its root is host root"
grep '<tr class="denied">' "$sec" | grep -F '<td class="k">cat</td>' | grep -F '<td class="k">/etc/secret</td>' |
	grep -qF "<td class=\"n\">$CT_APPUID / $CT_APPUID</td>" ||
	{ grep '<tr class="denied">' "$sec" | head >&2; fail "section of $user: no denied row of cat, /etc/secret, uid $CT_APPUID"; }
grep '<tr class="denied">' "$sec" | grep -F 'CAP_DAC_OVERRIDE' | grep -qF '/etc/secret' ||
	fail "section of $user: no denied row of CAP_DAC_OVERRIDE on /etc/secret"
echo "ok: $user: host-root warning, cat and CAP_DAC_OVERRIDE denied /etc/secret"

# root in the remapped container: an ordinary host uid, refused an unmapped owner's file
sec=$TMPD/remap.section
html_section "$dom" "$remapped" >"$sec"
[ -s "$sec" ] || fail "no section for $remapped"
# its workload's root is host uid $base: a page saying "this container's
# root is the host's root" would mislead (runc's own setup processes, in
# the container's cgroup before it enters the user namespace, are no reason)
if grep -q 'class="warning root-host"' "$sec"; then
	grep -F '<td class="k">' "$sec" | grep -F 'user namespace' | sed 's/<[^>]*>/ /g; s/^/    /' >&2
	fail "section of $remapped: host-root warning for a remapped container (its user namespaces above)"
fi
grep -qF "root is host uid $base " "$sec" || fail "section of $remapped: its user namespace does not say root is host uid $base"
grep '<tr class="denied">' "$sec" | grep -F '<td class="k">rm</td>' | grep -F '<td class="k">/hostdir/file</td>' |
	grep -F '<td>owner_unmapped</td>' | grep -qF "<td class=\"n\">$base / 0</td>" ||
	{ grep '<tr class="denied">' "$sec" | head >&2; fail "section of $remapped: no denied row of rm /hostdir/file, owner_unmapped, host uid $base / ns uid 0"; }
echo "ok: $remapped: root is host uid $base, rm of /hostdir/file denied (owner_unmapped)"
