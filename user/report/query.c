// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "event/explain.h"
#include "event/names.h"
#include "lib/timefmt.h"
#include "report/query.h"

void query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->outcome = -1;
}

void query_free(struct query *q)
{
	free(q->tree.slots);
	q->tree = (struct pid_set){ 0 };
}

static bool pid_has(const struct pid_set *s, __u32 pid)
{
	size_t i;

	if (!s->cap || !pid)
		return false;
	for (i = pid * 2654435761u & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == pid)
			return true;
	return false;
}

static void pid_add(struct pid_set *s, __u32 pid)
{
	size_t i;

	if (!pid || pid_has(s, pid))
		return;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64, j;
		__u32 *n = calloc(cap, sizeof(*n));

		if (!n)
			return; /* the tree stops growing; its members so far still match */
		for (j = 0; j < s->cap; j++) {
			__u32 p = s->slots[j];

			if (!p)
				continue;
			for (i = p * 2654435761u & (cap - 1); n[i]; i = (i + 1) & (cap - 1))
				;
			n[i] = p;
		}
		free(s->slots);
		s->slots = n;
		s->cap = cap;
	}
	for (i = pid * 2654435761u & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		;
	s->slots[i] = pid;
	s->n++;
}

static int two(const char *p, unsigned int *v)
{
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return -1;
	*v = (unsigned int)((p[0] - '0') * 10 + (p[1] - '0'));
	return 0;
}

/* "HH:MM" or "HH:MM:SS" in full: 0 and the seconds into the day */
static int time_of_day(const char *s, unsigned int *secs)
{
	unsigned int h, m, sec = 0;
	size_t n = strlen(s);

	if ((n != 5 && n != 8) || two(s, &h) || s[2] != ':' || two(s + 3, &m) ||
	    (n == 8 && (s[5] != ':' || two(s + 6, &sec))) || h > 23 || m > 59 || sec > 59)
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	return 0;
}

__u64 query_time_on_day(const char *s, __u64 day_ns)
{
	time_t t = (time_t)(day_ns / 1000000000ull);
	unsigned int secs = 0;
	struct tm tm;

	time_of_day(s, &secs);
	localtime_r(&t, &tm);
	tm.tm_hour = (int)(secs / 3600);
	tm.tm_min = (int)(secs / 60 % 60);
	tm.tm_sec = (int)(secs % 60);
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return t < 0 ? 0 : (__u64)t * 1000000000ull;
}

/* "2026-12-01", "2026-12-01T10:00", "2026-12-01 10:00:30": local time */
static int local_time(const char *s, __u64 *out)
{
	unsigned int y1, y2, mo, d, h = 0, mi = 0, sec = 0;
	size_t n = strlen(s);
	struct tm tm = { 0 };
	time_t t;

	if (n < 10 || two(s, &y1) || two(s + 2, &y2) || s[4] != '-' || two(s + 5, &mo) ||
	    s[7] != '-' || two(s + 8, &d))
		return -1;
	if (n > 10 && ((s[10] != 'T' && s[10] != ' ') || time_of_day(s + 11, &sec)))
		return -1;
	h = sec / 3600;
	mi = sec / 60 % 60;
	sec %= 60;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	tm.tm_year = (int)(y1 * 100 + y2) - 1900;
	tm.tm_mon = (int)mo - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)sec;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t < 0 || tm.tm_mday != (int)d) /* mktime moved an impossible day on */
		return -1;
	*out = (__u64)t * 1000000000ull;
	return 0;
}

