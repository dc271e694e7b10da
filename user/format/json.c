// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Nested objects, names from ECS where it has them. Every field has one type
 * forever; a field that does not apply, or that we could only invent, is
 * left out (docs/schema.md). Written by the comma-placing writer
 * (lib/jsonw.h) into the caller's buffer: no stdio.
 */
#include <string.h>

#include "format/json.h"
#include "event/names.h"
#include "lib/jsonw.h"
#include "lib/timefmt.h"

static const char *const id_names[8] = { "uid", "euid", "suid", "fsuid",
					 "gid", "egid", "sgid", "fsgid" };

static void id_values(const struct pt_ids *v, __u32 out[8])
{
	out[0] = v->uid, out[1] = v->euid, out[2] = v->suid, out[3] = v->fsuid;
	out[4] = v->gid, out[5] = v->egid, out[6] = v->sgid, out[7] = v->fsgid;
}

/* "key":{...ids...}; ns_view: an id with no mapping there is null */
static void ids(struct jsonw *j, const struct pt_ids *v, bool ns_view, const char *user_name)
{
	__u32 vals[8];
	int i;

	id_values(v, vals);
	for (i = 0; i < 8; i++) {
		jw_sep(j);
		wbuf_ch(j->w, '"');
		wbuf_str(j->w, id_names[i]);
		wbuf_lit(j->w, "\":");
		if (ns_view && vals[i] == PT_ID_UNMAPPED)
			wbuf_lit(j->w, "null");
		else
			wbuf_u64(j->w, vals[i]);
	}
	if (user_name)
		jw_cstr(j, "user_name", user_name);
}

static void hex_caps(struct jsonw *j, const char *which, __u64 v)
{
	jw_sep(j);
	wbuf_ch(j->w, '"');
	wbuf_str(j->w, which);
	wbuf_lit(j->w, "\":\"0x");
	wbuf_hex(j->w, v, 16);
	wbuf_ch(j->w, '"');
}

/* ns_user: the namespace's own name for the ns euid, inside privtrace.ns */
static void creds(struct jsonw *j, const struct pt_creds *c, const char *ns_user)
{
	jw_obj(j, "host");
	ids(j, &c->host, false, NULL);
	jw_close(j);
	jw_obj(j, "ns");
	ids(j, &c->ns, true, ns_user);
	jw_close(j);
	jw_obj(j, "caps");
	hex_caps(j, "effective", c->cap_effective);
	hex_caps(j, "permitted", c->cap_permitted);
	hex_caps(j, "inheritable", c->cap_inheritable);
	jw_close(j);
}

static void event_fields(struct jsonw *j, const struct record *r)
{
	const struct pt_event *e = r->e;

	jw_obj(j, "event");
	jw_word(j, "kind", "event");
	switch (e->kind) {
	case PT_EV_CAP:
		/* ECS allows "allowed"/"denied" for neither category: event.outcome says it */
		jw_raw(j, "category", "[\"process\"]");
		jw_raw(j, "type", "[\"access\"]");
		break;
	case PT_EV_EXEC:
		jw_raw(j, "category", "[\"process\"]");
		jw_raw(j, "type", "[\"start\",\"change\"]");
		break;
	case PT_EV_FILE:
		jw_raw(j, "category", "[\"file\"]");
		jw_raw(j, "type", "[\"access\"]");
		break;
	default:
		jw_raw(j, "category", "[\"iam\"]");
		if (!strcmp(r->action, "capset"))
			jw_raw(j, "type", "[\"change\"]");
		else if (!strncmp(r->action, "setg", 4)) /* setgid, setgroups */
			jw_raw(j, "type", "[\"change\",\"group\"]");
		else
			jw_raw(j, "type", "[\"change\",\"user\"]");
	}
	jw_word(j, "action", r->action);
	jw_word(j, "outcome", r->ok ? "success" : "failure");
	/* a repeat record: the events it stands for happened from start to end */
	if (e->repeat) {
		jw_key(j, "start");
		wbuf_ch(j->w, '"');
		timefmt_rfc3339(j->w, r->first_real_ns);
		wbuf_ch(j->w, '"');
		jw_key(j, "end");
		wbuf_ch(j->w, '"');
		timefmt_rfc3339(j->w, r->real_ns);
		wbuf_ch(j->w, '"');
	}
	/* our own phrase (user/event/explain.c: fixed words and capability names): nothing to escape */
	if (r->why.code)
		jw_word(j, "reason", r->why.text);
	jw_close(j);
}

