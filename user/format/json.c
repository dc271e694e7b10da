// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Nested objects, names from ECS where it has them. Every field has one type
 * forever; a field that does not apply, or that we could only invent, is
 * left out (docs/schema.md).
 */
#include <string.h>

#include "lib/escape.h"
#include "format/json.h"
#include "lib/linebuf.h"
#include "event/names.h"
#include "lib/timefmt.h"

/* A string field, escaped: names come from containers and runtimes, not from us. */
static void str_field(FILE *out, const char *key, const char *val, const char *sep)
{
	fprintf(out, "%s\"%s\":", sep, key);
	escape_json(out, val, strlen(val));
}

/* An id as the namespace sees it: null when it has no mapping there. */
static void ns_id(FILE *out, const char *key, __u32 id, const char *sep)
{
	if (id == PT_ID_UNMAPPED)
		fprintf(out, "\"%s\":null%s", key, sep);
	else
		fprintf(out, "\"%s\":%u%s", key, id, sep);
}

static void ids(FILE *out, const char *key, const struct pt_ids *v, int ns_view,
		const char *user_name)
{
	static const char *const names[8] = { "uid", "euid", "suid", "fsuid",
					      "gid", "egid", "sgid", "fsgid" };
	const __u32 vals[8] = { v->uid, v->euid, v->suid, v->fsuid,
				v->gid, v->egid, v->sgid, v->fsgid };
	int i;

	fprintf(out, "\"%s\":{", key);
	for (i = 0; i < 8; i++) {
		const char *sep = i < 7 ? "," : "";

		if (ns_view)
			ns_id(out, names[i], vals[i], sep);
		else
			fprintf(out, "\"%s\":%u%s", names[i], vals[i], sep);
	}
	if (user_name)
		str_field(out, "user_name", user_name, ",");
	fputc('}', out);
}

/* ns_user: the namespace's own name for the ns euid, inside privtrace.ns */
static void creds(FILE *out, const struct pt_creds *c, const char *ns_user)
{
	ids(out, "host", &c->host, 0, NULL);
	fputc(',', out);
	ids(out, "ns", &c->ns, 1, ns_user);
	fprintf(out, ",\"caps\":{\"effective\":\"0x%016llx\",\"permitted\":\"0x%016llx\","
		     "\"inheritable\":\"0x%016llx\"}",
		(unsigned long long)c->cap_effective, (unsigned long long)c->cap_permitted,
		(unsigned long long)c->cap_inheritable);
}

static void event_fields(FILE *out, const struct record *r, int ok)
{
	const struct pt_event *e = r->e;
	const char *action = event_action(e);
	const char *category, *type;

	switch (e->kind) {
	case PT_EV_CAP:
		category = "\"process\"";
		/* ECS allows "allowed"/"denied" for neither category: event.outcome says it */
		type = "\"access\"";
		break;
	case PT_EV_EXEC:
		category = "\"process\"";
		type = "\"start\",\"change\"";
		break;
	case PT_EV_FILE:
		category = "\"file\"";
		type = "\"access\"";
		break;
	default:
		category = "\"iam\"";
		if (!strcmp(action, "capset"))
			type = "\"change\"";
		else if (!strncmp(action, "setg", 4)) /* setgid, setgroups */
			type = "\"change\",\"group\"";
		else
			type = "\"change\",\"user\"";
	}
	fprintf(out, "\"event\":{\"kind\":\"event\",\"category\":[%s],\"type\":[%s],"
		     "\"action\":\"%s\",\"outcome\":\"%s\"",
		category, type, action, ok ? "success" : "failure");
	/* a repeat record: the events it stands for happened from start to end */
	if (e->repeat) {
		char ts[TIMEFMT_LEN];

		timefmt_rfc3339(ts, sizeof(ts), r->first_real_ns);
		fprintf(out, ",\"start\":\"%s\"", ts);
		timefmt_rfc3339(ts, sizeof(ts), r->real_ns);
		fprintf(out, ",\"end\":\"%s\"", ts);
	}
	/* our own phrase (user/event/explain.c: fixed words and capability names): nothing to escape */
	if (r->why.code) {
		fputs(",\"reason\":\"", out);
		fputs(r->why.text, out);
		fputc('"', out);
	}
	fputc('}', out);
}

