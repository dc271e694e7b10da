# Shared by the integration tests: sourced, never run. Each test triggers real
# kernel paths as root and asserts on what privtrace reported (its JSON).
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PRIVTRACE=${PRIVTRACE:-$TOP/build/privtrace}
PTHELPER=${PTHELPER:-$TOP/build/tests/progs/pthelper}
TEST_USER=ptuser
TEST_UID=4242

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# ... | contains [grep options] PATTERN: grep -q on the whole of its input,
# read first: grep -q alone leaves at its match, and a writer with more to
# say then dies of SIGPIPE, which pipefail makes the pipeline's failure
contains() {
	local all
	all=$(cat)
	grep -q "$@" <<<"$all"
}

# A private directory every user can traverse; removed at exit.
TMPD=$(mktemp -d /tmp/privtrace-test.XXXXXX)
chmod 0755 "$TMPD"
cleanup_hooks=()
cleanup() {
	local h
	for h in "${cleanup_hooks[@]}"; do eval "$h" || true; done
	keep_records
	rm -rf "$TMPD"
}

# PT_KEEP_RECORDS=DIR (tests/run.sh sets it): the JSON privtrace wrote here is
# kept there, so one check can read every record of the whole suite
# (tests/schema/check_records.sh: one type per field across all of them)
keep_records() {
	local f
	[ -n "${PT_KEEP_RECORDS:-}" ] || return 0
	mkdir -p "$PT_KEEP_RECORDS"
	for f in "$TMPD"/*.json "$TMPD"/*.jsonl; do
		[ -s "$f" ] && cp "$f" "$PT_KEEP_RECORDS/$(basename "$0" .sh)-$(basename "$f")"
	done
	return 0
}
trap cleanup EXIT

# The unprivileged test user, created once (with the subordinate ids useradd gives).
ensure_user() {
	if ! id "$TEST_USER" >/dev/null 2>&1; then
		useradd -M -u "$TEST_UID" -s /usr/sbin/nologin "$TEST_USER"
	fi
	[ "$(id -u "$TEST_USER")" = "$TEST_UID" ] || fail "user $TEST_USER exists with another uid"
}

# Run a command as the test user, with no supplementary groups.
as_user() {
	setpriv --reuid "$TEST_UID" --regid "$TEST_UID" --clear-groups "$@"
}

# root-owned file only root may read
make_secret() {
	local f=$TMPD/${1:-secret}
	echo secret >"$f"
	chmod 0600 "$f"
	echo "$f"
}

# pt_exec OUT [privtrace options] -- CMD...: trace CMD with `run` (JSON, the
# outputs the options name), privtrace's stdout and stderr into OUT.stdout and
# OUT.err, its start and summary lines checked; sets PT_STATUS to privtrace's
# exit status, and PT_OPTS to the options.
pt_exec() {
	local out=$1
	shift
	PT_OPTS=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do PT_OPTS+=("$1"); shift; done
	shift
	PT_STATUS=0
	timeout 120 "$PRIVTRACE" -o json "${PT_OPTS[@]}" run -- "$@" \
		>"$out.stdout" 2>"$out.err" || PT_STATUS=$?
	grep -q '^privtrace: tracing' "$out.err" || { cat "$out.err" >&2; fail "privtrace did not start"; }
	grep -q '^privtrace: summary' "$out.err" || { cat "$out.err" >&2; fail "no summary line"; }
}

# pt_run OUT [privtrace options] -- CMD...: pt_exec with the JSON into OUT.
pt_run() {
	local out=$1
	shift
	pt_exec "$out" -w "$out" "$@"
	local opts=("${PT_OPTS[@]}")
	# the vmtest guests say which hook must have produced the capability
	# events, unless the test forced one
	if [ -n "${PT_EXPECT_CAP_HOOK:-}" ] && [ -s "$out" ] &&
		[[ " ${opts[*]} " != *" --backend capability="* ]]; then
		local other
		other=$(count "$out" ".event.action == \"capability\" and .privtrace.hook != \"$PT_EXPECT_CAP_HOOK\"")
		[ "$other" -eq 0 ] || fail "$other capability events not from $PT_EXPECT_CAP_HOOK"
	fi
}

# wait_ready ERRFILE: wait (at most 60 s) for the ready line of a privtrace
# started in the background with its stderr in ERRFILE
wait_ready() {
	for _ in $(seq 600); do
		grep -qs '^privtrace: tracing' "$1" && return 0
		sleep 0.1
	done
	cat "$1" >&2 || true
	fail "privtrace did not say it was tracing within 60 s"
}

# sys_hook: the program that reports file and credential syscalls here
# (--probe's syscalls row): tp_btf/sys_exit, or tracepoint/syscalls where the
# raw tracepoints are refused
sys_hook() {
	if "$PRIVTRACE" --probe | awk '$1 == "syscalls"' | grep -q 'tp_btf/sys_enter'; then
		echo tp_btf/sys_exit
	else
		echo tracepoint/syscalls
	fi
}

# uses_lsm FAMILY: does privtrace pick LSM programs for this family here (--probe)?
uses_lsm() {
	"$PRIVTRACE" --probe | awk -v f="$1" '$1 == f' | grep -q ' lsm[./]'
}

# count OUT JQ-FILTER: how many records the filter selects
count() {
	jq -c "select($2)" "$1" | wc -l
}

# expect OUT MIN JQ-FILTER DESCRIPTION: at least MIN records match
expect() {
	local n
	n=$(count "$1" "$3")
	[ "$n" -ge "$2" ] || { show "$1"; fail "$4: expected >= $2 records matching $3, got $n"; }
	echo "ok: $4 ($n)"
}

# expect_exactly OUT N JQ-FILTER DESCRIPTION: exactly N records match
expect_exactly() {
	local n
	n=$(count "$1" "$3")
	[ "$n" -eq "$2" ] || { show "$1"; fail "$4: expected exactly $2 records matching $3, got $n"; }
	echo "ok: $4 ($n)"
}

# expect_none OUT JQ-FILTER DESCRIPTION
expect_none() {
	local n
	n=$(count "$1" "$2")
	[ "$n" -eq 0 ] || { show "$1"; fail "$3: expected no records matching $2, got $n"; }
	echo "ok: $3"
}

# what privtrace saw, compactly, for a failure message
show() {
	echo "--- records (action outcome name syscall path host.euid ns.euid cap):" >&2
	jq -r '[.event.action, .event.outcome, .process.name, .privtrace.syscall,
		.file.path, .privtrace.host.euid, .privtrace.ns.euid,
		.privtrace.capability.name] | @tsv' "$1" | tail -40 >&2 || true
}
