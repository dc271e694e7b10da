// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/escape.h"
#include "lib/jsonw.h"
#include "lib/timefmt.h"
#include "report/summary_out.h"

void report_local_time(struct wbuf *w, __u64 real_ns)
{
	time_t t = (time_t)(real_ns / 1000000000ull);
	struct tm tm;

	if (!real_ns) {
		wbuf_lit(w, "-");
		return;
	}
	localtime_r(&t, &tm);
	timefmt_local_date(w, &tm);
	wbuf_ch(w, ' ');
	wbuf_dec_pad(w, (__u64)tm.tm_hour, 2);
	wbuf_ch(w, ':');
	wbuf_dec_pad(w, (__u64)tm.tm_min, 2);
	wbuf_ch(w, ':');
	wbuf_dec_pad(w, (__u64)tm.tm_sec, 2);
	wbuf_ch(w, '.');
	wbuf_dec_pad(w, real_ns / 1000000ull % 1000, 3);
}

void report_csv_field(struct wbuf *w, const char *s, size_t n)
{
	struct wbuf t = WBUF_INIT;
	size_t i;

	/* control bytes and bad UTF-8 escaped as on a terminal: a field is one line */
	escape_text(&t, s, n);
	wbuf_ch(w, '"');
	/* a spreadsheet would run =cmd|...: a container's path must not be a formula */
	if (t.len && !(t.len == 1 && t.buf[0] == '-') && (t.buf[0] == '=' || t.buf[0] == '+' || t.buf[0] == '-' || t.buf[0] == '@'))
		wbuf_ch(w, '\'');
	for (i = 0; i < t.len; i++) {
		if (t.buf[i] == '"')
			wbuf_ch(w, '"');
		wbuf_ch(w, t.buf[i]);
	}
	wbuf_ch(w, '"');
	if (t.oom)
		w->oom = true;
	wbuf_free(&t);
}

static void text_str(struct wbuf *w, const char *s)
{
	escape_text(w, s, strlen(s));
}

void report_group_title(struct wbuf *w, const struct sum_group *g)
{
	if (g->host) {
		wbuf_lit(w, "host (no container)");
		return;
	}
	wbuf_lit(w, "container ");
	if (g->name[0]) {
		text_str(w, g->name);
		wbuf_lit(w, " (");
		escape_text(w, g->id, strnlen(g->id, 12));
	} else {
		escape_text(w, g->id, strnlen(g->id, 12));
		wbuf_lit(w, " (no name known");
	}
	if (g->image[0]) {
		wbuf_lit(w, ", image ");
		text_str(w, g->image);
	}
	if (g->pod[0]) {
		wbuf_lit(w, ", pod ");
		text_str(w, g->pod);
	}
	wbuf_lit(w, ", ");
	wbuf_str(w, g->runtime ? g->runtime : "?");
	wbuf_ch(w, ')');
}

static void pad_to(struct wbuf *w, size_t line_start, size_t col)
{
	while (w->len - line_start < col)
		wbuf_ch(w, ' ');
}

/* "  label: key N, key N, ..." for short keys; one per line for long ones */
static void text_table(struct wbuf *w, const char *label, const struct tally *t, bool outcomes)
{
	struct tally_entry **v;
	size_t i, shown;

	if (!t->n)
		return;
	v = tally_sorted(t);
	if (!v) {
		w->oom = true;
		return;
	}
	wbuf_lit(w, "  ");
	wbuf_str(w, label);
	wbuf_lit(w, ":\n");
	shown = t->n < SUMMARY_TEXT_ROWS ? t->n : SUMMARY_TEXT_ROWS;
	for (i = 0; i < shown; i++) {
		size_t start = w->len;

		wbuf_lit(w, "    ");
		wbuf_u64(w, v[i]->events);
		pad_to(w, start, 14);
		if (outcomes) {
			wbuf_u64(w, v[i]->granted);
			wbuf_lit(w, " granted, ");
			wbuf_u64(w, v[i]->denied);
			wbuf_lit(w, " denied  ");
		}
		escape_text(w, v[i]->key, v[i]->key_len);
		wbuf_ch(w, '\n');
	}
	if (t->n > shown) {
		wbuf_lit(w, "    ... and ");
		wbuf_u64(w, t->n - shown);
		wbuf_lit(w, " more (-o json or --by for all)\n");
	}
	free(v);
}

