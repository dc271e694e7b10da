// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>
#include <time.h>

#include "event/names.h"
#include "format/json.h"
#include "format/text.h"
#include "lib/timefmt.h"
#include "report/summary_out.h"
#include "report/timeline.h"

void timeline_init(struct timeline *t, enum timeline_form form)
{
	memset(t, 0, sizeof(*t));
	t->form = form;
	t->day = -1;
}

/* The table's lines carry the time of day: the date is said when it changes. */
static void day_line(struct timeline *t, struct wbuf *w, __u64 real_ns)
{
	time_t s = (time_t)(real_ns / 1000000000ull);
	struct tm tm;
	long long day;

	localtime_r(&s, &tm);
	day = (long long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
	if (day == t->day)
		return;
	t->day = day;
	wbuf_lit(w, "-- ");
	timefmt_local_date(w, &tm);
	wbuf_lit(w, " (local time) --\n");
}

static void start(struct timeline *t, struct wbuf *w)
{
	if (t->started)
		return;
	t->started = true;
	if (t->form == TL_TEXT)
		text_header(w);
	else if (t->form == TL_CSV)
		wbuf_lit(w, "time,sequence,container,action,outcome,host_uid,ns_uid,pid,process,"
			    "capability,syscall,path,reason\n");
}

static void csv_u32(struct wbuf *w, __u32 v)
{
	if (v != PT_ID_UNMAPPED)
		wbuf_u64(w, v);
	wbuf_ch(w, ',');
}

static void csv_row(struct wbuf *w, const struct record *r)
{
	const struct pt_event *e = r->e;
	const char *s;

	timefmt_rfc3339(w, r->real_ns);
	wbuf_ch(w, ',');
	wbuf_u64(w, r->seq);
	wbuf_ch(w, ',');
	if (r->ct)
		report_csv_field(w, r->ct->meta.name[0] ? r->ct->meta.name : r->ct->id,
				 strlen(r->ct->meta.name[0] ? r->ct->meta.name : r->ct->id));
	else
		wbuf_lit(w, "host");
	wbuf_ch(w, ',');
	wbuf_str(w, r->action);
	wbuf_ch(w, ',');
	wbuf_str(w, r->ok ? "granted" : "denied");
	wbuf_ch(w, ',');
	csv_u32(w, e->cred.host.euid);
	csv_u32(w, e->cred.ns.euid);
	csv_u32(w, e->task.pid);
	report_csv_field(w, e->task.comm, strnlen(e->task.comm, PT_COMM_LEN));
	wbuf_ch(w, ',');
	s = e->kind == PT_EV_CAP ? cap_name(e->cap.cap) : NULL;
	if (s)
		wbuf_str(w, s);
	wbuf_ch(w, ',');
	s = (e->flags & PT_F_IN_SYSCALL) || e->kind != PT_EV_CAP ? syscall_name(e->syscall) : NULL;
	if (s)
		wbuf_str(w, s);
	wbuf_ch(w, ',');
	if (e->path_len > 1)
		report_csv_field(w, e->path, e->path_len - 1);
	wbuf_ch(w, ',');
	s = reason_code(r->why.code);
	if (s)
		wbuf_str(w, s);
	wbuf_ch(w, '\n');
}

void timeline_record(struct timeline *t, struct wbuf *w, const struct record *r, const char *line,
		     size_t line_len)
{
	start(t, w);
	switch (t->form) {
	case TL_TEXT:
		day_line(t, w, r->real_ns);
		text_record(w, r);
		break;
	case TL_JSON:
		if (line) {
			wbuf_put(w, line, line_len);
			wbuf_ch(w, '\n');
		} else {
			json_record(w, r);
		}
		break;
	case TL_CSV:
		csv_row(w, r);
		break;
	}
}

void timeline_lost(struct timeline *t, struct wbuf *w, __u64 real_ns, __u64 lost, __u64 total)
{
	if (t->form != TL_TEXT)
		return;
	start(t, w);
	day_line(t, w, real_ns);
	text_lost(w, real_ns, lost, total);
}