/* container.*, and orchestrator.* / kubernetes.* where the runtime said. */
static void container_fields(struct jsonw *j, const struct container *ct)
{
	const struct ct_meta *m = &ct->meta;
	const char *pod_uid = m->pod_uid[0] ? m->pod_uid : ct->pod_uid;

	jw_obj(j, "container");
	jw_cstr(j, "id", ct->id);
	if (m->name[0])
		jw_cstr(j, "name", m->name);
	if (m->image[0]) {
		jw_obj(j, "image");
		jw_cstr(j, "name", m->image);
		jw_close(j);
	}
	jw_word(j, "runtime", ct_runtime_name(ct->runtime));
	jw_close(j);
	if (!m->pod_name[0] && !pod_uid[0])
		return;
	/* ECS orchestrator.*, and the kubernetes.* names Beats and OpenSearch use */
	jw_obj(j, "orchestrator");
	jw_word(j, "type", "kubernetes");
	if (m->pod_namespace[0])
		jw_cstr(j, "namespace", m->pod_namespace);
	if (m->pod_name[0]) {
		jw_obj(j, "resource");
		jw_word(j, "type", "pod");
		jw_cstr(j, "name", m->pod_name);
		jw_close(j);
	}
	jw_close(j);
	jw_obj(j, "kubernetes");
	jw_obj(j, "pod");
	if (m->pod_name[0])
		jw_cstr(j, "name", m->pod_name);
	if (pod_uid[0])
		jw_cstr(j, "uid", pod_uid);
	jw_close(j);
	if (m->pod_namespace[0])
		jw_cstr(j, "namespace", m->pod_namespace);
	if (m->k8s_container[0]) {
		jw_obj(j, "container");
		jw_cstr(j, "name", m->k8s_container);
		jw_close(j);
	}
	jw_close(j);
}

static void keyword_u32(struct jsonw *j, const char *raw_key_colon, size_t klen, __u32 v)
{
	jw_sep(j);
	wbuf_put(j->w, raw_key_colon, klen);
	wbuf_ch(j->w, '"');
	wbuf_u64(j->w, v);
	wbuf_ch(j->w, '"');
}

/* Top-level file.*: the path as passed, and for an open's owner record the owner and mode. */
static void file_fields(struct jsonw *j, const struct pt_event *e, bool owner)
{
	if (!e->path_len && !owner)
		return;
	jw_obj(j, "file");
	if (e->path_len)
		jw_str(j, "path", e->path, e->path_len < PT_PATH_LEN ? e->path_len : PT_PATH_LEN);
	/* ECS types these as keywords: the owner ids and the octal mode */
	if (owner) {
		keyword_u32(j, "\"uid\":", 6, e->file.owner_uid);
		keyword_u32(j, "\"gid\":", 6, e->file.owner_gid);
		jw_key(j, "mode");
		wbuf_ch(j->w, '"');
		wbuf_oct(j->w, e->file.mode & 07777, 4);
		wbuf_ch(j->w, '"');
	}
	jw_close(j);
}

static void capability_fields(struct jsonw *j, const struct pt_event *e)
{
	const char *name = cap_name(e->cap.cap);

	jw_obj(j, "capability");
	if (name) /* a number newer than this build: id alone, no invented name */
		jw_word(j, "name", name);
	jw_s64(j, "id", e->cap.cap);
	jw_obj(j, "target_userns");
	jw_u64(j, "inum", e->cap.target_userns_inum);
	jw_u64(j, "level", e->cap.target_userns_level);
	jw_close(j);
	/*
	 * Granted checks only (docs/schema.md): tp_btf/cap_capable also passes
	 * the namespace the walk stopped at when it refused, which is no
	 * namespace the capability was found in.
	 */
	if (e->ret == 0 && e->cap.capable_userns_inum) {
		jw_obj(j, "capable_userns");
		jw_u64(j, "inum", e->cap.capable_userns_inum);
		jw_close(j);
	}
	/* only fexit/security_capable sees the options, so only it can say false */
	if (e->hook == PT_HOOK_FEXIT_SECURITY_CAPABLE)
		jw_bool(j, "noaudit", e->flags & PT_F_CAP_NOAUDIT);
	jw_close(j);
}

