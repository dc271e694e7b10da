# shellcheck shell=bash
# Shared by the container tests: privtrace traces the whole machine while real
# Docker containers run, and the tests assert on what it said about them.
#
# Two private daemons, never the machine's own Docker: a plain one, and one
# with --userns-remap=default (container root = a high host uid). Each has its
# own data/exec root, pidfile, socket and managed containerd under one work
# directory, and no network (MACHINE.md). No registry is reachable, so the
# image is imported from a busybox rootfs built here.
#
# tests/run.sh starts the daemons once for all scenarios and stops them at
# its exit:
#   bash tests/containers/lib.sh up DIR     install if missing, start both daemons, import the image
#   bash tests/containers/lib.sh down DIR   remove containers, stop daemons, unmount, remove DIR
# and runs each test_*.sh with PT_CT_DIR=DIR. A test run by itself (no
# PT_CT_DIR) starts its own daemons and stops them at its exit.
#
# Sourced by the tests: then also integration/lib.sh's fail/expect/count/show/TMPD.

CT_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../integration/lib.sh
. "$CT_LIB_DIR/../integration/lib.sh"
# integration/lib.sh's cleanup, with the hooks in reverse order: privtrace
# and the containers go before the daemons they need
cleanup() {
	local i
	for ((i = ${#cleanup_hooks[@]} - 1; i >= 0; i--)); do eval "${cleanup_hooks[i]}" || true; done
	keep_records
	rm -rf "$TMPD"
}

# Debian's client (package docker.io), not whatever else is first on PATH
if [ -x /usr/bin/docker ]; then DOCKER=${DOCKER:-/usr/bin/docker}; else DOCKER=${DOCKER:-docker}; fi
CT_IMAGE=privtrace-busybox:test
CT_APPUSER=appuser     # uid 1001 in the image's /etc/passwd
CT_APPUID=1001
CT_HOSTUSER=ptmarc     # created on the host for uid 1001 if no host user has it
CT_SECRET_TEXT=privtrace-ct-secret

ct_log() { echo "containers: $*" >&2; }

# --- packages ---------------------------------------------------------------

ct_have_tools() {
	command -v dockerd >/dev/null && [ -x "$(command -v "$DOCKER")" ] &&
		command -v containerd >/dev/null && command -v runc >/dev/null &&
		[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx sh
}

ct_install() {
	ct_have_tools && return 0
	local t=$SECONDS
	ct_log "docker.io/containerd/runc/busybox-static missing: running scripts/deps.sh"
	"$TOP/scripts/deps.sh" >&2 || fail "scripts/deps.sh failed"
	if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; fi
	ct_have_tools || fail "docker.io, containerd, runc or busybox-static still missing after scripts/deps.sh"
	ct_log "packages installed in $((SECONDS - t))s"
}

# --- image -------------------------------------------------------------------

# ct_rootfs DIR: busybox and its applet links, users root and appuser (1001),
# a root-only /etc/secret; then DIR.tar
ct_rootfs() {
	local r=$1 a
	mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/root" "$r/proc" "$r/sys" "$r/dev" "$r/home/$CT_APPUSER"
	cp /bin/busybox "$r/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
	done
	ln -s bin "$r/sbin"
	mkdir -p "$r/usr"
	ln -s ../bin "$r/usr/bin"
	cat >"$r/etc/passwd" <<-EOF
		root:x:0:0:root:/root:/bin/sh
		$CT_APPUSER:x:$CT_APPUID:$CT_APPUID:app user:/home/$CT_APPUSER:/bin/sh
		nobody:x:65534:65534:nobody:/:/bin/false
	EOF
	cat >"$r/etc/group" <<-EOF
		root:x:0:
		appgroup:x:$CT_APPUID:
		nogroup:x:65534:
	EOF
	echo "$CT_SECRET_TEXT" >"$r/etc/secret"
	chmod 0600 "$r/etc/secret"
	chmod 1777 "$r/tmp"
	chmod 0700 "$r/root"
	chown -R "$CT_APPUID:$CT_APPUID" "$r/home/$CT_APPUSER"
	tar --numeric-owner -C "$r" -cf "$r.tar" .
}

# --- daemons -----------------------------------------------------------------

# ct_daemon_start DIR KIND [dockerd options]: a private dockerd in DIR/KIND
ct_daemon_start() {
	local w=$1/$2
	shift 2
	mkdir -p "$w/data" "$w/exec" "$w/cli"
	echo '{}' >"$w/daemon.json"   # never the machine's /etc/docker/daemon.json
	# own session: a Ctrl-C or the runner's timeout does not kill it
	# behind ct_down's back; ct_down stops it by its pid
	setsid dockerd --config-file "$w/daemon.json" \
		--host "unix://$w/docker.sock" --data-root "$w/data" --exec-root "$w/exec" \
		--pidfile "$w/docker.pid" --iptables=false --ip6tables=false --ip-forward=false \
		--ip-masq=false --bridge=none --userland-proxy=false "$@" \
		</dev/null >"$w/dockerd.log" 2>&1 &
	echo $! >"$w/dockerd.started"
}

# ct_daemon_wait DIR KIND: ready within 60 s, or fail with its log
ct_daemon_wait() {
	local w=$1/$2 pid
	pid=$(cat "$w/dockerd.started")
	for _ in $(seq 600); do
		DOCKER_CONFIG=$w/cli "$DOCKER" -H "unix://$w/docker.sock" version >/dev/null 2>&1 && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	tail -20 "$w/dockerd.log" >&2
	fail "dockerd ($2) not ready within 60 s"
}

# ct_up DIR: everything the scenarios need, in DIR
ct_up() {
	local d=$1 t
	[ "$(id -u)" -eq 0 ] || fail "the container tests run dockerd: root needed"
	ct_install
	mkdir -p "$d"
	# the remapped root must be able to reach its layers under DIR
	chmod 0711 "$d"
	t=$SECONDS
	ct_daemon_start "$d" plain
	# creates the dockremap user and its /etc/subuid, /etc/subgid ranges if missing
	ct_daemon_start "$d" remap --userns-remap=default
	ct_rootfs "$d/rootfs"
	ct_daemon_wait "$d" plain
	ct_daemon_wait "$d" remap
	ct_log "daemons ready in $((SECONDS - t))s"
	t=$SECONDS
	DOCKER_CONFIG=$d/plain/cli "$DOCKER" -H "unix://$d/plain/docker.sock" import "$d/rootfs.tar" "$CT_IMAGE" >/dev/null ||
		fail "docker import (plain) failed"
	DOCKER_CONFIG=$d/remap/cli "$DOCKER" -H "unix://$d/remap/docker.sock" import "$d/rootfs.tar" "$CT_IMAGE" >/dev/null ||
		fail "docker import (remap) failed"
	ct_log "image $CT_IMAGE imported in $((SECONDS - t))s"
	# the remapped daemon keeps its data in <uid base>.<gid base>: the same
	# base as dockremap's /etc/subuid and /etc/subgid ranges
	local base root
	base=$(ct_remap_base | tr ' ' .)
	root=$(DOCKER_CONFIG=$d/remap/cli "$DOCKER" -H "unix://$d/remap/docker.sock" info -f '{{.DockerRootDir}}')
	[ "${root##*/}" = "$base" ] || fail "remapped daemon's root $root does not match dockremap's ranges ($base)"
	ct_log "remapped daemon: container root is host uid ${base%%.*} (dockremap in /etc/subuid)"
	echo ok >"$d/up"
}

# ct_kill_pid PID: SIGTERM, up to 20 s, then SIGKILL
ct_kill_pid() {
	local pid=$1
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 200); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	sleep 0.2
}

# ct_daemon_halt DIR KIND: a daemon a test started itself (ct_daemon_start),
# its containers, containerd, shims and mounts gone, DIR/KIND removed
ct_daemon_halt() {
	local d=$1 k=$2 w=$1/$2 ids f pid p m
	[ -d "$w" ] || return 0
	if [ -S "$w/docker.sock" ]; then
		ids=$(DOCKER_CONFIG=$w/cli timeout 20 "$DOCKER" -H "unix://$w/docker.sock" ps -aq 2>/dev/null) || true
		# shellcheck disable=SC2086
		[ -z "$ids" ] || DOCKER_CONFIG=$w/cli timeout 30 "$DOCKER" -H "unix://$w/docker.sock" rm -f $ids >/dev/null 2>&1 || true
	fi
	for f in "$w/docker.pid" "$w/dockerd.started"; do
		pid=$(cat "$f" 2>/dev/null) || continue
		[[ "$pid" =~ ^[0-9]+$ ]] && ct_kill_pid "$pid"
	done
	for p in /proc/[0-9]*; do
		grep -qxE 'containerd|containerd-shim.*|runc.*' "$p/comm" 2>/dev/null || continue
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF "$w/" || continue
		ct_kill_pid "${p#/proc/}"
	done
	{ findmnt -rn -o TARGET | grep -F "$w/" || true; } | sort -r | while read -r m; do
		m=$(printf '%b' "$m")
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	rm -rf --one-file-system "$w" || true
}

# ct_down DIR: no container, daemon, containerd, shim or mount of DIR left
ct_down() {
	local d=$1 k w f pid p m ids c cg
	[ -n "$d" ] && [ -d "$d" ] || return 0
	# agent: test_verify.sh's own daemon, should it have been left
	for k in plain remap agent; do
		w=$d/$k
		[ -S "$w/docker.sock" ] || continue
		ids=$(DOCKER_CONFIG=$w/cli timeout 20 "$DOCKER" -H "unix://$w/docker.sock" ps -aq 2>/dev/null) || true
		# shellcheck disable=SC2086
		[ -z "$ids" ] || DOCKER_CONFIG=$w/cli timeout 30 "$DOCKER" -H "unix://$w/docker.sock" rm -f $ids >/dev/null 2>&1 || true
	done
	for k in plain remap agent; do
		w=$d/$k
		for f in "$w/docker.pid" "$w/dockerd.started"; do
			pid=$(cat "$f" 2>/dev/null) || continue
			[[ "$pid" =~ ^[0-9]+$ ]] && ct_kill_pid "$pid"
		done
	done
	# a killed dockerd leaves its managed containerd and the shims: they are
	# the processes whose command line names this directory
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		grep -qxE 'dockerd|containerd|containerd-shim.*|runc.*' "$p/comm" 2>/dev/null || continue
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF "$d/" || continue
		ct_kill_pid "$pid"
	done
	# and, without their shim, the containers' processes: those in the
	# cgroups of this directory's containers
	for c in "$d"/*/data/containers/* "$d"/*/data/*.*/containers/*; do
		[ -d "$c" ] || continue
		for cg in /sys/fs/cgroup/*/docker/"${c##*/}"; do
			[ -d "$cg" ] || continue
			for pid in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
			for _ in $(seq 50); do [ -n "$(cat "$cg/cgroup.procs" 2>/dev/null)" ] || break; sleep 0.1; done
			rmdir "$cg" 2>/dev/null || true
		done
	done
	{ findmnt -rn -o TARGET | grep -F "$d/" || true; } | sort -r | while read -r m; do
		m=$(printf '%b' "$m")   # findmnt escapes spaces as \x20
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	# never follow a mount left behind into the host's files
	rm -rf --one-file-system "$d" || true
	[ ! -e "$d" ] || ct_log "could not remove all of $d"
}

# --- what the tests use ------------------------------------------------------

# dk plain|remap ARGS...: the docker client on one of the private daemons
dk() {
	local w=$PT_CT_DIR/$1
	shift
	DOCKER_CONFIG=$w/cli "$DOCKER" -H "unix://$w/docker.sock" "$@"
}

ct_sock() { echo "$PT_CT_DIR/$1/docker.sock"; }

# the remapped daemon's first host uid and gid (dockremap's /etc/subuid,
# /etc/subgid ranges), "UID GID"; never assumed to be 100000
ct_remap_base() {
	local u g
	u=$(awk -F: '$1 == "dockremap" { print $2; exit }' /etc/subuid)
	g=$(awk -F: '$1 == "dockremap" { print $2; exit }' /etc/subgid)
	[ -n "$u" ] && [ -n "$g" ] || fail "no dockremap range in /etc/subuid or /etc/subgid"
	[ "$u" -gt 0 ] && [ "$g" -gt 0 ] || fail "dockremap range starts at 0"
	echo "$u $g"
}

# pt_start OUT: privtrace on the whole machine in the background (the
# container's processes are not children of `docker run`), JSON into OUT
pt_start() {
	local out=$1
	"$PRIVTRACE" -o json -w "$out" --docker-socket "$(ct_sock plain)" \
		--docker-socket "$(ct_sock remap)" --containers-only 2>"$out.err" &
	PT_PID=$!
	PT_OUT=$out
	cleanup_hooks+=("pt_stop_quiet")
	for _ in $(seq 600); do
		grep -qs '^privtrace: tracing' "$out.err" && return 0
		kill -0 "$PT_PID" 2>/dev/null || { cat "$out.err" >&2; fail "privtrace exited before tracing"; }
		sleep 0.1
	done
	cat "$out.err" >&2
	fail "privtrace did not say it was tracing within 60 s"
}

pt_stop_quiet() {
	[ -n "${PT_PID:-}" ] || return 0
	ct_kill_pid "$PT_PID"
	PT_PID=
}

# pt_stop: SIGTERM, wait (30 s) for the exit and the summary line
pt_stop() {
	local st=0
	kill -TERM "$PT_PID"
	for _ in $(seq 300); do
		kill -0 "$PT_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$PT_PID" 2>/dev/null && { pt_stop_quiet; fail "privtrace did not exit within 30 s of SIGTERM"; }
	wait "$PT_PID" || st=$?
	PT_PID=
	grep -q '^privtrace: summary' "$PT_OUT.err" || { cat "$PT_OUT.err" >&2; fail "no summary line"; }
	[ "$st" -eq 0 ] || { cat "$PT_OUT.err" >&2; fail "privtrace exited with $st"; }
	if grep -q '^privtrace: summary.*lost [1-9]' "$PT_OUT.err"; then
		echo "warning: privtrace lost events: $(grep '^privtrace: summary' "$PT_OUT.err")"
	fi
}

# ct_start plain|remap NAME [docker run options]: a container that only
# sleeps, so that its cgroup exists while the workload runs in it (docker
# exec joins it). Sets CT_ID (full id) and CT_CGID (the cgroup v2 id the
# kernel gives its processes: the inode of /docker/<id> in cgroup v2).
ct_start() {
	local daemon=$1 name=$2 cg
	shift 2
	cleanup_hooks+=("dk $daemon rm -f $name >/dev/null 2>&1")
	CT_ID=$(dk "$daemon" run -d --network none --name "$name" "$@" "$CT_IMAGE" sleep 300) ||
		fail "docker run $name failed"
	[[ "$CT_ID" =~ ^[0-9a-f]{64}$ ]] || fail "docker run $name: '$CT_ID' is not a container id"
	cg=/sys/fs/cgroup/unified/docker/$CT_ID
	[ -d "$cg" ] || cg=$(ct_cgroup_dir "$daemon" "$CT_ID")
	CT_CGID=$(stat -c %i "$cg") || fail "no cgroup v2 directory for $name"
	echo "container $name: id $CT_ID cgroup $cg (id $CT_CGID)"
}

# where cgroup v2 has a container's processes, if not /docker/<id>
ct_cgroup_dir() {
	local pid path
	pid=$(dk "$1" inspect -f '{{.State.Pid}}' "$2")
	path=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	echo "/sys/fs/cgroup/unified$path"
}

# ct_exec plain|remap NAME CMD...: run CMD in the container, its output in
# CT_OUTPUT and its status in CT_STATUS
ct_exec() {
	local daemon=$1 name=$2
	shift 2
	CT_STATUS=0
	CT_OUTPUT=$(dk "$daemon" exec "$name" "$@" 2>&1) || CT_STATUS=$?
	echo "exec in $name: $* -> status $CT_STATUS${CT_OUTPUT:+: $CT_OUTPUT}"
}

# ct_rm NAME...: remove containers now (the cleanup does it anyway)
ct_rm() {
	local daemon=$1
	shift
	dk "$daemon" rm -f "$@" >/dev/null 2>&1 || true
}

# ct_expect OUT MIN KERNEL-FILTER FIELD-FILTER DESCRIPTION: at least MIN
# records match what the kernel told (KERNEL-FILTER) and, in the same record,
# what privtrace added (FIELD-FILTER, may be empty)
ct_expect() {
	expect "$1" "$2" "($3)${4:+ and ($4)}" "$5"
}

# the records of one container, by the cgroup id the kernel gave it
ct_sel() { echo ".privtrace.cgroup.id == $1"; }

# ct_crosscheck OUT CGID ID: the container's processes were seen in the
# cgroup the kernel gave it, and privtrace's container.id
# agrees with that cgroup id both ways
ct_crosscheck() {
	expect "$1" 1 "$(ct_sel "$2")" "records from the container's cgroup (id $2)"
	expect_none "$1" "$(ct_sel "$2") and .container.id != \"$3\"" "cgroup $2: all records say container ${3:0:12}"
	expect_none "$1" ".container.id == \"$3\" and .privtrace.cgroup.id != $2" "container ${3:0:12}: only from cgroup $2"
}

# the container fields every record of container NAME (id ID) has
ct_fields_of() {
	local id=$1 name=$2
	echo ".container.id == \"$id\" and .container.name == \"$name\"
		and .container.image.name == \"$CT_IMAGE\" and .container.runtime == \"docker\"
		and .privtrace.cgroup.path == \"/docker/$id\" and .privtrace.container.ns_match == true"
}

# with --containers-only, nothing of the host
ct_expect_containers_only() {
	expect_none "$1" '.privtrace.cgroup.id != null and .container.id == null' "--containers-only: no host records"
	expect_none "$1" '.privtrace.cgroup.id == 1' "--containers-only: nothing from the root cgroup"
}

# ct_host_uid UID: CT_HOSTNAME = the host's user name for UID, creating
# $CT_HOSTUSER with that uid if nobody has it (and removing it at exit: only
# what was created)
ct_host_uid() {
	local uid=$1
	CT_HOSTNAME=$(getent passwd "$uid" | cut -d: -f1 | head -1) || true
	if [ -z "$CT_HOSTNAME" ]; then
		id "$CT_HOSTUSER" >/dev/null 2>&1 && fail "$CT_HOSTUSER exists with another uid"
		# no subordinate ranges: they would move later ranges
		useradd -M -N -u "$uid" -s /usr/sbin/nologin -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$CT_HOSTUSER" >&2 ||
			fail "useradd $CT_HOSTUSER failed"
		cleanup_hooks+=("userdel $CT_HOSTUSER")
		CT_HOSTNAME=$CT_HOSTUSER
	fi
	echo "host uid $uid is $CT_HOSTNAME"
}

# --- a test sourcing this file ------------------------------------------------

ct_test_init() {
	if [ -n "${PT_CT_DIR:-}" ]; then
		[ -e "$PT_CT_DIR/up" ] || fail "PT_CT_DIR=$PT_CT_DIR: daemons not set up (lib.sh up)"
	else
		# run by hand: own daemons for this test only
		PT_CT_DIR=$(mktemp -d /tmp/privtrace-ct.XXXXXX)
		cleanup_hooks+=("ct_down $PT_CT_DIR")
		ct_up "$PT_CT_DIR"
	fi
	dk plain version >/dev/null 2>&1 || fail "plain dockerd not answering"
	dk remap version >/dev/null 2>&1 || fail "remapped dockerd not answering"
	[ -x "$PRIVTRACE" ] || fail "no $PRIVTRACE (make)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	case "${1:-} ${2:+x}" in
	"up x")
		# a failed start leaves nothing running
		cleanup_hooks+=("[ -e '$2/up' ] || ct_down '$2'")
		ct_up "$2"
		;;
	"down x") ct_down "$2" ;;
	*) echo "usage: $0 up|down DIR" >&2; exit 2 ;;
	esac
else
	ct_test_init
fi