int query_time(const char *s, __u64 now_ns, __u64 *out, bool *tod, char *err, size_t len)
{
	unsigned int secs;
	__u64 v;

	*tod = false;
	if (s[0] == '-' && s[1]) {
		char *end;
		unsigned long long n = strtoull(s + 1, &end, 10);
		__u64 unit = 0;

		if (end != s + 1 && end[0] && !end[1] && isdigit((unsigned char)s[1]))
			unit = end[0] == 's' ? 1 : end[0] == 'm' ? 60 : end[0] == 'h' ? 3600 :
			       end[0] == 'd' ? 86400 : 0;
		if (unit && n <= 36500ull * 86400 / unit && n * unit * 1000000000ull <= now_ns) {
			*out = now_ns - n * unit * 1000000000ull;
			return 0;
		}
	} else if (!time_of_day(s, &secs)) {
		*tod = true;
		*out = 0;
		return 0;
	} else if (timefmt_parse_rfc3339(s, strlen(s), &v) == (int)strlen(s) ||
		   !local_time(s, &v)) {
		*out = v;
		return 0;
	}
	snprintf(err, len, "'%.64s' is not a time: use 2026-12-01T10:00:00Z (or without Z: local "
		 "time), 10:00 (on the first record's day), or -15m (s, m, h, d before now)", s);
	return -1;
}

int query_cap(const char *s)
{
	const char *n = !strncasecmp(s, "CAP_", 4) ? s + 4 : s;
	char *end;
	long v;
	int c;

	for (c = 0; c < 64; c++) {
		const char *name = cap_name(c);

		if (name && !strncmp(name, "CAP_", 4) && !strcasecmp(name + 4, n))
			return c;
	}
	v = strtol(s, &end, 10);
	if (end != s && !*end && v >= 0 && v < 64 && cap_name((int)v))
		return (int)v;
	return -1;
}

int query_reason(const char *s)
{
	int r;

	for (r = PT_R_NONE + 1; r < PT_R_MAX; r++)
		if (!strcmp(reason_code(r), s))
			return r;
	return -1;
}

static bool in_u32(const __u32 *v, int n, __u32 x)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

bool query_narrowed(const struct query *q)
{
	return q->where.scope || q->where.n_match || q->n_uid || q->n_ns_uid || q->outcome >= 0 ||
	       q->n_action || q->n_cap || q->n_path || q->n_pid || q->n_reason;
}

bool query_match(struct query *q, const struct record *r)
{
	const struct pt_event *e = r->e;
	int i;

	/* the tree grows in time order from every record, in the window or not */
	if (q->n_pid) {
		/* the roots themselves may make no record: their children name them */
		if (!q->tree.n)
			for (i = 0; i < q->n_pid; i++)
				pid_add(&q->tree, q->pid[i]);
		if (pid_has(&q->tree, e->task.ppid))
			pid_add(&q->tree, e->task.pid);
	}
	if (q->since_ns && r->real_ns < q->since_ns)
		return false;
	if (q->until_ns && r->real_ns >= q->until_ns)
		return false;
	if (q->n_pid && !pid_has(&q->tree, e->task.pid))
		return false;
	if (q->outcome >= 0 && r->ok != (q->outcome == 1))
		return false;
	if (q->n_uid && !in_u32(q->uid, q->n_uid, e->cred.host.uid) &&
	    !in_u32(q->uid, q->n_uid, e->cred.host.euid))
		return false;
	if (q->n_ns_uid && !in_u32(q->ns_uid, q->n_ns_uid, e->cred.ns.uid) &&
	    !in_u32(q->ns_uid, q->n_ns_uid, e->cred.ns.euid))
		return false;
	if (q->n_action) {
		for (i = 0; i < q->n_action && strcmp(q->action[i], r->action); i++)
			;
		if (i == q->n_action)
			return false;
	}
	if (q->n_cap) {
		if (e->kind != PT_EV_CAP)
			return false;
		for (i = 0; i < q->n_cap && q->cap[i] != e->cap.cap; i++)
			;
		if (i == q->n_cap)
			return false;
	}
	if (q->n_path) {
		if (!e->path_len)
			return false;
		for (i = 0; i < q->n_path && fnmatch(q->path_glob[i], e->path, 0); i++)
			;
		if (i == q->n_path)
			return false;
	}
	if (q->n_reason) {
		for (i = 0; i < q->n_reason && q->reason[i] != (int)r->why.code; i++)
			;
		if (i == q->n_reason)
			return false;
	}
	return filter_pass(&q->where, r);
}
