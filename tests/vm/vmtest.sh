#!/usr/bin/env bash
# make vmtest: boot Debian's 6.1 and 6.12 cloud kernels under QEMU (software
# emulation) with BPF LSM enabled, run the integration scenarios inside each
# guest against a static privtrace, and report per kernel. Ends with
# "N passed, N failed" over all kernels.
set -euo pipefail
cd "$(dirname "$0")/../.."
VM=build/vm
# Debian meta packages: each depends on the current kernel of its series
METAS=${VMTEST_KERNELS:-linux-image-cloud-amd64 linux-image-6.12-cloud-amd64}
# a guest needs 300-400 s here (both boot at once on two cores): twice that, and more
BOOT_TIMEOUT=${VMTEST_TIMEOUT:-900}
mkdir -p "$VM/kernels"

for tool in qemu-system-x86_64 cpio busybox; do
	command -v $tool >/dev/null || { echo "vmtest: $tool missing (make vmtest installs it)" >&2; exit 1; }
done

# --- kernels: resolved through the meta packages, downloaded once ---
kernels=()
for meta in $METAS; do
	pkg=$(apt-cache depends "$meta" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[ -n "$pkg" ] || { echo "vmtest: cannot resolve $meta (run apt-get update)" >&2; exit 1; }
	dir=$VM/kernels/$pkg
	if ! ls "$dir"/boot/vmlinuz-* >/dev/null 2>&1; then
		echo "vmtest: downloading $pkg"
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
		(cd "$dir.tmp" && apt-get download -q "$pkg" >/dev/null && dpkg-deb -x ./*.deb x)
		mkdir -p "$dir" && mv "$dir.tmp"/x/boot "$dir"/ && rm -rf "$dir.tmp"
	fi
	kernels+=("$(ls "$dir"/boot/vmlinuz-*)")
done

# --- the guest's root: busybox, the host's own tools with their libraries,
#     a static privtrace, the test programs and scenarios ---
root=$VM/rootfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,var/tmp,privtrace/build/tests/progs}
cp "$(command -v busybox)" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
copy_with_libs() {
	local bin lib
	for bin in "$@"; do
		bin=$(command -v "$bin")
		mkdir -p "$root$(dirname "$bin")"
		cp -L "$bin" "$root$bin"
		for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*'); do
			[ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
		done
	done
}
# GNU tools the scenarios use (in /usr/bin, ahead of busybox in PATH)
copy_with_libs bash jq setpriv unshare findmnt newuidmap newgidmap grep sed mawk \
	timeout mktemp install wc seq od sort head tail cat cp chmod chown id sleep date rm \
	mkdir ls ln env stat tr cut
ln -sf mawk "$root/usr/bin/awk"
chmod 4755 "$root/usr/bin/newuidmap" "$root/usr/bin/newgidmap"
cat >"$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/bash
ptuser:x:4242:4242::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PW
printf 'root:x:0:\nptuser:x:4242:\nnogroup:x:65534:\n' >"$root/etc/group"
echo 'ptuser:100000:65536' >"$root/etc/subuid"
echo 'ptuser:100000:65536' >"$root/etc/subgid"
cp tests/vm/init "$root/init"
chmod 0755 "$root/init"
cp build/privtrace-static "$root/privtrace/build/privtrace"
cp build/tests/progs/pthelper build/tests/progs/fakedocker "$root/privtrace/build/tests/progs/"
mkdir -p "$root/privtrace/tests"
cp -r tests/integration tests/vm "$root/privtrace/tests/"
(cd "$root" && find . | cpio -o -H newc --owner root:root --quiet) | gzip -1 >"$VM/initramfs.cpio.gz"

# --- boot the kernels side by side, one emulated CPU each (the machine has
#     two cores); each guest prints "vmtest: ..." lines on its console ---
pids=()
for k in "${kernels[@]}"; do
	kver=${k##*/vmlinuz-}
	echo "vmtest: booting $kver"
	timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -m 1024 -smp 1 -nographic -no-reboot \
		-kernel "$k" -initrd "$VM/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 quiet lsm=lockdown,capability,landlock,yama,bpf" \
		</dev/null >"$VM/$kver.log" 2>&1 &
	pids+=($!)
done
start=$SECONDS
for pid in "${pids[@]}"; do wait "$pid" || true; done
echo "vmtest: all guests done in $((SECONDS - start))s"

passed=0
failed=0
for k in "${kernels[@]}"; do
	kver=${k##*/vmlinuz-}
	log=$VM/$kver.log
	tr -d '\r' <"$log" | grep '^vmtest: ' | sed "s/^vmtest: /  [$kver] /"
	res=$(tr -d '\r' <"$log" | sed -n 's/^vmtest: result .*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
	if [ -z "$res" ]; then
		# the scenario it was in: the last one started and not finished
		last=$(tr -d '\r' <"$log" | sed -n 's/^vmtest: RUN \(.*\)/\1/p' | tail -1)
		if [ -n "$last" ] && ! tr -d '\r' <"$log" | grep -q "^vmtest: \(PASS\|FAIL\) $last "; then
			where="; it was in $last"
		else
			where=""
		fi
		echo "FAIL vmtest/$kver: the guest gave no result in ${BOOT_TIMEOUT}s$where; console in $log"
		tail -20 "$log"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + ${res% *}))
	failed=$((failed + ${res#* }))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
