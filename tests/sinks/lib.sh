# Shared by the sink tests: sourced, never run. privtrace's sinks against a
# real rsyslogd that each test starts itself, on loopback ports and a private
# unix socket, with its own config, work directory and pid file: the
# system's logs, /dev/log and any system rsyslog are never touched.
#
# rsyslog writes what each input received to a file of its own, one line per
# message: PRI, HOSTNAME, APP-NAME, PROCID, MSGID, STRUCTURED-DATA and the raw
# MSG, tab-separated (the JSON records hold no raw tab), so a test compares
# the MSG with privtrace's file sink byte for byte.
# (a container test sources it after tests/containers/lib.sh, which has)
[ -n "${TOP:-}" ] || . "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

RSYSLOGD=${RSYSLOGD:-$(command -v rsyslogd || echo /usr/sbin/rsyslogd)}
[ -x "$RSYSLOGD" ] || fail "rsyslogd not found: apt-get install rsyslog (scripts/deps.sh does)"

RS=$TMPD/rsyslog # config, work dir, pid file, socket, and what it received
RS_PID=
RS_TCP=
RS_UDP=
RS_SOCK=$RS/log.sock
mkdir -p "$RS/work"

# bound tcp|udp PORT: is something listening on (tcp) or bound to (udp) PORT?
# (/proc/net, so that no iproute2 is needed)
bound() {
	local files=(/proc/net/"$1" /proc/net/"$1"6)
	awk -v port="$(printf '%04X' "$2")" -v tcp="$([ "$1" = tcp ] && echo 1)" '
		FNR > 1 { split($2, a, ":"); if (a[2] == port && (!tcp || $4 == "0A")) found = 1 }
		END { exit !found }' "${files[@]}" 2>/dev/null
}

# free_port tcp|udp: a loopback port nothing listens on now
free_port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + RANDOM % 40000))
		bound "$1" "$p" || { echo "$p"; return 0; }
	done
	fail "no free $1 port"
}

# The inputs, each into its own file. maxMessageSize: rsyslog cuts at 8 KiB by
# default, and a record with long escaped paths and names can be longer.
# imuxsock: its default parser expects syslog(3)'s format and would take an
# RFC 5424 header for text (rsyslog issue #4749); no rate limit for a test.
rs_config() {
	cat <<EOF
global(workDirectory="$RS/work" maxMessageSize="64k")
module(load="imudp")
module(load="imtcp")
module(load="imuxsock" sysSock.use="off")
template(name="raw" type="string"
	 string="%pri%\t%hostname%\t%app-name%\t%procid%\t%msgid%\t%structured-data%\t%msg%\n")
input(type="imudp" address="127.0.0.1" port="$RS_UDP" ruleset="udp" rcvbufSize="64m")
input(type="imtcp" address="127.0.0.1" port="$RS_TCP" ruleset="tcp")
input(type="imuxsock" socket="$RS_SOCK" useSpecialParser="off" parseHostname="on"
      ruleset="unix" rateLimit.interval="0")
ruleset(name="udp") { action(type="omfile" file="$RS/udp.log" template="raw") }
ruleset(name="tcp") { action(type="omfile" file="$RS/tcp.log" template="raw") }
ruleset(name="unix") { action(type="omfile" file="$RS/unix.log" template="raw") }
EOF
}

# rs_start: rsyslogd in the foreground of a background job, listening on
# RS_TCP and RS_UDP (chosen on the first start, kept on a restart) and RS_SOCK
rs_start() {
	[ -n "$RS_TCP" ] || RS_TCP=$(free_port tcp)
	[ -n "$RS_UDP" ] || RS_UDP=$(free_port udp)
	rs_config >"$RS/rsyslog.conf"
	"$RSYSLOGD" -N1 -f "$RS/rsyslog.conf" >"$RS/check.log" 2>&1 ||
		{ cat "$RS/check.log" >&2; fail "rsyslog rejects the test's config"; }
	"$RSYSLOGD" -n -f "$RS/rsyslog.conf" -i "$RS/rsyslogd.pid" >>"$RS/rsyslogd.log" 2>&1 &
	RS_PID=$!
	for _ in $(seq 100); do
		if bound tcp "$RS_TCP" && bound udp "$RS_UDP" && [ -S "$RS_SOCK" ]; then
			return 0
		fi
		kill -0 "$RS_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$RS/rsyslogd.log" >&2
	fail "rsyslogd did not listen on 127.0.0.1:$RS_TCP/tcp, :$RS_UDP/udp and $RS_SOCK"
}

