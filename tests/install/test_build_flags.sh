#!/usr/bin/env bash
# The build takes another compiler and the builder's own CFLAGS without
# losing what the code needs (-std=gnu11, -D_GNU_SOURCE, the warnings as
# errors): `make CC=clang`, and `make CFLAGS=-O1` (gcc finds other format
# truncations at -O1 than at -O2). Each builds privtrace whole in a
# directory of its own, which then runs.
. "$(dirname "$0")/../integration/lib.sh"
cd "$(dirname "$0")/../.."
command -v clang >/dev/null || fail "no clang (make deps installs it)"
build() { # NAME MAKE-ARGS...: OUTPUT=$TMPD/NAME, the binary asked for its version
	local name=$1 out=$TMPD/$1
	shift
	timeout 240 make -j2 --no-print-directory OUTPUT="$out" "$@" "$out/privtrace" >"$out.log" 2>&1 ||
		{ tail -20 "$out.log" >&2; fail "make $* failed"; }
	"$out/privtrace" --version | grep -q '^privtrace ' || fail "the $name build does not run"
	echo "ok: make $*: built, and it runs"
}
build clang CC=clang
build o1 CFLAGS=-O1
# the flags the code needs are there even so
grep -q -- '-std=gnu11.*-Werror.*-D_GNU_SOURCE' <<<"$(make -n --no-print-directory OUTPUT="$TMPD/o1" CFLAGS=-O1 "$TMPD/o1/user/lib/parse.o" -B 2>/dev/null)" ||
	fail "CFLAGS=-O1 on the command line dropped the build's own flags"
echo "ok: a command line's CFLAGS keeps the build's own"
