// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <time.h>

#include "escape.h"
#include "format_text.h"
#include "names.h"

#define COLS "%-12s %-7s %-16s %-13s %-11s %-7s "

static void clock_col(char *buf, size_t len, __u64 real_ns)
{
	time_t sec = real_ns / 1000000000ULL;
	struct tm tm;
	size_t n;

	localtime_r(&sec, &tm);
	n = strftime(buf, len, "%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03u", (unsigned int)(real_ns % 1000000000ULL / 1000000));
}

/* "ns/host": what the namespace calls the id, and what the host calls it. */
static void id_pair(char *buf, size_t len, __u32 ns, __u32 host)
{
	if (ns == PT_ID_UNMAPPED)
		snprintf(buf, len, "-/%u", host);
	else
		snprintf(buf, len, "%u/%u", ns, host);
}

/* comm padded to 16 columns; escaping may make it wider, never shorter. */
static void comm_col(FILE *out, const char *comm)
{
	size_t w = escape_text(out, comm, PT_COMM_LEN);

	for (; w < 16; w++)
		fputc(' ', out);
	fputc(' ', out);
}

static void path_part(FILE *out, const struct pt_event *e)
{
	if (!e->path_len)
		return;
	fputc(' ', out);
	escape_text(out, e->path, e->path_len < PT_PATH_LEN ? e->path_len : PT_PATH_LEN);
	if (e->flags & PT_F_PATH_TRUNC)
		fputs("...", out);
}

static void errno_part(FILE *out, int ret)
{
	const char *name = errno_name(-ret);

	if (ret >= 0)
		return;
	if (name)
		fprintf(out, " %s", name);
	else
		fprintf(out, " E%d", -ret);
}

/* The ids a credential change or exec altered, as old->new in ns/host form. */
static void changed_ids(FILE *out, const struct pt_creds *o, const struct pt_creds *n)
{
	static const char *const names[8] = { "uid", "euid", "suid", "fsuid",
					      "gid", "egid", "sgid", "fsgid" };
	const __u32 *oh = &o->host.uid, *on = &o->ns.uid, *nh = &n->host.uid, *nn = &n->ns.uid;
	char a[32], b[32];
	int i, any = 0;

	for (i = 0; i < 8; i++) {
		if (oh[i] == nh[i] && on[i] == nn[i])
			continue;
		id_pair(a, sizeof(a), on[i], oh[i]);
		id_pair(b, sizeof(b), nn[i], nh[i]);
		fprintf(out, " %s %s->%s", names[i], a, b);
		any = 1;
	}
	if (o->cap_effective != n->cap_effective || o->cap_permitted != n->cap_permitted) {
		fprintf(out, " caps eff 0x%llx->0x%llx prm 0x%llx->0x%llx",
			(unsigned long long)o->cap_effective, (unsigned long long)n->cap_effective,
			(unsigned long long)o->cap_permitted, (unsigned long long)n->cap_permitted);
		any = 1;
	}
	if (!any)
		fputs(" unchanged", out);
}

static void cred_detail(FILE *out, const struct pt_event *e)
{
	const char *sys = syscall_name(e->syscall);
	int i, n = e->syscall == PT_SYS_capset ? 0 :
		   (e->syscall == PT_SYS_setresuid || e->syscall == PT_SYS_setresgid) ? 3 :
		   (e->syscall == PT_SYS_setreuid || e->syscall == PT_SYS_setregid) ? 2 : 1;

	fprintf(out, "%s(", sys ? sys : "?");
	for (i = 0; i < n; i++)
		fprintf(out, "%s%d", i ? "," : "", (int)e->change.args[i]);
	fputc(')', out);
	changed_ids(out, &e->cred, &e->change.new_cred);
	errno_part(out, e->ret);
}

void text_header(FILE *out)
{
	fprintf(out, COLS "%s\n", "TIME", "PID", "COMM", "UID(ns/host)", "ACTION", "RESULT",
		"DETAIL");
}

void text_event(FILE *out, const struct pt_event *e, __u64 real_ns)
{
	char when[32], uid[32];
	const char *sys = syscall_name(e->syscall);
	const char *name;
	int ok = event_success(e);

	clock_col(when, sizeof(when), real_ns);
	id_pair(uid, sizeof(uid), e->cred.ns.euid, e->cred.host.euid);
	fprintf(out, "%-12s %-7u ", when, e->task.pid);
	comm_col(out, e->task.comm);
	fprintf(out, "%-13s %-11s %-7s ", uid, event_action(e),
		ok ? "ok" : (e->kind == PT_EV_CRED ? "FAILED" : "DENIED"));

	switch (e->kind) {
	case PT_EV_CAP:
		name = cap_name(e->cap.cap);
		if (name)
			fputs(name, out);
		else
			fprintf(out, "CAP_%d", e->cap.cap);
		if (e->cap.target_userns_inum != e->task.userns_inum)
			fprintf(out, " target-userns=%u", e->cap.target_userns_inum);
		if ((e->flags & PT_F_IN_SYSCALL) && sys) {
			fprintf(out, " in %s", sys);
			path_part(out, e);
		}
		break;
	case PT_EV_CRED:
		cred_detail(out, e);
		break;
	case PT_EV_EXEC:
		fputs("exec", out);
		path_part(out, e);
		changed_ids(out, &e->cred, &e->change.new_cred);
		if (e->flags & PT_F_SECUREEXEC)
			fputs(" secureexec", out);
		break;
	case PT_EV_FILE:
		fputs(sys ? sys : "open", out);
		path_part(out, e);
		errno_part(out, e->ret);
		if (e->hook == PT_HOOK_LSM_FILE_OPEN) {
			char owner[32];

			id_pair(owner, sizeof(owner), e->file.owner_ns_uid, e->file.owner_uid);
			fprintf(out, " %s%s%s by privilege: owner %s mode %04o",
				e->file.access & PT_MAY_READ ? "read" : "",
				e->file.access == (PT_MAY_READ | PT_MAY_WRITE) ? "+" : "",
				e->file.access & PT_MAY_WRITE ? "write" : "", owner,
				e->file.mode & 07777);
		}
		break;
	}
	fputc('\n', out);
}

void text_lost(FILE *out, __u64 real_ns, __u64 lost, __u64 total)
{
	char when[32];

	clock_col(when, sizeof(when), real_ns);
	fprintf(out, "%-12s LOST %llu events (ring buffer full; %llu since start)\n", when,
		(unsigned long long)lost, (unsigned long long)total);
}
