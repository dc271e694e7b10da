#!/usr/bin/env bash
# The ways the seed articles' mappings go wrong, each judged by privtrace
# verify, in all three outputs:
#  - runc bundles run by hand: a user namespace mapping root to an
#    unprivileged host uid (isolated); one that maps root to host uid 0 (a
#    namespace of its own, yet not isolated); none at all (not isolated);
#  - containerd's tasks (ctr), with a user namespace and without;
#  - a daemon remapped to a CI agent's own account, subordinate ids starting
#    at its uid (the fourth article): root is that account and other host
#    accounts fall inside the range (isolated, with warnings naming them).
. "$(dirname "$0")/lib.sh"
command -v runc >/dev/null || fail "no runc (package runc, which docker.io brings)"
chmod 0711 "$TMPD" # the mapped roots walk to their bundles' rootfs
state=$TMPD/runc-state
mkdir -p "$state"

# bundle NAME USERNS(none|ID) [HOSTID]: a bundle of the test image that sleeps, run by runc
bundle() {
	local name=$1 mode=$2 host=${3:-} b=$TMPD/bundle-$1 cfg
	mkdir -p "$b/rootfs"
	tar -C "$b/rootfs" -xf "$PT_CT_DIR/rootfs.tar"
	(cd "$b" && runc spec) || fail "runc spec failed"
	cfg='.process.args = ["sleep", "300"] | .process.terminal = false | .root.readonly = true'
	if [ "$mode" != none ]; then
		cfg="$cfg | .linux.namespaces += [{\"type\": \"user\"}]
			| .linux.uidMappings = [{\"containerID\": 0, \"hostID\": $host, \"size\": 65536}]
			| .linux.gidMappings = [{\"containerID\": 0, \"hostID\": $host, \"size\": 65536}]"
		chown -R "$host:$host" "$b/rootfs"
	fi
	jq "$cfg" "$b/config.json" >"$b/config.new" && mv "$b/config.new" "$b/config.json"
	cleanup_hooks+=("runc --root $state delete -f $name >/dev/null 2>&1")
	runc --root "$state" run -d --bundle "$b" "$name" </dev/null >"$b/run.out" 2>&1 ||
		{ cat "$b/run.out" >&2; fail "runc run $name failed"; }
	echo "runc bundle $name: user namespace $mode${host:+ -> host $host}, pid $(runc --root "$state" state "$name" | jq .pid)"
}

# judge NAME VERDICT WORD LINE-REGEX [verify options]: the same verdict and
# evidence line as JSON, as the table (WORD) and as JUnit; the exit status it gives
judge() {
	local name=$1 want=$2 word=$3 line=$4 st want_st
	shift 4
	want_st=0
	[ "$want" = not_isolated ] && want_st=1
	for form in json text junit; do
		st=0
		timeout 120 "$PRIVTRACE" verify --container "$name" -o "$form" "$@" >"$TMPD/v.$form.out" 2>"$TMPD/v.err" || st=$?
		[ "$st" -eq "$want_st" ] || { cat "$TMPD/v.$form.out" "$TMPD/v.err" >&2; fail "$name ($form): exit $st, expected $want_st"; }
	done
	jq -e ".containers[0] | .name == \"$name\" and .verdict == \"$want\"" "$TMPD/v.json.out" >/dev/null ||
		{ cat "$TMPD/v.json.out" >&2; fail "$name: JSON verdict not $want"; }
	jq -r '.containers[0].evidence[]' "$TMPD/v.json.out" | contains -E "$line" ||
		{ cat "$TMPD/v.json.out" >&2; fail "$name: JSON evidence lacks /$line/"; }
	grep -qE "^$name \(.*\) +$word$" "$TMPD/v.text.out" || { cat "$TMPD/v.text.out" >&2; fail "$name: the table does not say $word"; }
	grep -qE "^    $line" "$TMPD/v.text.out" || fail "$name: the table's evidence lacks /$line/"
	xmllint --noout "$TMPD/v.junit.out" || fail "$name: JUnit not well-formed"
	if [ "$want" = not_isolated ]; then
		grep -q '<failure message="not isolated"' "$TMPD/v.junit.out" || fail "$name: JUnit has no failure"
	else
		grep -q "<system-out>$want" "$TMPD/v.junit.out" || fail "$name: JUnit does not pass it as $want"
	fi
	# XML's escapes undone: the line as the other outputs have it
	sed -e "s/&apos;/'/g; s/&quot;/\"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g" "$TMPD/v.junit.out" |
		contains -E "$line" || fail "$name: JUnit lacks /$line/"
	echo "ok: $name: $want in JSON, table and JUnit, with /$line/"
}

rs=(--runc-root "$state" --docker-socket "$TMPD/no-docker.sock")
bundle pt-lab-remapped-$$ user 200000
bundle pt-lab-rootmap-$$ user 0
bundle pt-lab-nouserns-$$ none
judge pt-lab-remapped-$$ isolated ISOLATED "kernel: root is host uid 200000 \(uid_map 0:200000:65536\)" "${rs[@]}"
judge pt-lab-remapped-$$ isolated ISOLATED "runtime: runc's state \(.*\) asks for a user namespace of its own" "${rs[@]}"
judge pt-lab-rootmap-$$ not_isolated "NOT ISOLATED" "kernel: its user namespace maps root to host uid 0 \(uid_map 0:0:65536\)" "${rs[@]}"
judge pt-lab-nouserns-$$ not_isolated "NOT ISOLATED" "kernel: pid [0-9]+ lives in the host's user namespace" "${rs[@]}"
judge pt-lab-nouserns-$$ not_isolated "NOT ISOLATED" "runtime: runc's state \(.*\) asks for no user namespace" "${rs[@]}"
# and proved: the probe in the remapped bundle's namespace is refused, in its own namespace mapping root to 0 it is not
judge pt-lab-remapped-$$ isolated ISOLATED "exercise: the probe, its root \(host uid 200000\), was refused every try" \
	"${rs[@]}" --exercise
judge pt-lab-rootmap-$$ not_isolated "NOT ISOLATED" "exercise: the probe, its root \(host uid 0\), could read" \
	"${rs[@]}" --exercise

# containerd with no daemon above it (ctr, nerdctl; Kubernetes' CRI the same
# way): its tasks' state, one with a user namespace, one without
ctrd=$TMPD/containerd
# its shims keep runc's state in /run/containerd/runc/NAMESPACE: one of this run's own
cns=ptlab$$
mkdir -p "$ctrd"
printf 'version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n' >"$ctrd/config.toml"
ctrd_down() {
	local p m
	ctr -a "$ctrd/sock" -n $cns tasks kill -s KILL ptlab-user >/dev/null 2>&1 || true
	ctr -a "$ctrd/sock" -n $cns tasks kill -s KILL ptlab-host >/dev/null 2>&1 || true
	sleep 0.5
	ctr -a "$ctrd/sock" -n $cns tasks rm -f ptlab-user >/dev/null 2>&1 || true
	ctr -a "$ctrd/sock" -n $cns tasks rm -f ptlab-host >/dev/null 2>&1 || true
	for p in /proc/[0-9]*; do
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF "$ctrd/" || continue
		ct_kill_pid "${p#/proc/}"
	done
	{ findmnt -rn -o TARGET | grep -F "$ctrd/" || true; } | sort -r | while read -r m; do
		umount "$(printf '%b' "$m")" 2>/dev/null || umount -l "$(printf '%b' "$m")" 2>/dev/null || true
	done
	rm -rf --one-file-system "$ctrd"
	rm -rf --one-file-system "/run/containerd/runc/$cns"
}
cleanup_hooks+=("ctrd_down")
setsid containerd --config "$ctrd/config.toml" --root "$ctrd/root" --state "$ctrd/state" \
	--address "$ctrd/sock" </dev/null >"$ctrd/log" 2>&1 &
for _ in $(seq 300); do ctr -a "$ctrd/sock" version >/dev/null 2>&1 && break; sleep 0.1; done
ctr -a "$ctrd/sock" version >/dev/null 2>&1 || { tail "$ctrd/log" >&2; fail "containerd did not start"; }
dk plain save "$CT_IMAGE" >"$ctrd/image.tar" || fail "docker save failed"
ctr -a "$ctrd/sock" -n $cns images import "$ctrd/image.tar" >/dev/null || fail "ctr images import failed"
ref=docker.io/library/$CT_IMAGE
ctr -a "$ctrd/sock" -n $cns run -d --uidmap 0:300000:65536 --gidmap 0:300000:65536 "$ref" ptlab-user sleep 300 ||
	fail "ctr run ptlab-user failed"
ctr -a "$ctrd/sock" -n $cns run -d "$ref" ptlab-host sleep 300 || fail "ctr run ptlab-host failed"
cs=(--containerd-state "$ctrd/state/io.containerd.runtime.v2.task" --docker-socket "$TMPD/no-docker.sock"
	--runc-root "$TMPD/no-runc")
judge ptlab-user isolated ISOLATED "kernel: root is host uid 300000 \(uid_map 0:300000:65536\)" "${cs[@]}"
judge ptlab-user isolated ISOLATED "runtime: containerd's state \(.*/$cns/ptlab-user\) asks for a user namespace of its own" "${cs[@]}"
judge ptlab-host not_isolated "NOT ISOLATED" "runtime: containerd's state \(.*/$cns/ptlab-host\) asks for no user namespace" "${cs[@]}"

# the fourth article: userns-remap to the CI agent's own account, its
# subordinate ids starting at its uid (usermod --add-subuids uid-(uid+65536))
agent=ptagent
id "$agent" >/dev/null 2>&1 && fail "$agent exists already"
useradd -r -M -s /usr/sbin/nologin "$agent" || fail "useradd -r $agent failed"
cleanup_hooks+=("userdel $agent >/dev/null 2>&1; sed -i '/^$agent:/d' /etc/subuid /etc/subgid")
auid=$(id -u "$agent") agid=$(id -g "$agent")
usermod --add-subuids "$auid-$((auid + 65536))" --add-subgids "$agid-$((agid + 65536))" "$agent" ||
	fail "usermod --add-subuids failed"
# a host account the range takes in, whatever this machine has
ct_host_uid $((auid + 1001))
cleanup_hooks+=("ct_daemon_halt $PT_CT_DIR agent")
ct_daemon_start "$PT_CT_DIR" agent --userns-remap="$agent:$agent"
ct_daemon_wait "$PT_CT_DIR" agent
dk agent import "$PT_CT_DIR/rootfs.tar" "$CT_IMAGE" >/dev/null || fail "docker import (agent) failed"
ct_start agent pt-lab-agent-$$
as=(--docker-socket "$(ct_sock agent)" --runc-root "$TMPD/no-runc")
judge pt-lab-agent-$$ isolated_with_warnings "ISOLATED, WARNINGS" \
	"kernel: host account $agent \(uid $auid\) is inside the map, as ns uid 0" "${as[@]}"
judge pt-lab-agent-$$ isolated_with_warnings "ISOLATED, WARNINGS" \
	"kernel: host account $CT_HOSTNAME \(uid $((auid + 1001))\) is inside the map, as ns uid 1001" "${as[@]}"
judge pt-lab-agent-$$ isolated_with_warnings "ISOLATED, WARNINGS" "runtime: the daemon remaps user namespaces" "${as[@]}"
