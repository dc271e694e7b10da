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
#include "enrich/user_names.h"

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

/*
 * A capability set as ECS has it: an array of names, ["CAP_CHOWN",...], a
 * bit this build has no name for as its number ("41", ECS's pattern allows
 * it). The same few sets come again and again (a root task's full set, the
 * empty one): the arrays made are kept, per thread, by set.
 */
#define CAPS_CACHE 16
#define CAPS_MAX_LEN (64 * 28 + 2)

static __thread struct caps_text {
	__u64 mask;
	unsigned short len; /* 0: empty slot */
	char s[CAPS_MAX_LEN];
} caps_cache[CAPS_CACHE];

/* Appends s (n bytes) at c->s + *len; the slot holds the longest set (64 names of <= 25). */
static void caps_put(struct caps_text *c, size_t *len, const char *s, size_t n)
{
	if (*len + n <= sizeof(c->s)) {
		memcpy(c->s + *len, s, n);
		*len += n;
	}
}

static void caps_render(struct caps_text *c, __u64 mask)
{
	size_t len = 0;
	char num[4];
	int cap, n = 0;

	caps_put(c, &len, "[", 1);
	for (cap = 0; cap < 64; cap++) {
		const char *name;

		if (!(mask & (1ULL << cap)))
			continue;
		if (n++)
			caps_put(c, &len, ",", 1);
		caps_put(c, &len, "\"", 1);
		name = cap_name(cap);
		if (name) {
			caps_put(c, &len, name, strlen(name));
		} else { /* 0..63, two digits at most */
			num[0] = '0' + cap / 10;
			num[1] = '0' + cap % 10;
			caps_put(c, &len, cap < 10 ? num + 1 : num, cap < 10 ? 1 : 2);
		}
		caps_put(c, &len, "\"", 1);
	}
	caps_put(c, &len, "]", 1);
	c->mask = mask;
	c->len = len;
}

static void caps(struct jsonw *j, const char *key_colon, size_t klen, __u64 mask)
{
	struct caps_text *c = &caps_cache[(mask ^ mask >> 17 ^ mask >> 31) % CAPS_CACHE];

	if (!c->len || c->mask != mask)
		caps_render(c, mask);
	jw_sep(j);
	wbuf_put(j->w, key_colon, klen);
	wbuf_put(j->w, c->s, c->len);
}

#define jw_caps(j, key, mask) caps((j), "\"" key "\":", sizeof(key) + 2, (mask))

/*
 * privtrace.host, privtrace.ns (ns_user: the namespace's own name for the
 * ns euid), and the sets ECS has no field for: the subject's effective and
 * permitted sets are process.thread.capabilities; with_all: after a
 * change, where all three are privtrace's own.
 */
static void creds(struct jsonw *j, const struct pt_creds *c, const char *ns_user, bool with_all)
{
	jw_obj(j, "host");
	ids(j, &c->host, false, NULL);
	jw_close(j);
	jw_obj(j, "ns");
	ids(j, &c->ns, true, ns_user);
	jw_close(j);
	jw_obj(j, "caps");
	if (with_all) {
		jw_caps(j, "effective", c->cap_effective);
		jw_caps(j, "permitted", c->cap_permitted);
	}
	jw_caps(j, "inheritable", c->cap_inheritable);
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
		if (file_change_type(e)) {
			jw_arr(j, "type");
			jw_elem_word(j, file_change_type(e));
			jw_close(j);
		} else {
			jw_raw(j, "type", "[\"access\"]");
		}
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
	jw_u64(j, "sequence", r->seq);
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
	/* ECS orchestrator.*: the pod is the resource */
	jw_obj(j, "orchestrator");
	jw_word(j, "type", "kubernetes");
	if (m->pod_namespace[0])
		jw_cstr(j, "namespace", m->pod_namespace);
	jw_obj(j, "resource");
	jw_word(j, "type", "pod");
	if (m->pod_name[0])
		jw_cstr(j, "name", m->pod_name);
	if (pod_uid[0])
		jw_cstr(j, "id", pod_uid);
	jw_close(j);
	jw_close(j);
}

