// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Nested objects, names from ECS where it has them. Every field has one type
 * forever; a field that does not apply is left out (docs/schema.md).
 */
#include <time.h>

#include "escape.h"
#include "format_json.h"
#include "names.h"

void json_timestamp(char *buf, size_t len, __u64 real_ns)
{
	time_t sec = real_ns / 1000000000ULL;
	struct tm tm;
	size_t n;

	gmtime_r(&sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09lluZ", (unsigned long long)(real_ns % 1000000000ULL));
}

/* An id as the namespace sees it: null when it has no mapping there. */
static void ns_id(FILE *out, const char *key, __u32 id, const char *sep)
{
	if (id == PT_ID_UNMAPPED)
		fprintf(out, "\"%s\":null%s", key, sep);
	else
		fprintf(out, "\"%s\":%u%s", key, id, sep);
}

static void ids(FILE *out, const char *key, const struct pt_ids *v, int ns_view)
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
	fputc('}', out);
}

static void caps(FILE *out, const struct pt_creds *c)
{
	fprintf(out, "\"caps\":{\"effective\":\"0x%016llx\",\"permitted\":\"0x%016llx\","
		     "\"inheritable\":\"0x%016llx\"}",
		(unsigned long long)c->cap_effective, (unsigned long long)c->cap_permitted,
		(unsigned long long)c->cap_inheritable);
}

static void creds(FILE *out, const struct pt_creds *c)
{
	ids(out, "host", &c->host, 0);
	fputc(',', out);
	ids(out, "ns", &c->ns, 1);
	fputc(',', out);
	caps(out, c);
}

/* How many of args[] a credential syscall takes as ids. */
static int id_args(__u32 sys)
{
	switch (sys) {
	case PT_SYS_setreuid:
	case PT_SYS_setregid:
		return 2;
	case PT_SYS_setresuid:
	case PT_SYS_setresgid:
		return 3;
	case PT_SYS_capset:
		return 0;
	default:
		return 1;
	}
}

static void event_fields(FILE *out, const struct pt_event *e, int ok)
{
	const char *action = event_action(e);
	const char *category, *type;

	switch (e->kind) {
	case PT_EV_CAP:
		category = "\"process\"";
		type = ok ? "\"access\",\"allowed\"" : "\"access\",\"denied\"";
		break;
	case PT_EV_EXEC:
		category = "\"process\"";
		type = "\"start\",\"change\"";
		break;
	case PT_EV_FILE:
		category = "\"file\"";
		type = ok ? "\"access\",\"allowed\"" : "\"access\",\"denied\"";
		break;
	default:
		category = "\"iam\"";
		if (e->syscall == PT_SYS_capset)
			type = "\"change\"";
		else if (action[3] == 'g') /* setgid, setgroups */
			type = "\"change\",\"group\"";
		else
			type = "\"change\",\"user\"";
	}
	fprintf(out, "\"event\":{\"kind\":\"event\",\"category\":[%s],\"type\":[%s],"
		     "\"action\":\"%s\",\"outcome\":\"%s\"}",
		category, type, action, ok ? "success" : "failure");
}

