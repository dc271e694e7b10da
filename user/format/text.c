// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The table, written into the caller's buffer (lib/wbuf.h): no stdio. */
#include "format/text.h"
#include "enrich/user_names.h"
#include "event/names.h"
#include "lib/escape.h"
#include "lib/timefmt.h"

/* TIME PID COMM CONTAINER UID ACTION RESULT; DETAIL is free-form and last. */
#define TIME_COLS 12
#define PID_COLS 7
#define COMM_COLS 16
#define CONTAINER_COLS 12
#define UID_COLS 13
#define ACTION_COLS 11
#define RESULT_COLS 7
#define SHORT_ID 12 /* as `docker ps` shows ids */

static void pad(struct wbuf *w, size_t written, size_t cols)
{
	static const char spaces[] = "                                ";

	if (written < cols)
		wbuf_put(w, spaces, cols - written < sizeof(spaces) - 1 ? cols - written :
									  sizeof(spaces) - 1);
	wbuf_ch(w, ' ');
}

/* What was written into w since mark, padded to cols, then a space. */
static void col_end(struct wbuf *w, size_t mark, size_t cols)
{
	pad(w, w->len - mark, cols);
}

/* "ns/host": what the namespace calls the id, and what the host calls it. */
static void id_pair(struct wbuf *w, __u32 ns, __u32 host)
{
	if (ns == PT_ID_UNMAPPED)
		wbuf_ch(w, '-');
	else
		wbuf_u64(w, ns);
	wbuf_ch(w, '/');
	wbuf_u64(w, host);
}

/* An untrusted string padded to its column; escaping may make it wider, never shorter. */
static void text_col(struct wbuf *w, const char *s, size_t n, size_t cols)
{
	pad(w, escape_text(w, s, n), cols);
}

/* The container's name, else its short id; "-" for the host. */
static void container_col(struct wbuf *w, const struct container *ct)
{
	if (!ct)
		text_col(w, "-", 1, CONTAINER_COLS);
	else if (ct->meta.name[0])
		text_col(w, ct->meta.name, sizeof(ct->meta.name), CONTAINER_COLS);
	else
		text_col(w, ct->id, SHORT_ID, CONTAINER_COLS);
}

/*
 * "user ns:appuser host:marc": the name the task's own /etc/passwd gives its
 * uid, and the host's; a side without a name is left out.
 */
static void names_part(struct wbuf *w, const struct record *r)
{
	if (!r->ns_user && !r->host_user)
		return;
	wbuf_lit(w, " user");
	if (r->ns_user) {
		wbuf_lit(w, " ns:");
		escape_text_word(w, r->ns_user, USER_NAME_LEN);
	}
	if (r->host_user) {
		wbuf_lit(w, " host:");
		escape_text_word(w, r->host_user, USER_NAME_LEN);
	}
}

static void path_part(struct wbuf *w, const struct pt_event *e)
{
	if (e->flags & PT_F_PATH_FAULT) {
		wbuf_lit(w, " (path unreadable)");
		return;
	}
	if (!e->path_len)
		return;
	wbuf_ch(w, ' ');
	escape_text(w, e->path, e->path_len < PT_PATH_LEN ? e->path_len : PT_PATH_LEN);
	if (e->flags & PT_F_PATH_TRUNC)
		wbuf_lit(w, "...");
}

static void errno_part(struct wbuf *w, int ret)
{
	const char *name = errno_name(-(__s64)ret);

	if (ret >= 0)
		return;
	if (name) {
		wbuf_ch(w, ' ');
		wbuf_str(w, name);
	} else {
		wbuf_lit(w, " errno=");
		wbuf_u64(w, -(__s64)ret);
	}
}

/* The ids and capability sets a credential change or exec altered, old->new. */
static void changed(struct wbuf *w, const struct pt_creds *o, const struct pt_creds *n)
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
	static const char *const set[3] = { "eff", "prm", "inh" };
	const __u64 oc[3] = { o->cap_effective, o->cap_permitted, o->cap_inheritable };
	const __u64 nc[3] = { n->cap_effective, n->cap_permitted, n->cap_inheritable };
	bool any = false;
	int i;

	for (i = 0; i < 8; i++) {
		if (oh[i] == nh[i] && on[i] == nn[i])
			continue;
		wbuf_ch(w, ' ');
		wbuf_str(w, names[i]);
		wbuf_ch(w, ' ');
		id_pair(w, on[i], oh[i]);
		wbuf_lit(w, "->");
		id_pair(w, nn[i], nh[i]);
		any = true;
	}
	if (o->ngroups != n->ngroups) {
		wbuf_lit(w, " groups ");
		wbuf_u64(w, o->ngroups);
		wbuf_lit(w, "->");
		wbuf_u64(w, n->ngroups);
		any = true;
	}
	for (i = 0; i < 3; i++) {
		if (oc[i] == nc[i])
			continue;
		wbuf_ch(w, ' ');
		wbuf_str(w, set[i]);
		wbuf_lit(w, " 0x");
		wbuf_hex(w, oc[i], 1);
		wbuf_lit(w, "->0x");
		wbuf_hex(w, nc[i], 1);
		any = true;
	}
	if (!any)
		wbuf_lit(w, " unchanged");
}