/* What ECS has no field for: privtrace.kubernetes.container.name, the pod spec's name. */
static void kubernetes_extras(struct jsonw *j, const struct container *ct)
{
	if (!ct->meta.k8s_container[0])
		return;
	jw_obj(j, "kubernetes");
	jw_obj(j, "container");
	jw_cstr(j, "name", ct->meta.k8s_container);
	jw_close(j);
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
	/* someone else's credentials were checked (overlayfs: its mounter's): those, apart */
	if (e->flags & PT_F_CRED_OVERRIDE) {
		jw_obj(j, "checked_creds");
		creds(j, &e->cap.checked, NULL, true);
		jw_close(j);
	}
	/* a BPF loader's or tracer's own checks, labelled (include/privtrace.h) */
	if (e->flags & (PT_F_IN_BPF | PT_F_IN_PERF_EVENT_OPEN))
		jw_word(j, "loader_call", e->flags & PT_F_IN_BPF ? "bpf" : "perf_event_open");
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

/* {"@timestamp":"...","ecs":{"version":"..."}: what every record starts with */
static void head(struct jsonw *j, struct wbuf *w, __u64 real_ns)
{
	jw_begin(j, w);
	jw_key(j, "@timestamp");
	wbuf_ch(w, '"');
	timefmt_rfc3339(w, real_ns);
	wbuf_ch(w, '"');
	jw_obj(j, "ecs");
	jw_raw(j, "version", "\"" PT_ECS_VERSION "\"");
	jw_close(j);
}

/* process.*, user.*, container.*, orchestrator.*: the task's part of the top level */
static void task_top(struct jsonw *j, const struct record *r)
{
	const struct pt_event *e = r->e;
	const struct pt_task *t = &e->task;

	jw_obj(j, "process");
	jw_u64(j, "pid", t->pid);
	jw_obj(j, "thread");
	jw_u64(j, "id", t->tid);
	jw_obj(j, "capabilities");
	jw_caps(j, "effective", e->cred.cap_effective);
	jw_caps(j, "permitted", e->cred.cap_permitted);
	jw_close(j);
	jw_close(j);
	jw_str(j, "name", t->comm, PT_COMM_LEN);
	jw_obj(j, "parent");
	jw_u64(j, "pid", t->ppid);
	jw_close(j);
	jw_close(j);
	jw_obj(j, "user");
	keyword_u32(j, "\"id\":", 5, e->cred.host.euid);
	if (r->host_user)
		jw_cstr(j, "name", r->host_user);
	jw_close(j);
	if (r->ct)
		container_fields(j, r->ct);
}

/* privtrace.{host,ns,caps,pidns,userns,mntns,cgroupns,cgroup,kubernetes,container}: the task's part */
static void task_privtrace(struct jsonw *j, const struct record *r)
{
	const struct pt_event *e = r->e;
	const struct pt_task *t = &e->task;

	creds(j, &e->cred, r->ns_user, false);
	jw_obj(j, "pidns");
	jw_u64(j, "inum", t->pidns_inum);
	jw_u64(j, "pid", t->ns_pid);
	jw_u64(j, "tid", t->ns_tid);
	jw_close(j);
	jw_obj(j, "userns");
	jw_u64(j, "inum", t->userns_inum);
	jw_u64(j, "level", t->userns_level);
	jw_u64(j, "owner_uid", t->userns_owner);
	if (r->map) {
		jw_bool(j, "root_is_host_root", r->map->root_is_host_root);
		jw_obj(j, "map");
		jw_cstr(j, "uid", r->map->uid);
		jw_cstr(j, "gid", r->map->gid);
		jw_close(j);
	}
	jw_close(j);
	jw_obj(j, "mntns");
	jw_u64(j, "inum", t->mntns_inum);
	jw_close(j);
	jw_obj(j, "cgroupns");
	jw_u64(j, "inum", t->cgroupns_inum);
	jw_close(j);
	jw_obj(j, "cgroup");
	jw_u64(j, "id", t->cgroup_id);
	if (r->cgroup_path)
		jw_cstr(j, "path", r->cgroup_path);
	jw_close(j);
	if (r->ct) {
		kubernetes_extras(j, r->ct);
		if (r->ns_match >= 0) {
			jw_obj(j, "container");
			jw_bool(j, "ns_match", r->ns_match);
			jw_close(j);
		}
	}
}

/*
 * A task's records repeat everything but the event's own fields: a flood is
 * one task's. What task_top and task_privtrace made for the last few tasks
 * is kept (per thread) with everything it was made from, and copied when a
 * record's task, credentials and enrichment are all the same, compared by
 * content (the enrich stage's memory is reused: a pointer says nothing).
 */
#define FRAG_SLOTS 16

static __thread struct frag {
	bool used;
	/* made from */
	struct pt_task task;            /* ts_ns cleared */
	struct pt_creds cred;
	bool has_ct, has_map;
	struct container ct;
	struct userns_map map;
	int ns_match;
	char host_user[USER_NAME_LEN + 1], ns_user[USER_NAME_LEN + 1];
	bool has_host_user, has_ns_user;
	/* made: each starts with its comma */
	struct wbuf top, priv;
} frags[FRAG_SLOTS];

/* s as the slot keeps it; false if it is too long to keep (the record is then made afresh). */
static bool keep_str(char *dst, size_t size, bool *has, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	*has = s != NULL;
	if (n >= size)
		return false;
	memcpy(dst, s ? s : "", n + 1);
	return true;
}

static bool same_str(const char *kept, bool has, const char *s)
{
	return has == (s != NULL) && (!s || !strcmp(kept, s));
}

/* What container_fields, kubernetes_extras and cgroup.path read of a container. */
static bool same_ct(const struct container *a, const struct container *b)
{
	return a->runtime == b->runtime && !strcmp(a->id, b->id) && !strcmp(a->pod_uid, b->pod_uid) &&
	       !strcmp(a->cgroup, b->cgroup) && !strcmp(a->meta.name, b->meta.name) &&
	       !strcmp(a->meta.image, b->meta.image) && !strcmp(a->meta.pod_name, b->meta.pod_name) &&
	       !strcmp(a->meta.pod_namespace, b->meta.pod_namespace) &&
	       !strcmp(a->meta.pod_uid, b->meta.pod_uid) &&
	       !strcmp(a->meta.k8s_container, b->meta.k8s_container);
}

/* Everything of pt_task after ts_ns (the one field that changes every event). */
#define TASK_FIXED(t) ((const char *)(t) + sizeof((t)->ts_ns))
#define TASK_FIXED_LEN (sizeof(struct pt_task) - sizeof(((struct pt_task *)0)->ts_ns))

static bool frag_hit(const struct frag *f, const struct record *r)
{
	const struct pt_event *e = r->e;

	return f->used && !memcmp(TASK_FIXED(&f->task), TASK_FIXED(&e->task), TASK_FIXED_LEN) &&
	       !memcmp(&f->cred, &e->cred, sizeof(f->cred)) && f->ns_match == r->ns_match &&
	       f->has_ct == (r->ct != NULL) && (!r->ct || same_ct(&f->ct, r->ct)) &&
	       f->has_map == (r->map != NULL) &&
	       (!r->map || !memcmp(&f->map, r->map, sizeof(f->map))) &&
	       same_str(f->host_user, f->has_host_user, r->host_user) &&
	       same_str(f->ns_user, f->has_ns_user, r->ns_user);
}

/* The task's fragments, made for r now; false if they could not be kept (no memory, a long name). */
static bool frag_make(struct frag *f, const struct record *r)
{
	const struct pt_event *e = r->e;
	struct jsonw j;

	f->used = false;
	f->task = e->task;
	f->task.ts_ns = 0;
	f->cred = e->cred;
	f->ns_match = r->ns_match;
	f->has_ct = r->ct != NULL;
	if (r->ct)
		f->ct = *r->ct;
	f->has_map = r->map != NULL;
	if (r->map)
		f->map = *r->map;
	if (!keep_str(f->host_user, sizeof(f->host_user), &f->has_host_user, r->host_user) ||
	    !keep_str(f->ns_user, sizeof(f->ns_user), &f->has_ns_user, r->ns_user))
		return false;
	wbuf_reset(&f->top);
	jw_continue(&j, &f->top);
	task_top(&j, r);
	wbuf_reset(&f->priv);
	jw_continue(&j, &f->priv);
	task_privtrace(&j, r);
	f->used = !f->top.oom && !f->priv.oom;
	return f->used;
}

static struct frag *frag_for(const struct record *r)
{
	const struct pt_event *e = r->e;
	/* by thread and credentials: a task that changes its ids back and forth keeps both */
	__u64 h = (__u64)e->task.tid * 0x9e3779b97f4a7c15ull ^ e->cred.host.euid ^
		  e->cred.host.fsuid << 7 ^ e->cred.cap_effective;
	struct frag *f = &frags[(h ^ h >> 29) % FRAG_SLOTS];

	if (frag_hit(f, r) || frag_make(f, r))
		return f;
	return NULL;
}

void json_record(struct wbuf *w, const struct record *r)
{
	const struct pt_event *e = r->e;
	const char *sys = syscall_name(e->syscall), *hook = hook_name(e->hook);
	bool owner = e->kind == PT_EV_FILE && (e->flags & PT_F_OWNER);
	struct frag *f = frag_for(r);
	struct jsonw j;
	int i, n;

	head(&j, w, r->real_ns);
	event_fields(&j, r);
	file_fields(&j, e, owner);
	if (f)
		wbuf_put(w, f->top.buf, f->top.len);
	else
		task_top(&j, r);

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
	if (f)
		wbuf_put(w, f->priv.buf, f->priv.len);
	else
		task_privtrace(&j, r);

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
		creds(&j, &e->change.new_cred, NULL, true);
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
		if (e->flags & PT_F_DIR_OWNER) {
			jw_obj(&j, "directory");
			keyword_u32(&j, "\"uid\":", 6, e->file.dir_uid);
			keyword_u32(&j, "\"gid\":", 6, e->file.dir_gid);
			jw_key(&j, "mode");
			wbuf_ch(j.w, '"');
			wbuf_oct(j.w, e->file.dir_mode & 07777, 4);
			wbuf_ch(j.w, '"');
			ns_owner(&j, "\"ns_uid\":", 9, e->file.dir_ns_uid);
			ns_owner(&j, "\"ns_gid\":", 9, e->file.dir_ns_gid);
			jw_close(&j);
		}
		jw_close(&j);
	}
	jw_end(&j);
}