static void text_head(struct wbuf *w, const struct summary_report *s, const struct report_info *in)
{
	int i;

	wbuf_lit(w, "privtrace report: ");
	wbuf_u64(w, (__u64)in->n_files);
	wbuf_str(w, in->n_files == 1 ? " file (" : " files (");
	for (i = 0; i < in->n_files; i++) {
		if (i)
			wbuf_lit(w, ", ");
		text_str(w, in->files[i]);
	}
	wbuf_lit(w, ")");
	if (in->hosts && in->hosts[0]) {
		wbuf_lit(w, ", recorded on ");
		text_str(w, in->hosts);
	}
	wbuf_lit(w, "\n  ");
	wbuf_u64(w, s->matched_records);
	wbuf_lit(w, " records match of ");
	wbuf_u64(w, in->events_read);
	wbuf_lit(w, " event records read");
	if (s->folded) {
		wbuf_lit(w, "; they stand for ");
		wbuf_u64(w, s->events);
		wbuf_lit(w, " events (");
		wbuf_u64(w, s->folded);
		wbuf_lit(w, " folded into repeat records)");
	}
	wbuf_lit(w, "\n  from ");
	report_local_time(w, s->first_ns);
	wbuf_lit(w, " to ");
	report_local_time(w, s->last_ns);
	wbuf_lit(w, " (local time)\n");
	if (in->asked && in->asked[0]) {
		wbuf_lit(w, "  asked: ");
		text_str(w, in->asked);
		wbuf_ch(w, '\n');
	}
	if (s->lost) {
		wbuf_lit(w, "  LOST: ");
		wbuf_u64(w, s->lost);
		wbuf_lit(w, " events were lost by the tracer (ring buffer full), reported between ");
		report_local_time(w, s->first_lost_ns);
		wbuf_lit(w, " and ");
		report_local_time(w, s->last_lost_ns);
		wbuf_lit(w, ": what happened then is incomplete\n");
	} else {
		wbuf_lit(w, "  no loss reported by the tracer\n");
	}
	if (s->health_seen && s->h_dropped) {
		wbuf_lit(w, "  the last health record says ");
		wbuf_u64(w, s->h_dropped);
		wbuf_lit(w, " records were dropped by sinks\n");
	}
	if (in->problems) {
		wbuf_lit(w, "  DAMAGED INPUT: ");
		wbuf_u64(w, in->problems);
		wbuf_lit(w, " problems (said on stderr): records may be missing\n");
	}
	if (in->late) {
		wbuf_lit(w, "  ");
		wbuf_u64(w, in->late);
		wbuf_lit(w, " records were further out of time order than the merge window\n");
	}
	if (s->oom)
		wbuf_lit(w, "  OUT OF MEMORY: some tables are short\n");
}