void json_event(FILE *out, const struct pt_event *e, __u64 real_ns)
{
	const struct pt_task *t = &e->task;
	const char *sys = syscall_name(e->syscall);
	char ts[40];
	int ok = event_success(e), i, n;

	json_timestamp(ts, sizeof(ts), real_ns);
	fprintf(out, "{\"@timestamp\":\"%s\",", ts);
	event_fields(out, e, ok);
	fprintf(out, ",\"process\":{\"pid\":%u,\"thread\":{\"id\":%u},\"name\":", t->pid, t->tid);
	escape_json(out, t->comm, sizeof(t->comm));
	fprintf(out, ",\"parent\":{\"pid\":%u}},\"user\":{\"id\":\"%u\"}", t->ppid,
		e->cred.host.euid);
	if (e->path_len || e->hook == PT_HOOK_LSM_FILE_OPEN) {
		fputs(",\"file\":{", out);
		if (e->path_len) {
			fputs("\"path\":", out);
			escape_json(out, e->path, e->path_len < PT_PATH_LEN ? e->path_len : PT_PATH_LEN);
		}
		/* ECS types these as keywords: the owner ids and the octal mode */
		if (e->hook == PT_HOOK_LSM_FILE_OPEN)
			fprintf(out, "%s\"uid\":\"%u\",\"gid\":\"%u\",\"mode\":\"%04o\"",
				e->path_len ? "," : "", e->file.owner_uid, e->file.owner_gid,
				e->file.mode & 07777);
		fputc('}', out);
	}

	fputs(",\"privtrace\":{", out);
	if (sys)
		fprintf(out, "\"syscall\":\"%s\",", sys);
	if (hook_name(e->hook))
		fprintf(out, "\"hook\":\"%s\",", hook_name(e->hook));
	fprintf(out, "\"ret\":%d,", e->ret);
	if (e->ret < 0) {
		const char *err = errno_name(-e->ret);

		if (err)
			fprintf(out, "\"errno\":\"%s\",", err);
		else
			fprintf(out, "\"errno\":\"E%d\",", -e->ret);
	}
	if (e->flags & PT_F_PATH_TRUNC)
		fputs("\"path_truncated\":true,", out);
	creds(out, &e->cred);
	fprintf(out, ",\"pidns\":{\"inum\":%u,\"pid\":%u,\"tid\":%u}", t->pidns_inum, t->ns_pid,
		t->ns_tid);
	fprintf(out, ",\"userns\":{\"inum\":%u,\"level\":%u,\"owner_uid\":%u}", t->userns_inum,
		t->userns_level, t->userns_owner);
	fprintf(out, ",\"mntns\":{\"inum\":%u},\"cgroupns\":{\"inum\":%u},\"cgroup\":{\"id\":%llu}",
		t->mntns_inum, t->cgroupns_inum, (unsigned long long)t->cgroup_id);

	if (e->kind == PT_EV_CAP) {
		const char *name = cap_name(e->cap.cap);

		fputs(",\"capability\":{\"name\":", out);
		if (name)
			fprintf(out, "\"%s\"", name);
		else
			fprintf(out, "\"CAP_%d\"", e->cap.cap);
		fprintf(out, ",\"id\":%d,\"target_userns\":{\"inum\":%u,\"level\":%u}", e->cap.cap,
			e->cap.target_userns_inum, e->cap.target_userns_level);
		if (e->cap.capable_userns_inum)
			fprintf(out, ",\"capable_userns\":{\"inum\":%u}", e->cap.capable_userns_inum);
		if (e->hook == PT_HOOK_FEXIT_SECURITY_CAPABLE)
			fprintf(out, ",\"noaudit\":%s", e->flags & PT_F_CAP_NOAUDIT ? "true" : "false");
		fputc('}', out);
	}
	if (e->kind == PT_EV_CRED) {
		n = id_args(e->syscall);
		if (n) {
			fputs(",\"args\":[", out);
			for (i = 0; i < n; i++)
				fprintf(out, "%s%lld", i ? "," : "", (long long)e->change.args[i]);
			fputc(']', out);
		}
	}
	if (e->kind == PT_EV_CRED || e->kind == PT_EV_EXEC) {
		fputs(",\"new\":{", out);
		creds(out, &e->change.new_cred);
		fputc('}', out);
	}
	if (e->kind == PT_EV_EXEC)
		fprintf(out, ",\"secureexec\":%s", e->flags & PT_F_SECUREEXEC ? "true" : "false");
	if (e->hook == PT_HOOK_LSM_FILE_OPEN) {
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

void json_lost(FILE *out, __u64 real_ns, __u64 lost, __u64 total)
{
	char ts[40];

	json_timestamp(ts, sizeof(ts), real_ns);
	fprintf(out, "{\"@timestamp\":\"%s\",\"event\":{\"kind\":\"metric\",\"category\":[\"host\"],"
		     "\"type\":[\"info\"],\"action\":\"lost\"},"
		     "\"privtrace\":{\"lost\":{\"events\":%llu,\"total\":%llu}}}\n",
		ts, (unsigned long long)lost, (unsigned long long)total);
}
