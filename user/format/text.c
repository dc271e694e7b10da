// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "lib/escape.h"
#include "format/text.h"
#include "lib/linebuf.h"
#include "event/names.h"
#include "lib/timefmt.h"
#include "enrich/user_names.h"

/* TIME PID COMM CONTAINER UID ACTION RESULT; DETAIL is free-form and last. */
#define COLS "%-12s %-7s %-16s %-12s %-13s %-11s %-7s "
#define COMM_COLS 16
#define CONTAINER_COLS 12
#define SHORT_ID 12 /* as `docker ps` shows ids */

/* "ns/host": what the namespace calls the id, and what the host calls it. */
static void id_pair(char *buf, size_t len, __u32 ns, __u32 host)
{
	if (ns == PT_ID_UNMAPPED)
		snprintf(buf, len, "-/%u", host);
	else
		snprintf(buf, len, "%u/%u", ns, host);
}

/* An untrusted string padded to its column; escaping may make it wider, never shorter. */
static void text_col(FILE *out, const char *s, size_t n, size_t cols)
{
	size_t w = escape_text(out, s, n);

	for (; w < cols; w++)
		fputc(' ', out);
	fputc(' ', out);
}

/* The container's name, else its short id; "-" for the host. */
static void container_col(FILE *out, const struct container *ct)
{
	if (!ct)
		text_col(out, "-", 1, CONTAINER_COLS);
	else if (ct->meta.name[0])
		text_col(out, ct->meta.name, sizeof(ct->meta.name), CONTAINER_COLS);
	else
		text_col(out, ct->id, SHORT_ID, CONTAINER_COLS);
}

/* "user appuser/marc": the namespace's name and the host's for the same task. */
static void names_part(FILE *out, const struct record *r)
{
	if (!r->ns_user && !r->host_user)
		return;
	fputs(" user ", out);
	if (r->ns_user)
		escape_text(out, r->ns_user, USER_NAME_LEN);
	else
		fputc('-', out);
	fputc('/', out);
	if (r->host_user)
		escape_text(out, r->host_user, USER_NAME_LEN);
	else
		fputc('-', out);
}

static void path_part(FILE *out, const struct pt_event *e)
{
	if (e->flags & PT_F_PATH_FAULT) {
		fputs(" (path unreadable)", out);
		return;
	}
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
		fprintf(out, " errno=%d", -ret);
}

/* The ids and capability sets a credential change or exec altered, old->new. */
static void changed(FILE *out, const struct pt_creds *o, const struct pt_creds *n)
{
	static const char *const names[8] = { "uid", "euid", "suid", "fsuid",
					      "gid", "egid", "sgid", "fsgid" };
	const __u32 oh[8] = { o->host.uid, o->host.euid, o->host.suid, o->host.fsuid,
			      o->host.gid, o->host.egid, o->host.sgid, o->host.fsgid };
	const __u32 on[8] = { o->ns.uid, o->ns.euid, o->ns.suid, o->ns.fsuid,
			      o->ns.gid, o->ns.egid, o->ns.sgid, o->ns.fsgid };
	const __u32 nh[8] = { n->host.uid, n->host.euid, n->host.suid, n->host.fsuid,
			      n->host.gid, n->host.egid, n->host.sgid, n->host.fsgid };
	const __u32 nn[8] = { n->ns.uid, n->ns.euid, n->ns.suid, n->ns.fsuid,
			      n->ns.gid, n->ns.egid, n->ns.sgid, n->ns.fsgid };
	const char *set[3] = { "eff", "prm", "inh" };
	const __u64 oc[3] = { o->cap_effective, o->cap_permitted, o->cap_inheritable };
	const __u64 nc[3] = { n->cap_effective, n->cap_permitted, n->cap_inheritable };
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
	if (o->ngroups != n->ngroups) {
		fprintf(out, " groups %u->%u", o->ngroups, n->ngroups);
		any = 1;
	}
	for (i = 0; i < 3; i++) {
		if (oc[i] == nc[i])
			continue;
		fprintf(out, " %s 0x%llx->0x%llx", set[i], (unsigned long long)oc[i],
			(unsigned long long)nc[i]);
		any = 1;
	}
	if (!any)
		fputs(" unchanged", out);
}

/* The syscall's name, after "ia32:" or "x32:" when it was made through that ABI. */
static void syscall_part(FILE *out, const struct pt_event *e, const char *none)
{
	const char *sys = syscall_name(e->syscall);

	if (sys && (e->flags & (PT_F_ABI_IA32 | PT_F_ABI_X32)))
		fprintf(out, "%s:", syscall_abi_name(e->flags));
	fputs(sys ? sys : none, out);
}

static void cap_detail(FILE *out, const struct pt_event *e)
{
	const char *name = cap_name(e->cap.cap), *sys = syscall_name(e->syscall);

	if (name)
		fputs(name, out);
	else
		fprintf(out, "cap=%d", e->cap.cap);
	if (e->flags & PT_F_CAP_NOAUDIT)
		fputs(" noaudit", out);
	/* a check against another namespace's resource, e.g. the host's */
	if (e->cap.target_userns_inum != e->task.userns_inum)
		fprintf(out, " target-userns=%u", e->cap.target_userns_inum);
	/* the path last: it is the process's choice, spaces included */
	if ((e->flags & PT_F_IN_SYSCALL) && sys) {
		fputs(" in ", out);
		syscall_part(out, e, "");
		path_part(out, e);
	}
}

