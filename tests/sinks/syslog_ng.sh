# A real syslog-ng for the collector tests: sourced, never run. Debian has
# syslog-ng and rsyslog conflict (each is the system-log-daemon, and
# installing one removes the other, which the sink tests need), so
# syslog-ng is not installed: its packages are downloaded from Debian's
# mirror once (apt-get download, like the vmtest kernels) and unpacked
# under build/collectors/syslog-ng, and it runs from there with its own
# config, pid file and control socket, in the foreground of a job.

SNG_ROOT=$TOP/build/collectors/syslog-ng
SNG_PKGS=(syslog-ng-core libivykis0 libnet1)
SNG=$TMPD/syslog-ng
SNG_PID=
mkdir -p "$SNG"

# syslog-ng ARGS from where it was unpacked (for a check or --version: it
# is waited for; sng_start runs the daemon)
sng_bin() {
	LD_LIBRARY_PATH="$SNG_ROOT/usr/lib/x86_64-linux-gnu:$SNG_ROOT/usr/lib/syslog-ng" \
		"$SNG_ROOT/usr/sbin/syslog-ng" --module-path="$(echo "$SNG_ROOT"/usr/lib/syslog-ng/3.*)" "$@"
}

# sng_fetch: the unpacked syslog-ng, fetched if missing; fails saying why
sng_fetch() {
	local tmp p
	if [ -x "$SNG_ROOT/usr/sbin/syslog-ng" ] && sng_bin --version >/dev/null 2>&1; then
		return 0
	fi
	tmp=$(mktemp -d "$TMPD/sng-dl.XXXXXX")
	(cd "$tmp" && apt-get download "${SNG_PKGS[@]}") >"$tmp/download.log" 2>&1 || {
		cat "$tmp/download.log" >&2
		fail "apt-get download ${SNG_PKGS[*]} failed (Debian's mirror unreachable? apt-get update first)"
	}
	rm -rf "$SNG_ROOT.tmp"
	mkdir -p "$SNG_ROOT.tmp"
	for p in "$tmp"/*.deb; do dpkg-deb -x "$p" "$SNG_ROOT.tmp" || fail "cannot unpack $p"; done
	rm -rf "$SNG_ROOT"
	mv "$SNG_ROOT.tmp" "$SNG_ROOT"
	sng_bin --version >/dev/null 2>&1 || fail "the unpacked syslog-ng does not run: $(sng_bin --version 2>&1 | head -3)"
}

# sng_start CONFIG-FILE: syslog-ng with it, checked first; waits (10 s)
# for the control socket, then for TCP port $2 if given
sng_start() {
	sng_bin -s -f "$1" >"$SNG/check.log" 2>&1 || { cat "$SNG/check.log" >&2; fail "syslog-ng rejects the test's config"; }
	# a simple command, not a function: $! is syslog-ng itself, which sng_stop ends
	LD_LIBRARY_PATH="$SNG_ROOT/usr/lib/x86_64-linux-gnu:$SNG_ROOT/usr/lib/syslog-ng" \
		"$SNG_ROOT/usr/sbin/syslog-ng" --module-path="$(echo "$SNG_ROOT"/usr/lib/syslog-ng/3.*)" \
		-F -f "$1" -p "$SNG/pid" -R "$SNG/persist" -c "$SNG/ctl" >"$SNG/log" 2>&1 &
	SNG_PID=$!
	for _ in $(seq 100); do
		if [ -S "$SNG/ctl" ] && { [ -z "${2:-}" ] || bound tcp "$2"; }; then
			return 0
		fi
		kill -0 "$SNG_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$SNG/log" >&2
	fail "syslog-ng did not start"
}

sng_stop() {
	[ -n "$SNG_PID" ] || return 0
	kill -TERM "$SNG_PID" 2>/dev/null || true
	wait "$SNG_PID" 2>/dev/null || true
	SNG_PID=
}
cleanup_hooks+=('sng_stop')
