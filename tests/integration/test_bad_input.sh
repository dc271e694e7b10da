#!/usr/bin/env bash
# Bad input gets one clear line and a non-zero exit, never a crash.
. "$(dirname "$0")/lib.sh"
ensure_user

check() {
	local want=$1
	shift
	local status=0
	timeout 60 "$@" >"$TMPD/out" 2>"$TMPD/err" || status=$?
	[ "$status" -ne 0 ] || fail "'$*' should fail"
	[ "$status" -lt 128 ] || fail "'$*' crashed or hung (status $status)"
	grep -q -- "$want" "$TMPD/err" || { cat "$TMPD/err"; fail "'$*': message should mention '$want'"; }
	# one line saying what is wrong, at most followed by argp's "Try ... --help" hint
	[ "$(grep -vc "^Try .*--help" "$TMPD/err")" -eq 1 ] || { cat "$TMPD/err"; fail "'$*': not a one-line error"; }
	! grep -q '^privtrace: tracing' "$TMPD/err" || fail "'$*': started tracing despite the error"
	echo "ok: $* -> $status: $(head -1 "$TMPD/err")"
}

check "unrecognized option '--bogus'" "$PRIVTRACE" --bogus
check "invalid --duration 'abc'" "$PRIVTRACE" --duration abc
check "invalid --ringbuf-kb '3'" "$PRIVTRACE" --ringbuf-kb 3
check "invalid --output 'yaml'" "$PRIVTRACE" -o yaml
check "invalid --uid 'root'" "$PRIVTRACE" --uid root
check "invalid --duration '0'" "$PRIVTRACE" -d 0
check "invalid --duration '-1'" "$PRIVTRACE" --duration=-1
check "invalid --ringbuf-kb '4096x'" "$PRIVTRACE" --ringbuf-kb 4096x
check "invalid --ringbuf-kb '2097152'" "$PRIVTRACE" --ringbuf-kb 2097152
check "invalid --uid '4294967296'" "$PRIVTRACE" --uid 4294967296
check "requires an argument" "$PRIVTRACE" -o
check "run needs a command" "$PRIVTRACE" run
check "unexpected argument 'ls'" "$PRIVTRACE" ls
check "needs root" setpriv --reuid $TEST_UID --regid $TEST_UID --clear-groups "$PRIVTRACE" -d 1
check "cgroup /nonexistent" "$PRIVTRACE" --cgroup /nonexistent -d 1
check "cannot open --write" "$PRIVTRACE" -w /nonexistent/dir/x.json -d 1
check "exclude each other" "$PRIVTRACE" --containers-only --host-only
check "exclude each other" "$PRIVTRACE" --host-only --container web
check "invalid --container ''" "$PRIVTRACE" --container ""
check "invalid --metadata-wait-ms '10001'" "$PRIVTRACE" --metadata-wait-ms 10001
check "invalid --metadata-wait-ms 'soon'" "$PRIVTRACE" --metadata-wait-ms soon
check "--docker-socket needs a socket path" "$PRIVTRACE" --docker-socket ""
printf 'output = json\nbogus-setting = 1\n' >"$TMPD/bad.conf"
check "bad.conf:2: unknown setting" "$PRIVTRACE" --config "$TMPD/bad.conf"
# control bytes in a value or a config line come back escaped, never raw
check "invalid --output '\\\\x1b\[2Jx'" "$PRIVTRACE" -o $'\e[2Jx'
! grep -q $'\e' "$TMPD/err" || fail "an ESC byte of --output reached the terminal"
printf '\033[2Jbogus = 1\n' >"$TMPD/esc.conf"
check "unknown setting '\\\\x1b\[2Jbogus'" "$PRIVTRACE" --config "$TMPD/esc.conf"
! grep -q $'\e' "$TMPD/err" || fail "an ESC byte of a config line reached the terminal"
# a FIFO (or a device) as --config: neither waited on nor read (a timeout of 60 s is a hang)
mkfifo "$TMPD/fifo.conf"
check "fifo.conf: not a regular file" "$PRIVTRACE" --config "$TMPD/fifo.conf"
check "null: not a regular file" "$PRIVTRACE" --config /dev/null
check "cannot read" "$PRIVTRACE" --config /nonexistent/privtrace.conf
check "--sink" "$PRIVTRACE" --sink ftp://x -d 1
check "invalid --backend 'syscalls=kprobe'" "$PRIVTRACE" --backend syscalls=kprobe
# --help or --version inside a group of short options: answered, exit 0, whatever
# follows in the group (an option wanting an argument once read it from past
# argv's end: the environment, or a crash)
for g in -hw -hd -Vv -Vd; do
	st=0
	env -i FOO=bar "$PRIVTRACE" $g >"$TMPD/g.out" 2>"$TMPD/g.err" || st=$?
	[ "$st" -eq 0 ] || { cat "$TMPD/g.err" >&2; fail "privtrace $g: exit $st, expected 0"; }
	grep -q "^Usage: privtrace\|^privtrace [0-9]" "$TMPD/g.out" || fail "privtrace $g: neither help nor version"
	! grep -q "FOO=bar" "$TMPD/g.err" || fail "privtrace $g: took an argument from the environment"
	echo "ok: privtrace $g -> 0"
done

# the whole output first: grep -q leaving early would make privtrace's write fail (pipefail)
help=$("$PRIVTRACE" --help)
grep -q 'EXAMPLES' <<<"$help" || fail "--help has no examples"
echo "ok: --help"