static void ns_owner(struct jsonw *j, const char *key_colon, size_t klen, __u32 id)
{
	jw_sep(j);
	wbuf_put(j->w, key_colon, klen);
	if (id == PT_ID_UNMAPPED)
		wbuf_lit(j->w, "null");
	else
		wbuf_u64(j->w, id);
}

void json_record(struct wbuf *w, const struct record *r)
{
	const struct pt_event *e = r->e;
	const struct pt_task *t = &e->task;
	const char *sys = syscall_name(e->syscall), *hook = hook_name(e->hook);
	bool owner = e->kind == PT_EV_FILE && (e->flags & PT_F_OWNER);
	struct jsonw j;
	int i, n;

	jw_begin(&j, w);
	jw_key(&j, "@timestamp");
	wbuf_ch(w, '"');
	timefmt_rfc3339(w, r->real_ns);
	wbuf_ch(w, '"');
	event_fields(&j, r);
	jw_obj(&j, "process");
	jw_u64(&j, "pid", t->pid);
	jw_obj(&j, "thread");
	jw_u64(&j, "id", t->tid);
	jw_close(&j);
	jw_str(&j, "name", t->comm, PT_COMM_LEN);
	jw_obj(&j, "parent");
	jw_u64(&j, "pid", t->ppid);
	jw_close(&j);
	jw_close(&j);
	jw_obj(&j, "user");
	keyword_u32(&j, "\"id\":", 5, e->cred.host.euid);
	if (r->host_user)
		jw_cstr(&j, "name", r->host_user);
	jw_close(&j);
	file_fields(&j, e, owner);
	if (r->ct)
		container_fields(&j, r->ct);

	jw_obj(&j, "privtrace");
	if (sys) {
		jw_word(&j, "syscall", sys);
		jw_word(&j, "syscall_abi", syscall_abi_name(e->flags));
		jw_u64(&j, "syscall_nr", e->sys_nr);
	}
	if (hook)
		jw_word(&j, "hook", hook);
	if (r->why.code)
		jw_word(&j, "reason", reason_code(r->why.code));
	if (r->ct && r->ns_match >= 0) {
		jw_obj(&j, "container");
		jw_bool(&j, "ns_match", r->ns_match);
		jw_close(&j);
	}
	if (e->repeat) {
		jw_obj(&j, "repeat");
		jw_u64(&j, "count", e->repeat);
		jw_close(&j);
	}
	jw_s64(&j, "ret", e->ret);
	/* an exec is reported only when it happened: its ret is no errno */
	if (e->ret < 0 && e->kind != PT_EV_EXEC) {
		const char *err = errno_name(-(__s64)e->ret);

		if (err) /* unknown: privtrace.ret has the number */
			jw_word(&j, "errno", err);
	}
	if (e->flags & PT_F_PATH_TRUNC)
		jw_bool(&j, "path_truncated", true);
	/* the path was asked for but could not be read: say so, not just leave it out */
	if (e->flags & PT_F_PATH_FAULT)
		jw_bool(&j, "path_unreadable", true);
	creds(&j, &e->cred, r->ns_user);
	jw_obj(&j, "pidns");
	jw_u64(&j, "inum", t->pidns_inum);
	jw_u64(&j, "pid", t->ns_pid);
	jw_u64(&j, "tid", t->ns_tid);
	jw_close(&j);
	jw_obj(&j, "userns");
	jw_u64(&j, "inum", t->userns_inum);
	jw_u64(&j, "level", t->userns_level);
	jw_u64(&j, "owner_uid", t->userns_owner);
	if (r->map) {
		jw_bool(&j, "root_is_host_root", r->map->root_is_host_root);
		jw_obj(&j, "map");
		jw_cstr(&j, "uid", r->map->uid);
		jw_cstr(&j, "gid", r->map->gid);
		jw_close(&j);
	}
	jw_close(&j);
	jw_obj(&j, "mntns");
	jw_u64(&j, "inum", t->mntns_inum);
	jw_close(&j);
	jw_obj(&j, "cgroupns");
	jw_u64(&j, "inum", t->cgroupns_inum);
	jw_close(&j);
	jw_obj(&j, "cgroup");
	jw_u64(&j, "id", t->cgroup_id);
	if (r->cgroup_path)
		jw_cstr(&j, "path", r->cgroup_path);
	jw_close(&j);

	if (e->kind == PT_EV_CAP)
		capability_fields(&j, e);
	if (e->kind == PT_EV_CRED) {
		n = cred_nargs(e->syscall);
		if (n) {
			/* uid_t as the kernel takes it: -1 ("unchanged") is 4294967295 */
			jw_arr(&j, "args");
			for (i = 0; i < n; i++)
				jw_elem_u64(&j, (__u32)e->change.args[i]);
			jw_close(&j);
		}
	}
	if (e->kind == PT_EV_CRED || e->kind == PT_EV_EXEC) {
		jw_obj(&j, "new");
		creds(&j, &e->change.new_cred, NULL);
		jw_close(&j);
	}
	if (e->kind == PT_EV_EXEC)
		jw_bool(&j, "secureexec", e->flags & PT_F_SECUREEXEC);
	if (owner) {
		jw_obj(&j, "file");
		ns_owner(&j, "\"owner_ns_uid\":", 15, e->file.owner_ns_uid);
		ns_owner(&j, "\"owner_ns_gid\":", 15, e->file.owner_ns_gid);
		jw_arr(&j, "access");
		if (e->file.access & PT_MAY_READ)
			jw_elem_word(&j, "read");
		if (e->file.access & PT_MAY_WRITE)
			jw_elem_word(&j, "write");
		jw_close(&j);
		jw_close(&j);
	}
	jw_end(&j);
}