/* container.*, and orchestrator.* / kubernetes.* where the runtime said. */
static void container_fields(FILE *out, const struct container *ct)
{
	const struct ct_meta *m = &ct->meta;
	const char *pod_uid = m->pod_uid[0] ? m->pod_uid : ct->pod_uid;

	str_field(out, "id", ct->id, ",\"container\":{");
	if (m->name[0])
		str_field(out, "name", m->name, ",");
	if (m->image[0]) {
		str_field(out, "name", m->image, ",\"image\":{");
		fputc('}', out);
	}
	fprintf(out, ",\"runtime\":\"%s\"}", ct_runtime_name(ct->runtime));
	if (!m->pod_name[0] && !pod_uid[0])
		return;
	/* ECS orchestrator.*, and the kubernetes.* names Beats and OpenSearch use */
	fputs(",\"orchestrator\":{\"type\":\"kubernetes\"", out);
	if (m->pod_namespace[0])
		str_field(out, "namespace", m->pod_namespace, ",");
	if (m->pod_name[0]) {
		str_field(out, "name", m->pod_name, ",\"resource\":{\"type\":\"pod\",");
		fputc('}', out);
	}
	fputs("},\"kubernetes\":{\"pod\":{", out);
	if (m->pod_name[0])
		str_field(out, "name", m->pod_name, "");
	if (pod_uid[0])
		str_field(out, "uid", pod_uid, m->pod_name[0] ? "," : "");
	fputc('}', out);
	if (m->pod_namespace[0])
		str_field(out, "namespace", m->pod_namespace, ",");
	if (m->k8s_container[0]) {
		str_field(out, "name", m->k8s_container, ",\"container\":{");
		fputc('}', out);
	}
	fputc('}', out);
}

/* Top-level file.*: the path as passed, and for lsm.s/file_open the owner and mode. */
static void file_fields(FILE *out, const struct pt_event *e, int lsm_open)
{
	if (!e->path_len && !lsm_open)
		return;
	fputs(",\"file\":{", out);
	if (e->path_len) {
		fputs("\"path\":", out);
		escape_json(out, e->path, e->path_len < PT_PATH_LEN ? e->path_len : PT_PATH_LEN);
	}
	/* ECS types these as keywords: the owner ids and the octal mode */
	if (lsm_open)
		fprintf(out, "%s\"uid\":\"%u\",\"gid\":\"%u\",\"mode\":\"%04o\"",
			e->path_len ? "," : "", e->file.owner_uid, e->file.owner_gid,
			e->file.mode & 07777);
	fputc('}', out);
}

static void capability_fields(FILE *out, const struct pt_event *e)
{
	const char *name = cap_name(e->cap.cap);

	fputs(",\"capability\":{", out);
	if (name) /* a number newer than this build: id alone, no invented name */
		fprintf(out, "\"name\":\"%s\",", name);
	fprintf(out, "\"id\":%d,\"target_userns\":{\"inum\":%u,\"level\":%u}", e->cap.cap,
		e->cap.target_userns_inum, e->cap.target_userns_level);
	/*
	 * Granted checks only (docs/schema.md): tp_btf/cap_capable also passes
	 * the namespace the walk stopped at when it refused, which is no
	 * namespace the capability was found in.
	 */
	if (e->ret == 0 && e->cap.capable_userns_inum)
		fprintf(out, ",\"capable_userns\":{\"inum\":%u}", e->cap.capable_userns_inum);
	/* only fexit/security_capable sees the options, so only it can say false */
	if (e->hook == PT_HOOK_FEXIT_SECURITY_CAPABLE)
		fprintf(out, ",\"noaudit\":%s", e->flags & PT_F_CAP_NOAUDIT ? "true" : "false");
	fputc('}', out);
}

