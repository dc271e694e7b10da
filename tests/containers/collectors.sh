# Shared by the collector tests (test_collector_*.sh): sourced after
# tests/containers/lib.sh and tests/sinks/lib.sh, never run.

# collector_workload SINK...: privtrace on the whole machine, its records
# to a file sink ($out) and to each SINK, while a --user 1001 container
# and a remapped container are each denied a root-only host file; sets
# uid_ and rid (their ids), user and remapped (their names). The names
# are waited for longer than by default: these tests are about what the
# collector makes of a record, on a machine that may be busy.
collector_workload() {
	local secret a
	secret=$(make_secret collectsecret)
	user=pt-collect-user-$$
	remapped=pt-collect-remap-$$
	local args=(--docker-socket "$(ct_sock plain)" --docker-socket "$(ct_sock remap)"
		--containers-only --sink "file:$out" --metadata-wait-ms 5000)
	for a in "$@"; do args+=(--sink "$a"); done
	"$PRIVTRACE" "${args[@]}" 2>"$out.err" &
	PT_PID=$!
	PT_OUT=$out
	cleanup_hooks+=("pt_stop_quiet")
	wait_ready "$out.err"
	ct_start plain "$user" --user "$CT_APPUID:$CT_APPUID" -v "$secret:/data/secret:ro"
	uid_=$CT_ID
	ct_exec plain "$user" cat /data/secret
	[ "$CT_STATUS" -ne 0 ] || fail "uid $CT_APPUID could read /data/secret"
	ct_start remap "$remapped" -v "$secret:/data/secret:ro"
	rid=$CT_ID
	ct_exec remap "$remapped" cat /data/secret
	[ "$CT_STATUS" -ne 0 ] || fail "remapped root could read /data/secret"
	sleep 1
	pt_stop
	local n
	n=$(jq -s 'map(select(.event.kind == "event")) | length' "$out")
	[ "$n" -ge 2 ] || fail "only $n records"
}
