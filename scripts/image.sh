#!/usr/bin/env bash
# make image: privtrace as a container image, built with no daemon and no
# registry: one layer holding the static binary, the default config and the
# JSON schema, FROM scratch, written as a `docker save` archive that
# `docker load -i` (and `podman load`) takes. Deterministic: the same
# binary gives the same image id.
#   scripts/image.sh BINARY OUT.tar TAG
set -euo pipefail
bin=$1 out=$2 tag=$3
top=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$bin" ] || { echo "image: no $bin (make $(basename "$bin"))" >&2; exit 1; }
if readelf -d "$bin" 2>/dev/null | grep -q "(NEEDED)"; then
	echo "image: $bin is dynamically linked: the image has no libraries" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
install -D -m 0755 "$bin" "$root/usr/sbin/privtrace"
install -D -m 0644 "$top/docs/privtrace.conf.example" "$root/etc/privtrace/privtrace.conf"
install -D -m 0644 "$top/docs/privtrace.schema.json" "$root/usr/share/privtrace/privtrace.schema.json"
# mount points the documented run line binds over (README, Container image)
mkdir -p "$root/sys" "$root/proc" "$root/run" "$root/var/run" "$root/tmp"
touch "$root/etc/passwd"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$work/layer.tar" -C "$root" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
version=$("$bin" --version 2>/dev/null | awk '{ print $2; exit }')
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Entrypoint":["/usr/sbin/privtrace"],"Cmd":["--config","/etc/privtrace/privtrace.conf"],
  "Env":["PATH=/usr/sbin"],"WorkingDir":"/",
  "Labels":{"org.opencontainers.image.title":"privtrace","org.opencontainers.image.version":"${version:-unknown}",
   "org.opencontainers.image.description":"eBPF tracer of container privilege use: docker run line in README, Container image"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/image.sh"}]}
JSON
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mkdir -p "$work/archive/$diff_id"
mv "$work/layer.tar" "$work/archive/$diff_id/layer.tar"
mv "$work/config.json" "$work/archive/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' \
	"$config_id" "$tag" "$diff_id" >"$work/archive/manifest.json"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out.tmp" -C "$work/archive" .
mv -f "$out.tmp" "$out"
echo "image: $out ($tag, id sha256:${config_id:0:12}, $(du -h "$out" | cut -f1))"