/* The syscall's name, after "ia32:" or "x32:" when it was made through that ABI. */
static void syscall_part(struct wbuf *w, const struct pt_event *e, const char *none)
{
	const char *sys = syscall_name(e->syscall);

	if (sys && (e->flags & (PT_F_ABI_IA32 | PT_F_ABI_X32))) {
		wbuf_str(w, syscall_abi_name(e->flags));
		wbuf_ch(w, ':');
	}
	wbuf_str(w, sys ? sys : none);
}

static void cap_detail(struct wbuf *w, const struct pt_event *e)
{
	const char *name = cap_name(e->cap.cap), *sys = syscall_name(e->syscall);

	if (name) {
		wbuf_str(w, name);
	} else {
		wbuf_lit(w, "cap=");
		wbuf_s64(w, e->cap.cap);
	}
	if (e->flags & PT_F_CAP_NOAUDIT)
		wbuf_lit(w, " noaudit");
	/* the UID column is the task's own; these are whose the kernel checked */
	if (e->flags & PT_F_CRED_OVERRIDE) { /* ns/host, as the UID column */
		wbuf_lit(w, " checked-as=");
		if (e->cap.checked.ns.euid == PT_ID_UNMAPPED)
			wbuf_ch(w, '-');
		else
			wbuf_u64(w, e->cap.checked.ns.euid);
		wbuf_ch(w, '/');
		wbuf_u64(w, e->cap.checked.host.euid);
	}
	/* a check against another namespace's resource, e.g. the host's */
	if (e->cap.target_userns_inum != e->task.userns_inum) {
		wbuf_lit(w, " target-userns=");
		wbuf_u64(w, e->cap.target_userns_inum);
	}
	if (e->flags & (PT_F_IN_BPF | PT_F_IN_PERF_EVENT_OPEN))
		wbuf_str(w, e->flags & PT_F_IN_BPF ? " in bpf (a BPF loader)" :
						     " in perf_event_open (a BPF loader)");
	/* the path last: it is the process's choice, spaces included */
	if ((e->flags & PT_F_IN_SYSCALL) && sys) {
		wbuf_lit(w, " in ");
		syscall_part(w, e, "");
		path_part(w, e);
	}
}

/*
 * setresuid(1000,1000,-1) and what changed (capset: the sets), so a
 * refusal still shows what was asked.
 */
static void cred_detail(struct wbuf *w, const struct record *r)
{
	const struct pt_event *e = r->e;
	int i, n = cred_nargs(e->syscall);

	syscall_part(w, e, r->action);
	if (n)
		wbuf_ch(w, '(');
	for (i = 0; i < n; i++) {
		__u32 v = (__u32)e->change.args[i];

		if (i)
			wbuf_ch(w, ',');
		/* -1 is "leave unchanged"; any other id may well be above 2^31 */
		if (v == PT_ID_UNMAPPED)
			wbuf_lit(w, "-1");
		else
			wbuf_u64(w, v);
	}
	if (n)
		wbuf_ch(w, ')');
	changed(w, &e->cred, &e->change.new_cred);
	errno_part(w, e->ret);
}

static void exec_detail(struct wbuf *w, const struct pt_event *e)
{
	syscall_part(w, e, "exec");
	changed(w, &e->cred, &e->change.new_cred);
	if (e->flags & PT_F_SECUREEXEC)
		wbuf_lit(w, " secureexec");
	path_part(w, e);
}

static void file_detail(struct wbuf *w, const struct pt_event *e)
{
	/* lsm.s/file_open outside a traced syscall (io_uring, exec): still an open */
	syscall_part(w, e, "open");
	path_part(w, e);
	errno_part(w, e->ret);
	if (!(e->flags & PT_F_OWNER))
		return;
	if (file_change_type(e)) {
		wbuf_lit(w, " changed: owner ");
		id_pair(w, e->file.owner_ns_uid, e->file.owner_uid);
		wbuf_lit(w, " mode ");
		wbuf_oct(w, e->file.mode & 07777, 4);
		if (!(e->flags & PT_F_DIR_OWNER))
			return;
		wbuf_lit(w, ", directory owner ");
		id_pair(w, e->file.dir_ns_uid, e->file.dir_uid);
		wbuf_lit(w, " mode ");
		wbuf_oct(w, e->file.dir_mode & 07777, 4);
		return;
	}
	wbuf_ch(w, ' ');
	if (e->file.access & PT_MAY_READ)
		wbuf_lit(w, "read");
	if ((e->file.access & PT_MAY_READ) && (e->file.access & PT_MAY_WRITE))
		wbuf_ch(w, '+');
	if (e->file.access & PT_MAY_WRITE)
		wbuf_lit(w, "write");
	/* a flagged open needed no privilege: its reason says what it is */
	if (!(e->flags & PT_F_HOST_ROOT_FILE))
		wbuf_lit(w, " by privilege");
	wbuf_lit(w, ": owner ");
	id_pair(w, e->file.owner_ns_uid, e->file.owner_uid);
	wbuf_lit(w, " mode ");
	wbuf_oct(w, e->file.mode & 07777, 4);
}

