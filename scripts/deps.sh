#!/usr/bin/env bash
# Install what privtrace's build and tests need from Debian's packages, and
# nothing when it is all there already. Needs root (apt-get).
set -euo pipefail

pkgs=(
	make gcc libc6-dev pkg-config       # the loader
	clang llvm                          # BPF objects (clang -target bpf)
	bpftool                             # skeletons, static linking of BPF objects
	libbpf-dev libelf-dev zlib1g-dev    # libbpf and what it links
	libcmocka-dev                       # unit tests
	# fuzz harnesses and the sanitized unit tests (tests/fuzz, build/san):
	# clang's libFuzzer and ASan/UBSan runtimes, only recommended (by
	# libclang-common-14-dev), so missing after --no-install-recommends
	libclang-rt-14-dev
	jq                                  # integration tests read the JSON
	uidmap                              # newuidmap for user-namespace tests
	util-linux passwd                   # setpriv, unshare, findmnt; useradd
	qemu-system-x86 busybox-static cpio # vmtest: other kernels under QEMU
	# container tests (tests/containers): privtrace against real Docker
	# containers, from two private dockerds (plain and --userns-remap) that
	# each start their own containerd and run containers with runc; the image
	# is imported from a busybox-static rootfs (no registry is reachable);
	# busybox-static is named for both, so either can go alone
	docker.io containerd runc busybox-static
	# sink tests (tests/sinks): a real rsyslogd, started by each test on
	# loopback ports and a private socket with its own config (the package's
	# service is not used), receives privtrace's syslog over UDP, TCP and unix
	rsyslog
	# the report's HTML page (tests/report) rendered in a real browser,
	# headless: its DOM and a screenshot are what the test reads
	chromium fonts-dejavu-core
	# privtrace verify's JUnit XML checked well-formed (tests/containers/test_verify.sh)
	libxml2-utils
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}; run as root (sudo make ...) to install them" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