/*
 * setresuid(1000,1000,-1) and what changed (capset: the sets), so a
 * refusal still shows what was asked.
 */
static void cred_detail(FILE *out, const struct pt_event *e)
{
	int i, n = cred_nargs(e->syscall);

	syscall_part(out, e, event_action(e));
	if (n)
		fputc('(', out);
	for (i = 0; i < n; i++) {
		__u32 v = (__u32)e->change.args[i];

		/* -1 is "leave unchanged"; any other id may well be above 2^31 */
		if (v == PT_ID_UNMAPPED)
			fprintf(out, "%s-1", i ? "," : "");
		else
			fprintf(out, "%s%u", i ? "," : "", v);
	}
	if (n)
		fputc(')', out);
	changed(out, &e->cred, &e->change.new_cred);
	errno_part(out, e->ret);
}

static void exec_detail(FILE *out, const struct pt_event *e)
{
	syscall_part(out, e, "exec");
	changed(out, &e->cred, &e->change.new_cred);
	if (e->flags & PT_F_SECUREEXEC)
		fputs(" secureexec", out);
	path_part(out, e);
}

static void file_detail(FILE *out, const struct pt_event *e)
{
	char owner[32];

	/* lsm.s/file_open outside a traced syscall (io_uring, exec): still an open */
	syscall_part(out, e, "open");
	path_part(out, e);
	errno_part(out, e->ret);
	if (!(e->flags & PT_F_OWNER))
		return;
	id_pair(owner, sizeof(owner), e->file.owner_ns_uid, e->file.owner_uid);
	/* a flagged open needed no privilege: its reason says what it is */
	fprintf(out, " %s%s%s%s: owner %s mode %04o",
		e->file.access & PT_MAY_READ ? "read" : "",
		(e->file.access & PT_MAY_READ) && (e->file.access & PT_MAY_WRITE) ? "+" : "",
		e->file.access & PT_MAY_WRITE ? "write" : "",
		e->flags & PT_F_HOST_ROOT_FILE ? "" : " by privilege", owner, e->file.mode & 07777);
}

static void write_event(FILE *out, const void *arg)
{
	const struct record *r = arg;
	const struct pt_event *e = r->e;
	char when[TIMEFMT_LEN], uid[32];
	int ok = event_success(e);

	timefmt_clock(when, sizeof(when), r->real_ns);
	id_pair(uid, sizeof(uid), e->cred.ns.euid, e->cred.host.euid);
	fprintf(out, "%-12s %-7u ", when, e->task.pid);
	text_col(out, e->task.comm, PT_COMM_LEN, COMM_COLS);
	container_col(out, r->ct);
	fprintf(out, "%-13s %-11s %-7s ", uid, event_action(e),
		ok ? "ok" : (e->kind == PT_EV_CRED ? "FAILED" : "DENIED"));
	/* a repeat record: that many more of the event reported before, since then */
	if (e->repeat) {
		char since[TIMEFMT_LEN];

		timefmt_clock(since, sizeof(since), r->first_real_ns);
		fprintf(out, "%u more since %s: ", e->repeat, since);
	}

	switch (e->kind) {
	case PT_EV_CAP:
		cap_detail(out, e);
		break;
	case PT_EV_CRED:
		cred_detail(out, e);
		break;
	case PT_EV_EXEC:
		exec_detail(out, e);
		break;
	case PT_EV_FILE:
		file_detail(out, e);
		break;
	}
	names_part(out, r);
	if (r->why.code) {
		fputs(" -- ", out);
		escape_text(out, r->why.text, sizeof(r->why.text));
	}
	fputc('\n', out);
}

void text_header(FILE *out)
{
	fprintf(out, COLS "%s\n", "TIME", "PID", "COMM", "CONTAINER", "UID", "ACTION", "RESULT",
		"DETAIL");
}

static struct linebuf event_buf;

/* One fwrite per line, as json_event does (user/lib/linebuf.h). */
void text_event(FILE *out, const struct record *r)
{
	linebuf_write(&event_buf, out, write_event, r);
}

const char *text_line(const struct record *r, size_t *len)
{
	return linebuf_format(&event_buf, write_event, r, len);
}

void text_lost(FILE *out, __u64 real_ns, __u64 lost, __u64 total)
{
	char when[TIMEFMT_LEN];

	timefmt_clock(when, sizeof(when), real_ns);
	fprintf(out, "%-12s LOST %llu events (ring buffer full; %llu since start)\n", when,
		(unsigned long long)lost, (unsigned long long)total);
}

void text_health(FILE *out, const struct health *h)
{
	char when[TIMEFMT_LEN];

	timefmt_clock(when, sizeof(when), h->real_ns);
	fprintf(out, "%-12s HEALTH %llu events, %llu written, %llu filtered, %llu lost, ", when,
		h->events, h->emitted, h->filtered, h->lost);
	if (h->untracked)
		fprintf(out, "%llu untracked, ", h->untracked);
	if (h->coalesced)
		fprintf(out, "%llu coalesced, ", h->coalesced);
	fprintf(out, "%llu dropped by sinks\n", h->dropped);
}
