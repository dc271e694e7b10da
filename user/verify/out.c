// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "event/names.h"
#include "lib/clock.h"
#include "lib/escape.h"
#include "lib/jsonw.h"
#include "lib/timefmt.h"
#include "verify/exercise.h"
#include "verify/out.h"

static const char *const shout[] = { "ISOLATED", "ISOLATED, WARNINGS", "NOT ISOLATED", "ERROR" };

/* "web (3f2a9c1b4d5e)": the runtime's name, the short id; untrusted, escaped by the caller */
static const char *name_of(const struct subject *s)
{
	return s->meta.name[0] ? s->meta.name : s->id;
}

void verify_text(struct wbuf *w, const struct subject *s, int n)
{
	int i, j, count[4] = { 0 };

	for (i = 0; i < n; i++) {
		size_t start = w->len, cols;

		count[s[i].v]++;
		cols = escape_text(w, name_of(&s[i]), strlen(name_of(&s[i])));
		wbuf_lit(w, " (");
		wbuf_put(w, s[i].id, strnlen(s[i].id, 12));
		wbuf_ch(w, ')');
		for (cols += 15; cols < 40; cols++)
			wbuf_ch(w, ' ');
		wbuf_str(w, shout[s[i].v]);
		wbuf_ch(w, '\n');
		for (j = 0; j < s[i].n_lines; j++) {
			wbuf_lit(w, "    ");
			/* our words, with the runtime's and passwd's names in them: escaped too */
			escape_text(w, s[i].lines[j], strlen(s[i].lines[j]));
			wbuf_ch(w, '\n');
		}
		(void)start;
	}
	wbuf_lit(w, "verify: ");
	wbuf_u64(w, (__u64)n);
	wbuf_str(w, n == 1 ? " container: " : " containers: ");
	wbuf_u64(w, (__u64)count[V_ISOLATED]);
	wbuf_lit(w, " isolated, ");
	wbuf_u64(w, (__u64)count[V_WARNINGS]);
	wbuf_lit(w, " isolated with warnings, ");
	wbuf_u64(w, (__u64)count[V_NOT_ISOLATED]);
	wbuf_lit(w, " not isolated, ");
	wbuf_u64(w, (__u64)count[V_ERROR]);
	wbuf_lit(w, " not judged\n");
}

static void json_map(struct jsonw *j, const struct pt_extent *m, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		jw_elem_obj(j);
		jw_u64(j, "ns", m[i].first);
		jw_u64(j, "host", m[i].lower_first);
		jw_u64(j, "count", m[i].count);
		jw_close(j);
	}
}

static void json_caps(struct jsonw *j, __u64 mask)
{
	int c;

	for (c = 0; c < 64; c++)
		if (mask & (1ull << c) && cap_name(c))
			jw_elem_word(j, cap_name(c));
}

static void json_cited(struct jsonw *j, const struct cited *c, int n)
{
	int k;

	jw_arr(j, "records");
	for (k = 0; k < n; k++)
		jw_elem_u64(j, c[k].seq);
	jw_close(j);
}

/* --exercise: each try, done or its errno, and the sequence numbers of the records cited */
static void json_exercise(struct jsonw *j, const struct exercise *x)
{
	int k;

	if (!x->asked)
		return;
	jw_obj(j, "exercise");
	jw_bool(j, "ran", x->ran);
	if (!x->ran) {
		jw_cstr(j, "why", x->why);
		jw_close(j);
		return;
	}
	jw_arr(j, "tries");
	for (k = 0; k < TRIAL_STEPS; k++) {
		jw_elem_obj(j);
		jw_word(j, "try", exercise_step_name(k));
		jw_bool(j, "done", !x->err[k]);
		if (x->err[k] && errno_name(x->err[k]))
			jw_word(j, "errno", errno_name(x->err[k]));
		else if (x->err[k])
			jw_s64(j, "errno", x->err[k]);
		json_cited(j, x->cite[k], x->n_cite[k]);
		jw_close(j);
	}
	jw_close(j);
	jw_close(j);
}

static void json_watch(struct jsonw *j, const struct watch *w)
{
	if (!w->asked)
		return;
	jw_obj(j, "watch");
	jw_u64(j, "records", w->records);
	jw_u64(j, "host_root", w->host_root);
	jw_u64(j, "unmapped", w->unmapped);
	json_cited(j, w->cite, w->n_cite);
	jw_close(j);
}