static void write_event(FILE *out, const void *arg)
{
	const struct record *r = arg;
	const struct pt_event *e = r->e;
	const struct pt_task *t = &e->task;
	const char *sys = syscall_name(e->syscall), *hook = hook_name(e->hook);
	int ok = event_success(e), i, n;
	int lsm_open = e->kind == PT_EV_FILE && (e->flags & PT_F_OWNER);
	char ts[TIMEFMT_LEN];

	timefmt_rfc3339(ts, sizeof(ts), r->real_ns);
	fprintf(out, "{\"@timestamp\":\"%s\",", ts);
	event_fields(out, r, ok);
	fprintf(out, ",\"process\":{\"pid\":%u,\"thread\":{\"id\":%u},\"name\":", t->pid, t->tid);
	escape_json(out, t->comm, PT_COMM_LEN);
	fprintf(out, ",\"parent\":{\"pid\":%u}},\"user\":{\"id\":\"%u\"", t->ppid,
		e->cred.host.euid);
	if (r->host_user)
		str_field(out, "name", r->host_user, ",");
	fputc('}', out);
	file_fields(out, e, lsm_open);
	if (r->ct)
		container_fields(out, r->ct);

	fputs(",\"privtrace\":{", out);
	if (sys)
		fprintf(out, "\"syscall\":\"%s\",\"syscall_abi\":\"%s\",\"syscall_nr\":%u,", sys,
			syscall_abi_name(e->flags), e->sys_nr);
	if (hook)
		fprintf(out, "\"hook\":\"%s\",", hook);
	if (r->why.code)
		fprintf(out, "\"reason\":\"%s\",", reason_code(r->why.code));
	if (r->ct && r->ns_match >= 0)
		fprintf(out, "\"container\":{\"ns_match\":%s},", r->ns_match ? "true" : "false");
	if (e->repeat)
		fprintf(out, "\"repeat\":{\"count\":%u},", e->repeat);
	fprintf(out, "\"ret\":%d,", e->ret);
	/* an exec is reported only when it happened: its ret is no errno */
	if (e->ret < 0 && e->kind != PT_EV_EXEC) {
		const char *err = errno_name(-e->ret);

		if (err) /* unknown: privtrace.ret has the number */
			fprintf(out, "\"errno\":\"%s\",", err);
	}
	if (e->flags & PT_F_PATH_TRUNC)
		fputs("\"path_truncated\":true,", out);
	/* the path was asked for but could not be read: say so, not just leave it out */
	if (e->flags & PT_F_PATH_FAULT)
		fputs("\"path_unreadable\":true,", out);
	creds(out, &e->cred, r->ns_user);
	fprintf(out, ",\"pidns\":{\"inum\":%u,\"pid\":%u,\"tid\":%u}", t->pidns_inum, t->ns_pid,
		t->ns_tid);
	fprintf(out, ",\"userns\":{\"inum\":%u,\"level\":%u,\"owner_uid\":%u", t->userns_inum,
		t->userns_level, t->userns_owner);
	if (r->map) {
		fprintf(out, ",\"root_is_host_root\":%s",
			r->map->root_is_host_root ? "true" : "false");
		str_field(out, "uid", r->map->uid, ",\"map\":{");
		str_field(out, "gid", r->map->gid, ",");
		fputc('}', out);
	}
	fprintf(out, "},\"mntns\":{\"inum\":%u},\"cgroupns\":{\"inum\":%u},\"cgroup\":{\"id\":%llu",
		t->mntns_inum, t->cgroupns_inum, (unsigned long long)t->cgroup_id);
	if (r->cgroup_path)
		str_field(out, "path", r->cgroup_path, ",");
	fputc('}', out);

	if (e->kind == PT_EV_CAP)
		capability_fields(out, e);
	if (e->kind == PT_EV_CRED) {
		n = cred_nargs(e->syscall);
		if (n) {
			/* uid_t as the kernel takes it: -1 ("unchanged") is 4294967295 */
			fputs(",\"args\":[", out);
			for (i = 0; i < n; i++)
				fprintf(out, "%s%u", i ? "," : "", (__u32)e->change.args[i]);
			fputc(']', out);
		}
	}
	if (e->kind == PT_EV_CRED || e->kind == PT_EV_EXEC) {
		fputs(",\"new\":{", out);
		creds(out, &e->change.new_cred, NULL);
		fputc('}', out);
	}
	if (e->kind == PT_EV_EXEC)
		fprintf(out, ",\"secureexec\":%s", e->flags & PT_F_SECUREEXEC ? "true" : "false");
	if (lsm_open) {
		fputs(",\"file\":{", out);
		ns_id(out, "owner_ns_uid", e->file.owner_ns_uid, ",");
		ns_id(out, "owner_ns_gid", e->file.owner_ns_gid, ",");
		fprintf(out, "\"access\":[%s%s%s]}",
			e->file.access & PT_MAY_READ ? "\"read\"" : "",
			(e->file.access & PT_MAY_READ) && (e->file.access & PT_MAY_WRITE) ? "," : "",
			e->file.access & PT_MAY_WRITE ? "\"write\"" : "");
	}
	fputs("}}\n", out);
}