void summary_text(struct wbuf *w, const struct summary_report *s, const struct report_info *in)
{
	int i, a;

	text_head(w, s, in);
	if (!s->n_groups)
		wbuf_lit(w, "\nno record matches\n");
	for (i = 0; i < s->n_groups; i++) {
		const struct sum_group *g = s->groups[i];

		wbuf_lit(w, "\n== ");
		report_group_title(w, g);
		wbuf_lit(w, " ==\n  ");
		wbuf_u64(w, g->events);
		wbuf_lit(w, " events from ");
		report_local_time(w, g->first_ns);
		wbuf_lit(w, " to ");
		report_local_time(w, g->last_ns);
		wbuf_ch(w, '\n');
		if (!g->host && g->root_is_host_root)
			wbuf_lit(w, "  WARNING: its root is host root (no remapping user namespace)\n");
		else if (!g->host && g->host_root_events) {
			wbuf_lit(w, "  note: ");
			wbuf_u64(w, g->host_root_events);
			wbuf_lit(w, " of its events ran as host root in the initial user namespace beside "
				    "its remapped ones: the runtime's own setup processes in its cgroup, or "
				    "checks made with a mounter's credentials\n");
		}
		text_table(w, "user namespace", &g->userns, false);
		text_table(w, "users", &g->users, true);
		wbuf_lit(w, "  action          granted     denied\n");
		for (a = 0; a < SA_MAX; a++) {
			size_t start = w->len;

			if (!g->counts[a][0] && !g->counts[a][1])
				continue;
			wbuf_lit(w, "    ");
			wbuf_str(w, summary_action_name(a));
			pad_to(w, start, 18);
			wbuf_u64(w, g->counts[a][1]);
			pad_to(w, start, 30);
			wbuf_u64(w, g->counts[a][0]);
			wbuf_ch(w, '\n');
		}
		text_table(w, "denied capabilities", &g->denied_caps, false);
		text_table(w, "reasons", &g->reasons, true);
		text_table(w, "denied paths", &g->denied_paths, false);
		text_table(w, "granted but flagged", &g->flagged, false);
		text_table(w, "checked with credentials not its own (overlayfs's mounter's, ...)",
			   &g->checked_as, true);
		text_table(w, "privilege-raising execs", &g->execs, true);
		text_table(w, "credential changes", &g->changes, true);
	}
}

static void json_table(struct jsonw *j, const struct tally *t, bool outcomes)
{
	struct tally_entry **v = tally_sorted(t);
	size_t i;

	if (!v) {
		j->w->oom = true;
		return;
	}
	for (i = 0; i < t->n; i++) {
		jw_elem_obj(j);
		jw_str(j, "key", v[i]->key, v[i]->key_len);
		jw_u64(j, "events", v[i]->events);
		jw_u64(j, "records", v[i]->records);
		if (outcomes) {
			jw_u64(j, "granted", v[i]->granted);
			jw_u64(j, "denied", v[i]->denied);
		}
		jw_close(j);
	}
	free(v);
}

#define JSON_TABLE(j, key, t, outcomes) \
	(jw_arr((j), key), json_table((j), (t), (outcomes)), jw_close(j))

static void json_time(struct jsonw *j, const char *key_colon, size_t klen, __u64 ns)
{
	jw_sep(j);
	wbuf_put(j->w, key_colon, klen);
	wbuf_ch(j->w, '"');
	timefmt_rfc3339(j->w, ns);
	wbuf_ch(j->w, '"');
}

#define jw_time(j, key, ns) json_time((j), "\"" key "\":", sizeof(key) + 2, (ns))

