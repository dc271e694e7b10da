#!/usr/bin/env bash
# dist/kubernetes/*.yaml checked offline (no cluster can run here): every
# document against the Kubernetes API schema (the npm package
# kubernetes-models, whose validators are compiled from the API's OpenAPI
# schema), the DaemonSet's privileges field by field (k8s_validate.mjs), and
# the ConfigMap's privtrace.conf read by privtrace itself.
. "$(dirname "$0")/../integration/lib.sh"
npm_dir=$TOP/build/npm
pkgs=(kubernetes-models@5.1.0 yaml@2.9.1)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >&2 ||
		fail "node and npm missing, and apt-get install nodejs npm failed"
fi
# once, from the npm registry; then from build/npm
if [ ! -f "$npm_dir/.installed" ] || [ "$(cat "$npm_dir/.installed")" != "${pkgs[*]}" ]; then
	mkdir -p "$npm_dir"
	timeout 300 npm install --no-audit --no-fund --no-save --prefix "$npm_dir" "${pkgs[@]}" \
		>"$TMPD/npm.log" 2>&1 || { tail -20 "$TMPD/npm.log" >&2; fail "npm install ${pkgs[*]} failed"; }
	echo "${pkgs[*]}" >"$npm_dir/.installed"
fi
# the script where node resolves its imports: next to node_modules
cp "$TOP/tests/install/k8s_validate.mjs" "$npm_dir/"
node "$npm_dir/k8s_validate.mjs" "$TOP"/dist/kubernetes/*.yaml || fail "the manifests do not validate"

# the config the ConfigMap carries is one privtrace takes (a bad line exits 2)
node --input-type=module -e "
	import { parseAllDocuments } from '$npm_dir/node_modules/yaml/dist/index.js';
	import { readFileSync } from 'node:fs';
	for (const d of parseAllDocuments(readFileSync('$TOP/dist/kubernetes/privtrace.yaml', 'utf8'))) {
		const o = d.toJS();
		if (o?.kind === 'ConfigMap') process.stdout.write(o.data['privtrace.conf']);
	}" >"$TMPD/privtrace.conf"
[ -s "$TMPD/privtrace.conf" ] || fail "no privtrace.conf in the ConfigMap"
"$PRIVTRACE" --config "$TMPD/privtrace.conf" --probe >"$TMPD/probe.out" 2>&1 ||
	{ cat "$TMPD/probe.out" >&2; fail "privtrace refuses the ConfigMap's privtrace.conf"; }
echo "ok: the ConfigMap's privtrace.conf is accepted by privtrace"