static struct linebuf event_buf, metric_buf;

/* Built in memory, then one fwrite (user/lib/linebuf.h). */
void json_event(FILE *out, const struct record *r)
{
	linebuf_write(&event_buf, out, write_event, r);
}

const char *json_line(const struct record *r, size_t *len)
{
	return linebuf_format(&event_buf, write_event, r, len);
}

/* The head every metric record shares: "lost", "health". */
static void metric_head(FILE *out, __u64 real_ns, const char *action)
{
	char ts[TIMEFMT_LEN];

	timefmt_rfc3339(ts, sizeof(ts), real_ns);
	fprintf(out, "{\"@timestamp\":\"%s\",\"event\":{\"kind\":\"metric\",\"category\":[\"host\"],"
		     "\"type\":[\"info\"],\"action\":\"%s\"},", ts, action);
}

struct lost_arg {
	__u64 real_ns, lost, total;
};

static void write_lost(FILE *out, const void *arg)
{
	const struct lost_arg *l = arg;

	metric_head(out, l->real_ns, "lost");
	fprintf(out, "\"privtrace\":{\"lost\":{\"events\":%llu,\"total\":%llu}}}\n",
		(unsigned long long)l->lost, (unsigned long long)l->total);
}

void json_lost(FILE *out, __u64 real_ns, __u64 lost, __u64 total)
{
	struct lost_arg l = { real_ns, lost, total };

	linebuf_write(&metric_buf, out, write_lost, &l);
}

const char *json_lost_line(__u64 real_ns, __u64 lost, __u64 total, size_t *len)
{
	struct lost_arg l = { real_ns, lost, total };

	return linebuf_format(&metric_buf, write_lost, &l, len);
}

static void write_health(FILE *out, const void *arg)
{
	const struct health *h = arg;
	int i;

	metric_head(out, h->real_ns, "health");
	fprintf(out, "\"privtrace\":{\"health\":{\"events\":%llu,\"emitted\":%llu,\"filtered\":%llu,"
		     "\"lost\":%llu,\"untracked\":%llu,\"coalesced\":%llu,\"dropped\":%llu,\"sinks\":[",
		h->events, h->emitted, h->filtered, h->lost, h->untracked, h->coalesced, h->dropped);
	for (i = 0; i < h->n_sinks; i++) {
		const struct health_sink *st = &h->sinks[i];

		str_field(out, "name", st->name, i ? ",{" : "{");
		fprintf(out, ",\"written\":%llu,\"dropped\":%llu,\"queued\":%llu,\"up\":%s}",
			st->written, st->dropped, st->queued, st->up ? "true" : "false");
	}
	fputs("]}}}\n", out);
}

const char *json_health_line(const struct health *h, size_t *len)
{
	return linebuf_format(&metric_buf, write_health, h, len);
}