/*
 * The head every metric record shares: "lost", "health", "dropped". No
 * event.category: ECS's categories are what an event is about (host is host
 * inventory), and these are about privtrace itself. seq 0: a record outside
 * the sequence (a sink's own).
 */
static void metric_head(struct jsonw *j, struct wbuf *w, __u64 real_ns, __u64 seq,
			const char *action)
{
	head(j, w, real_ns);
	jw_obj(j, "event");
	jw_word(j, "kind", "metric");
	jw_word(j, "action", action);
	if (seq)
		jw_u64(j, "sequence", seq);
	jw_close(j);
	jw_obj(j, "privtrace");
}

void json_lost(struct wbuf *w, __u64 real_ns, __u64 seq, __u64 lost, __u64 total)
{
	struct jsonw j;

	metric_head(&j, w, real_ns, seq, "lost");
	jw_obj(&j, "lost");
	jw_u64(&j, "events", lost);
	jw_u64(&j, "total", total);
	jw_end(&j);
}

void json_health(struct wbuf *w, const struct health *h)
{
	struct jsonw j;
	int i;

	metric_head(&j, w, h->real_ns, h->seq, "health");
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

	metric_head(&j, w, real_ns, 0, "dropped");
	jw_obj(&j, "dropped");
	jw_cstr(&j, "sink", sink_name);
	jw_u64(&j, "records", n);
	jw_u64(&j, "total", total);
	jw_end(&j);
}