void verify_json(struct wbuf *w, const struct subject *s, int n)
{
	struct jsonw j;
	int i, k;

	jw_begin(&j, w);
	jw_key(&j, "@timestamp");
	wbuf_ch(w, '"');
	timefmt_rfc3339(w, clock_real_now());
	wbuf_ch(w, '"');
	jw_arr(&j, "containers");
	for (i = 0; i < n; i++) {
		const struct facts *f = &s[i].f;

		jw_elem_obj(&j);
		jw_cstr(&j, "id", s[i].id);
		if (s[i].meta.name[0])
			jw_cstr(&j, "name", s[i].meta.name);
		if (s[i].meta.image[0])
			jw_cstr(&j, "image", s[i].meta.image);
		jw_word(&j, "verdict", verdict_word(s[i].v));
		jw_arr(&j, "evidence");
		for (k = 0; k < s[i].n_lines; k++) {
			jw_sep(&j);
			escape_json(w, s[i].lines[k], strlen(s[i].lines[k]));
		}
		jw_close(&j);
		jw_obj(&j, "kernel");
		jw_bool(&j, "read", f->read);
		if (f->read) {
			jw_u64(&j, "pid", (__u64)f->pid);
			jw_u64(&j, "userns_inum", f->userns_inum);
			jw_bool(&j, "shares_host_userns", f->shares_host_userns);
			jw_arr(&j, "uid_map");
			json_map(&j, f->uid_map, f->n_uid);
			jw_close(&j);
			jw_arr(&j, "gid_map");
			json_map(&j, f->gid_map, f->n_gid);
			jw_close(&j);
			if (f->root_mapped)
				jw_u64(&j, "root_host_uid", f->root_host_uid);
			else
				jw_null(&j, "root_host_uid");
			jw_bool(&j, "host_root_mapped", f->host_root_mapped);
			jw_bool(&j, "host_gid0_mapped", f->host_gid0_mapped);
			jw_arr(&j, "host_accounts_mapped");
			for (k = 0; k < f->n_accounts; k++) {
				jw_elem_obj(&j);
				jw_cstr(&j, "name", f->accounts[k].name);
				jw_u64(&j, "uid", f->accounts[k].host_uid);
				jw_u64(&j, "ns_uid", f->accounts[k].ns_uid);
				jw_close(&j);
			}
			jw_close(&j);
			jw_arr(&j, "cap_effective");
			json_caps(&j, f->cap_eff);
			jw_close(&j);
			jw_arr(&j, "cap_bounding");
			json_caps(&j, f->cap_bnd);
			jw_close(&j);
		}
		jw_close(&j);
		jw_obj(&j, "runtime");
		jw_word(&j, "kind", s[i].state ? s[i].state : "docker");
		if (s[i].state)
			jw_cstr(&j, "state", s[i].daemon);
		else
			jw_cstr(&j, "socket", s[i].daemon);
		if (s[i].daemon_known)
			jw_bool(&j, "daemon_userns_remap", s[i].daemon_remaps);
		jw_bool(&j, "userns_mode_host", s[i].meta.userns_host);
		jw_close(&j);
		json_exercise(&j, &s[i].ex);
		json_watch(&j, &s[i].watch);
		jw_close(&j);
	}
	jw_end(&j);
}

/* XML text and attribute values: markup escaped, control bytes and bad UTF-8 as \xNN */
static void xml(struct wbuf *w, const char *s)
{
	struct wbuf t = WBUF_INIT;
	size_t i;

	escape_text(&t, s, strlen(s));
	for (i = 0; i < t.len; i++) {
		switch (t.buf[i]) {
		case '&': wbuf_lit(w, "&amp;"); break;
		case '<': wbuf_lit(w, "&lt;"); break;
		case '>': wbuf_lit(w, "&gt;"); break;
		case '"': wbuf_lit(w, "&quot;"); break;
		case '\'': wbuf_lit(w, "&apos;"); break;
		default: wbuf_ch(w, t.buf[i]);
		}
	}
	if (t.oom)
		w->oom = true;
	wbuf_free(&t);
}

void verify_junit(struct wbuf *w, const struct subject *s, int n)
{
	int i, k, failures = 0, errors = 0;

	for (i = 0; i < n; i++) {
		failures += s[i].v == V_NOT_ISOLATED;
		errors += s[i].v == V_ERROR;
	}
	wbuf_lit(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
		    "  <testsuite name=\"privtrace verify: user-namespace isolation\" tests=\"");
	wbuf_u64(w, (__u64)n);
	wbuf_lit(w, "\" failures=\"");
	wbuf_u64(w, (__u64)failures);
	wbuf_lit(w, "\" errors=\"");
	wbuf_u64(w, (__u64)errors);
	wbuf_lit(w, "\" timestamp=\"");
	timefmt_rfc3339(w, clock_real_now());
	wbuf_lit(w, "\">\n");
	for (i = 0; i < n; i++) {
		wbuf_lit(w, "    <testcase classname=\"privtrace.verify\" name=\"");
		xml(w, name_of(&s[i]));
		wbuf_lit(w, " (");
		wbuf_put(w, s[i].id, strnlen(s[i].id, 12));
		wbuf_lit(w, ")\">\n");
		if (s[i].v == V_NOT_ISOLATED || s[i].v == V_ERROR) {
			wbuf_str(w, s[i].v == V_ERROR ? "      <error" : "      <failure");
			wbuf_lit(w, " message=\"");
			wbuf_str(w, s[i].v == V_ERROR ? "not judged" : "not isolated");
			wbuf_lit(w, "\" type=\"");
			wbuf_str(w, verdict_word(s[i].v));
			wbuf_lit(w, "\">");
		} else {
			wbuf_lit(w, "      <system-out>");
			wbuf_str(w, verdict_word(s[i].v));
			wbuf_ch(w, '\n');
		}
		for (k = 0; k < s[i].n_lines; k++) {
			xml(w, s[i].lines[k]);
			wbuf_ch(w, '\n');
		}
		wbuf_str(w, s[i].v == V_NOT_ISOLATED ? "</failure>\n" :
			    s[i].v == V_ERROR ? "</error>\n" : "</system-out>\n");
		wbuf_lit(w, "    </testcase>\n");
	}
	wbuf_lit(w, "  </testsuite>\n</testsuites>\n");
}
