#!/usr/bin/env bash
# make install into a DESTDIR: every file where the service expects it, the
# unit starting the installed binary with the installed config, an admin's
# config never overwritten, and make uninstall removing all but that config.
. "$(dirname "$0")/../integration/lib.sh"
dest=$TMPD/root
cd "$TOP"
make --no-print-directory install DESTDIR="$dest" PREFIX=/usr >"$TMPD/install.log" 2>&1 ||
	{ cat "$TMPD/install.log"; fail "make install failed"; }
for f in usr/sbin/privtrace usr/share/man/man8/privtrace.8 usr/share/privtrace/privtrace.schema.json \
	usr/share/doc/privtrace/privtrace.conf.example usr/lib/systemd/system/privtrace.service \
	etc/privtrace/privtrace.conf; do
	[ -s "$dest/$f" ] || fail "make install did not put $f"
done
echo "ok: every file installed"
[ -x "$dest/usr/sbin/privtrace" ] || fail "the binary is not executable"
grep -q '^ExecStart=/usr/sbin/privtrace .*--config /etc/privtrace/privtrace.conf' \
	"$dest/usr/lib/systemd/system/privtrace.service" || fail "ExecStart does not run the installed binary with the config"
echo "ok: the unit runs /usr/sbin/privtrace --config /etc/privtrace/privtrace.conf"
# the installed config is one privtrace accepts
"$dest/usr/sbin/privtrace" --config "$dest/etc/privtrace/privtrace.conf" --help >/dev/null ||
	fail "the installed config is refused"
echo "ok: the installed config parses"
# an admin's config survives a second install and an uninstall
echo "denied-only" >"$dest/etc/privtrace/privtrace.conf"
make --no-print-directory install DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1 || fail "second make install failed"
[ "$(cat "$dest/etc/privtrace/privtrace.conf")" = denied-only ] || fail "make install overwrote the config"
make --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1 || fail "make uninstall failed"
[ ! -e "$dest/usr/sbin/privtrace" ] && [ ! -e "$dest/usr/lib/systemd/system/privtrace.service" ] ||
	fail "make uninstall left files"
[ -e "$dest/etc/privtrace/privtrace.conf" ] || fail "make uninstall removed the admin's config"
echo "ok: the config is kept, the rest removed"