# rs_stop: SIGTERM, and wait until it is gone (it has written what it took)
rs_stop() {
	[ -n "$RS_PID" ] || return 0
	kill -TERM "$RS_PID" 2>/dev/null || true
	wait "$RS_PID" 2>/dev/null || true
	RS_PID=
}
cleanup_hooks+=('rs_stop')

# rs_wait FILE N: until rsyslog has written N lines to FILE (at most 30 s)
rs_wait() {
	local n=0
	for _ in $(seq 300); do
		n=$(lines "$1")
		[ "$n" -ge "$2" ] && return 0
		sleep 0.1
	done
	fail "rsyslog wrote $n lines to $(basename "$1"), expected $2"
}

# lines FILE: its line count, 0 if it does not exist
lines() {
	if [ -e "$1" ]; then wc -l <"$1"; else echo 0; fi
}

# rs_msgs FILE: the MSG of each message rsyslog received, one a line
rs_msgs() {
	cut -f7- "$1"
}

# summary_events ERRFILE: N of "privtrace: summary: N events"
summary_events() {
	sed -n 's/^privtrace: summary: \([0-9]*\) events.*/\1/p' "$1"
}

# same_msgs RSFILE FILESINK DESC: rsyslog's MSGs are the file sink's lines,
# byte for byte, in the same order, none missing, none added
same_msgs() {
	local got=$TMPD/$(basename "$1").msgs
	rs_msgs "$1" >"$got"
	if ! cmp -s "$got" "$2"; then
		diff <(head -c 300 <"$got" | head -5) <(head -c 300 <"$2" | head -5) >&2 || true
		echo "--- first difference:" >&2
		cmp "$got" "$2" >&2 || true
		fail "$3: rsyslog's messages ($(lines "$got")) are not the file sink's lines ($(lines "$2"))"
	fi
	jq -e . "$got" >/dev/null || fail "$3: a message is not JSON"
	echo "ok: $3: $(lines "$got") messages, byte-identical to the file sink"
}

# header_check RSFILE FACILITY DESC: every message's header and structured data
# agree with its own JSON record (see the jq program below)
header_check() {
	local bad
	bad=$(jq -R -r --argjson fac "$2" --arg host "$(hostname)" '
		split("\t") as $f
		| ($f[6:] | join("\t") | fromjson) as $j
		| ($f[0] | tonumber) as $pri
		| [
			(if ($pri / 8 | floor) != $fac then "facility" else empty end),
			(if $f[1] != $host then "hostname" else empty end),
			(if $f[2] != "privtrace" then "app-name" else empty end),
			(if ($f[3] | test("^[0-9]+$") | not) then "procid" else empty end),
			(if $j.event.kind == "event" then
				(if $f[4] != $j.event.action then "msgid" else empty end),
				(if ($pri % 8) != (if $j.event.outcome == "failure" then 4 else 5 end)
				 then "severity" else empty end),
				(if ($f[5] | startswith("[privtrace@32473 action=\"\($j.event.action)\" " +
					"outcome=\"\($j.event.outcome)\" pid=\"\($j.process.pid)\" " +
					"uid=\"\($j.user.id)\"") | not) then "sd" else empty end),
				(if $j.privtrace.ns.euid != null and
				    ($f[5] | contains(" ns_uid=\"\($j.privtrace.ns.euid)\"") | not)
				 then "sd ns_uid" else empty end),
				(if $j.privtrace.reason != null and
				    ($f[5] | contains(" reason=\"\($j.privtrace.reason)\"") | not)
				 then "sd reason" else empty end),
				(if ($f[5] | endswith("]") | not) then "sd end" else empty end)
			else
				(if $f[5] != "-" then "metric sd" else empty end),
				(if $f[4] != $j.event.action then "metric msgid" else empty end)
			end)
		] | select(length > 0) | "\(.) in: \($f[0:6] | join(" "))"' "$1" | head -5)
	[ -z "$bad" ] || fail "$3: headers that do not match their record:
$bad"
	echo "ok: $3: PRI (facility $2, severity by outcome), HOSTNAME, APP-NAME, PROCID, MSGID and structured data match each record"
}

# rss_kb PID: its resident set (VmRSS) in KiB
rss_kb() {
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"
}
