// dist/kubernetes/*.yaml against the Kubernetes API schema, offline: every
// document through its kubernetes-models class (the OpenAPI schema's
// types, required fields and enums, as kubectl checks on the client), then
// what README says of the DaemonSet's privileges, field by field (a typo'd
// field name is no schema error: these catch it). Exits 1 on any failure.
// Usage: node k8s_validate.mjs FILE.yaml... (NODE_PATH-free: run from the
// directory whose node_modules has kubernetes-models and yaml)
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';

const models = { v1: core, 'apps/v1': apps };
let failed = 0;
const fail = (what) => { console.log(`FAIL: ${what}`); failed++; };
const docs = [];

for (const file of process.argv.slice(2)) {
	for (const d of parseAllDocuments(readFileSync(file, 'utf8'))) {
		if (d.errors.length) { fail(`${file}: YAML: ${d.errors[0].message}`); continue; }
		const obj = d.toJS();
		if (!obj) continue;
		const Model = models[obj.apiVersion]?.[obj.kind];
		if (!Model) { fail(`${file}: no schema here for ${obj.apiVersion} ${obj.kind}`); continue; }
		try {
			new Model(obj).validate();
			console.log(`ok: ${file}: ${obj.kind} ${obj.metadata?.name}: valid ${obj.apiVersion}`);
			docs.push(obj);
		} catch (e) {
			fail(`${file}: ${obj.kind} ${obj.metadata?.name}: ${e.message}`);
		}
	}
}

// the validator bites: the DaemonSet with a wrong type must be refused
const ds = docs.find((o) => o.kind === 'DaemonSet');
if (!ds) {
	fail('no DaemonSet');
} else {
	const bad = structuredClone(ds);
	bad.spec.template.spec.hostPID = 'yes';
	try { new apps.DaemonSet(bad).validate(); fail('a DaemonSet with hostPID "yes" passed the schema'); }
	catch { console.log('ok: the schema refuses a DaemonSet with hostPID "yes"'); }

	const pod = ds.spec.template.spec;
	const c = pod.containers.find((x) => x.name === 'privtrace');
	const sc = c?.securityContext ?? {};
	const same = (a, b) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...b].sort());
	const checks = [
		['hostPID', pod.hostPID === true],
		['no hostNetwork, no hostIPC', !pod.hostNetwork && !pod.hostIPC],
		['every node: a toleration with operator Exists', pod.tolerations?.some((t) => t.operator === 'Exists' && !t.key)],
		['no service account token', pod.automountServiceAccountToken === false],
		['capabilities: drop ALL', same(sc.capabilities?.drop, ['ALL'])],
		['capabilities: add the five loading needs', same(sc.capabilities?.add, ['BPF', 'PERFMON', 'DAC_READ_SEARCH', 'SYS_PTRACE', 'SYSLOG'])],
		['not privileged', sc.privileged === false],
		['no privilege escalation', sc.allowPrivilegeEscalation === false],
		['read-only root file system', sc.readOnlyRootFilesystem === true],
		['requests and limits', !!(c?.resources?.requests?.cpu && c.resources.requests.memory && c.resources.limits?.cpu && c.resources.limits.memory)],
		['every mount read-only', (c?.volumeMounts ?? []).length > 0 && c.volumeMounts.every((m) => m.readOnly === true)],
		['every mount has its volume', (c?.volumeMounts ?? []).every((m) => pod.volumes?.some((v) => v.name === m.name))],
		['the config from the ConfigMap', pod.volumes?.some((v) => v.configMap?.name && docs.some((o) => o.kind === 'ConfigMap' && o.metadata.name === v.configMap.name))],
	];
	for (const [what, ok] of checks) ok ? console.log(`ok: DaemonSet: ${what}`) : fail(`DaemonSet: ${what}`);
}
process.exit(failed ? 1 : 0);