void summary_json(struct wbuf *w, const struct summary_report *s, const struct report_info *in)
{
	struct jsonw j;
	int i, a;

	jw_begin(&j, w);
	jw_obj(&j, "report");
	jw_arr(&j, "files");
	for (i = 0; i < in->n_files; i++) {
		jw_sep(&j);
		escape_json(w, in->files[i], strlen(in->files[i]));
	}
	jw_close(&j);
	jw_cstr(&j, "asked", in->asked ? in->asked : "");
	jw_u64(&j, "read", in->events_read);
	jw_u64(&j, "matched", s->matched_records);
	jw_u64(&j, "events", s->events);
	jw_u64(&j, "folded", s->folded);
	if (s->matched_records) {
		jw_time(&j, "first", s->first_ns);
		jw_time(&j, "last", s->last_ns);
	}
	jw_u64(&j, "lost", s->lost);
	jw_u64(&j, "problems", in->problems);
	jw_u64(&j, "late", in->late);
	jw_close(&j);
	jw_arr(&j, "groups");
	for (i = 0; i < s->n_groups; i++) {
		const struct sum_group *g = s->groups[i];

		jw_elem_obj(&j);
		jw_bool(&j, "host", g->host);
		if (!g->host) {
			jw_obj(&j, "container");
			jw_cstr(&j, "id", g->id);
			if (g->name[0])
				jw_cstr(&j, "name", g->name);
			if (g->image[0])
				jw_cstr(&j, "image", g->image);
			if (g->pod[0])
				jw_cstr(&j, "pod", g->pod);
			if (g->runtime)
				jw_word(&j, "runtime", g->runtime);
			jw_close(&j);
		}
		jw_time(&j, "first", g->first_ns);
		jw_time(&j, "last", g->last_ns);
		jw_u64(&j, "records", g->records);
		jw_u64(&j, "events", g->events);
		jw_bool(&j, "root_is_host_root", g->root_is_host_root);
		jw_arr(&j, "actions");
		for (a = 0; a < SA_MAX; a++) {
			if (!g->counts[a][0] && !g->counts[a][1])
				continue;
			jw_elem_obj(&j);
			jw_word(&j, "action", summary_action_name(a));
			jw_u64(&j, "granted", g->counts[a][1]);
			jw_u64(&j, "denied", g->counts[a][0]);
			jw_close(&j);
		}
		jw_close(&j);
		JSON_TABLE(&j, "userns", &g->userns, false);
		JSON_TABLE(&j, "users", &g->users, true);
		JSON_TABLE(&j, "denied_capabilities", &g->denied_caps, false);
		JSON_TABLE(&j, "reasons", &g->reasons, true);
		JSON_TABLE(&j, "denied_paths", &g->denied_paths, false);
		JSON_TABLE(&j, "flagged", &g->flagged, false);
		JSON_TABLE(&j, "checked_as", &g->checked_as, true);
		JSON_TABLE(&j, "execs", &g->execs, true);
		JSON_TABLE(&j, "changes", &g->changes, true);
		jw_close(&j);
	}
	jw_end(&j);
}

static void csv_group(struct wbuf *w, const struct sum_group *g)
{
	if (g->host) {
		wbuf_lit(w, "\"host\"");
		return;
	}
	report_csv_field(w, g->name[0] ? g->name : g->id, strlen(g->name[0] ? g->name : g->id));
}

static void csv_table(struct wbuf *w, const struct sum_group *g, const char *table,
		      const struct tally *t)
{
	struct tally_entry **v = tally_sorted(t);
	size_t i;

	if (!v) {
		w->oom = true;
		return;
	}
	for (i = 0; i < t->n; i++) {
		csv_group(w, g);
		wbuf_ch(w, ',');
		wbuf_str(w, table);
		wbuf_ch(w, ',');
		report_csv_field(w, v[i]->key, v[i]->key_len);
		wbuf_ch(w, ',');
		wbuf_u64(w, v[i]->events);
		wbuf_ch(w, ',');
		wbuf_u64(w, v[i]->granted);
		wbuf_ch(w, ',');
		wbuf_u64(w, v[i]->denied);
		wbuf_ch(w, '\n');
	}
	free(v);
}

void summary_csv(struct wbuf *w, const struct summary_report *s)
{
	int i, a;

	wbuf_lit(w, "group,table,key,events,granted,denied\n");
	for (i = 0; i < s->n_groups; i++) {
		const struct sum_group *g = s->groups[i];

		for (a = 0; a < SA_MAX; a++) {
			if (!g->counts[a][0] && !g->counts[a][1])
				continue;
			csv_group(w, g);
			wbuf_lit(w, ",actions,");
			wbuf_str(w, summary_action_name(a));
			wbuf_ch(w, ',');
			wbuf_u64(w, g->counts[a][0] + g->counts[a][1]);
			wbuf_ch(w, ',');
			wbuf_u64(w, g->counts[a][1]);
			wbuf_ch(w, ',');
			wbuf_u64(w, g->counts[a][0]);
			wbuf_ch(w, '\n');
		}
		csv_table(w, g, "userns", &g->userns);
		csv_table(w, g, "users", &g->users);
		csv_table(w, g, "denied_capabilities", &g->denied_caps);
		csv_table(w, g, "reasons", &g->reasons);
		csv_table(w, g, "denied_paths", &g->denied_paths);
		csv_table(w, g, "flagged", &g->flagged);
		csv_table(w, g, "checked_as", &g->checked_as);
		csv_table(w, g, "execs", &g->execs);
		csv_table(w, g, "changes", &g->changes);
	}
}