void text_record(struct wbuf *w, const struct record *r)
{
	const struct pt_event *e = r->e;
	size_t mark = w->len;

	timefmt_clock(w, r->real_ns);
	col_end(w, mark, TIME_COLS);
	mark = w->len;
	wbuf_u64(w, e->task.pid);
	col_end(w, mark, PID_COLS);
	text_col(w, e->task.comm, PT_COMM_LEN, COMM_COLS);
	container_col(w, r->ct);
	mark = w->len;
	id_pair(w, e->cred.ns.euid, e->cred.host.euid);
	col_end(w, mark, UID_COLS);
	mark = w->len;
	wbuf_str(w, r->action);
	col_end(w, mark, ACTION_COLS);
	mark = w->len;
	if (r->ok)
		wbuf_lit(w, "ok");
	else if (e->kind == PT_EV_CRED)
		wbuf_lit(w, "FAILED");
	else
		wbuf_lit(w, "DENIED");
	col_end(w, mark, RESULT_COLS);
	/* a repeat record: that many more of the event reported before, since then */
	if (e->repeat) {
		wbuf_u64(w, e->repeat);
		wbuf_lit(w, " more since ");
		timefmt_clock(w, r->first_real_ns);
		wbuf_lit(w, ": ");
	}

	switch (e->kind) {
	case PT_EV_CAP:
		cap_detail(w, e);
		break;
	case PT_EV_CRED:
		cred_detail(w, r);
		break;
	case PT_EV_EXEC:
		exec_detail(w, e);
		break;
	case PT_EV_FILE:
		file_detail(w, e);
		break;
	}
	names_part(w, r);
	if (r->why.code) {
		wbuf_lit(w, " -- ");
		escape_text(w, r->why.text, sizeof(r->why.text));
	}
	wbuf_ch(w, '\n');
}

void text_header(struct wbuf *w)
{
	static const struct {
		const char *name;
		size_t cols;
	} cols[] = {
		{ "TIME", TIME_COLS }, { "PID", PID_COLS }, { "COMM", COMM_COLS },
		{ "CONTAINER", CONTAINER_COLS }, { "UID", UID_COLS }, { "ACTION", ACTION_COLS },
		{ "RESULT", RESULT_COLS },
	};
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		wbuf_str(w, cols[i].name);
		pad(w, strlen(cols[i].name), cols[i].cols);
	}
	wbuf_lit(w, "DETAIL\n");
}

/* "HH:MM:SS.mmm " padded as the TIME column */
static void metric_time(struct wbuf *w, __u64 real_ns)
{
	size_t mark = w->len;

	timefmt_clock(w, real_ns);
	col_end(w, mark, TIME_COLS);
}

void text_lost(struct wbuf *w, __u64 real_ns, __u64 lost, __u64 total)
{
	metric_time(w, real_ns);
	wbuf_lit(w, "LOST ");
	wbuf_u64(w, lost);
	wbuf_lit(w, " events (ring buffer full; ");
	wbuf_u64(w, total);
	wbuf_lit(w, " since start)\n");
}

void text_health(struct wbuf *w, const struct health *h)
{
	metric_time(w, h->real_ns);
	wbuf_lit(w, "HEALTH ");
	wbuf_u64(w, h->events);
	wbuf_lit(w, " events, ");
	wbuf_u64(w, h->emitted);
	wbuf_lit(w, " written, ");
	wbuf_u64(w, h->filtered);
	wbuf_lit(w, " filtered, ");
	wbuf_u64(w, h->lost);
	wbuf_lit(w, " lost, ");
	if (h->untracked) {
		wbuf_u64(w, h->untracked);
		wbuf_lit(w, " untracked, ");
	}
	if (h->coalesced) {
		wbuf_u64(w, h->coalesced);
		wbuf_lit(w, " coalesced, ");
	}
	wbuf_u64(w, h->dropped);
	wbuf_lit(w, " dropped by sinks");
	if (h->queued) {
		wbuf_lit(w, ", ");
		wbuf_u64(w, h->queued);
		wbuf_lit(w, " queued for them");
	}
	wbuf_ch(w, '\n');
}