/* The head every metric record shares: "lost", "health", "dropped". */
static void metric_head(struct jsonw *j, struct wbuf *w, __u64 real_ns, const char *action)
{
	jw_begin(j, w);
	jw_key(j, "@timestamp");
	wbuf_ch(w, '"');
	timefmt_rfc3339(w, real_ns);
	wbuf_ch(w, '"');
	jw_obj(j, "event");
	jw_word(j, "kind", "metric");
	jw_raw(j, "category", "[\"host\"]");
	jw_raw(j, "type", "[\"info\"]");
	jw_word(j, "action", action);
	jw_close(j);
	jw_obj(j, "privtrace");
}

void json_lost(struct wbuf *w, __u64 real_ns, __u64 lost, __u64 total)
{
	struct jsonw j;

	metric_head(&j, w, real_ns, "lost");
	jw_obj(&j, "lost");
	jw_u64(&j, "events", lost);
	jw_u64(&j, "total", total);
	jw_end(&j);
}

void json_health(struct wbuf *w, const struct health *h)
{
	struct jsonw j;
	int i;

	metric_head(&j, w, h->real_ns, "health");
	jw_obj(&j, "health");
	jw_u64(&j, "events", h->events);
	jw_u64(&j, "emitted", h->emitted);
	jw_u64(&j, "filtered", h->filtered);
	jw_u64(&j, "lost", h->lost);
	jw_u64(&j, "untracked", h->untracked);
	jw_u64(&j, "coalesced", h->coalesced);
	jw_u64(&j, "dropped", h->dropped);
	jw_arr(&j, "sinks");
	for (i = 0; i < h->n_sinks; i++) {
		const struct health_sink *st = &h->sinks[i];

		jw_elem_obj(&j);
		/* the operator's spec, a path perhaps: escaped like any string we did not write */
		jw_cstr(&j, "name", st->name);
		jw_u64(&j, "written", st->written);
		jw_u64(&j, "dropped", st->dropped);
		jw_u64(&j, "queued", st->queued);
		jw_bool(&j, "up", st->up);
		jw_close(&j);
	}
	jw_end(&j);
}

void json_dropped(struct wbuf *w, const char *sink_name, unsigned long long n,
		  unsigned long long total, __u64 real_ns)
{
	struct jsonw j;

	metric_head(&j, w, real_ns, "dropped");
	jw_obj(&j, "dropped");
	jw_cstr(&j, "sink", sink_name);
	jw_u64(&j, "records", n);
	jw_u64(&j, "total", total);
	jw_end(&j);
}
