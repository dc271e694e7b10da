// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event/explain.h"
#include "event/names.h"
#include "lib/escape.h"
#include "lib/timefmt.h"
#include "lib/jsonw.h"
#include "report/by.h"
#include "report/summary_out.h"

#define BY_COL_MAX 64 /* a key column is cut there in text (JSON and CSV have it whole) */

static const char *const names[BY_KEYS] = {
	"container", "cap", "path", "user", "process", "reason", "hour", "action", "outcome",
	"uid", "ns-uid",
};

int by_parse(struct by_view *b, const char *spec, char *err, size_t len)
{
	const char *p = spec;

	memset(b, 0, sizeof(*b));
	while (*p) {
		size_t n = strcspn(p, ",");
		int k;

		for (k = 0; k < BY_KEYS && (strlen(names[k]) != n || strncmp(names[k], p, n)); k++)
			;
		if (k == BY_KEYS || b->n_keys == BY_MAX_KEYS) {
			snprintf(err, len, "invalid --by '%.64s': up to %d of container, cap, path, user, "
				 "process, reason, hour, action, outcome, uid, ns-uid, joined by commas",
				 spec, BY_MAX_KEYS);
			return -1;
		}
		b->keys[b->n_keys++] = (enum by_key)k;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!b->n_keys) {
		snprintf(err, len, "--by needs a key: container, cap, path, user, ...");
		return -1;
	}
	return 0;
}

static void part(struct by_view *b, const struct record *r, enum by_key k)
{
	const struct pt_event *e = r->e;
	struct wbuf *w = &b->key;
	const char *s;

	switch (k) {
	case BY_CONTAINER:
		if (!r->ct)
			wbuf_lit(w, "host");
		else if (r->ct->meta.name[0])
			wbuf_str(w, r->ct->meta.name);
		else
			wbuf_put(w, r->ct->id, strnlen(r->ct->id, 12));
		break;
	case BY_CAP:
		s = e->kind == PT_EV_CAP ? cap_name(e->cap.cap) : NULL;
		wbuf_str(w, s ? s : "-");
		break;
	case BY_PATH:
		if (e->path_len > 1)
			wbuf_put(w, e->path, e->path_len - 1);
		else
			wbuf_lit(w, "-");
		break;
	case BY_USER:
		wbuf_lit(w, "host ");
		wbuf_u64(w, e->cred.host.euid);
		if (r->host_user) {
			wbuf_ch(w, ' ');
			wbuf_str(w, r->host_user);
		}
		wbuf_lit(w, " / ns ");
		if (e->cred.ns.euid == PT_ID_UNMAPPED)
			wbuf_lit(w, "unmapped");
		else
			wbuf_u64(w, e->cred.ns.euid);
		if (r->ns_user) {
			wbuf_ch(w, ' ');
			wbuf_str(w, r->ns_user);
		}
		break;
	case BY_PROCESS:
		wbuf_put(w, e->task.comm, strnlen(e->task.comm, PT_COMM_LEN));
		break;
	case BY_REASON:
		s = reason_code(r->why.code);
		wbuf_str(w, s ? s : "-");
		break;
	case BY_HOUR: {
		time_t t = (time_t)(r->real_ns / 1000000000ull);
		struct tm tm;

		localtime_r(&t, &tm);
		timefmt_local_date(w, &tm);
		wbuf_ch(w, ' ');
		wbuf_dec_pad(w, (__u64)tm.tm_hour, 2);
		wbuf_lit(w, ":00");
		break;
	}
	case BY_ACTION:
		wbuf_str(w, r->action);
		break;
	case BY_OUTCOME:
		wbuf_str(w, r->ok ? "granted" : "denied");
		break;
	case BY_UID:
		wbuf_u64(w, e->cred.host.euid);
		break;
	case BY_NS_UID:
		if (e->cred.ns.euid == PT_ID_UNMAPPED)
			wbuf_lit(w, "unmapped");
		else
			wbuf_u64(w, e->cred.ns.euid);
		break;
	case BY_KEYS:
		break;
	}
}

void by_add(struct by_view *b, const struct record *r)
{
	int i;

	wbuf_reset(&b->key);
	for (i = 0; i < b->n_keys; i++) {
		if (i)
			wbuf_ch(&b->key, '\0'); /* no key part holds a NUL */
		part(b, r, b->keys[i]);
	}
	if (!b->key.oom)
		tally_add(&b->t, b->key.buf ? b->key.buf : "", b->key.len, r->ok, 1ull + r->e->repeat,
			  r->real_ns);
}

/* The i-th NUL-separated part of key */
static const char *nth(const struct tally_entry *e, int i, size_t *len)
{
	const char *p = e->key, *end = e->key + e->key_len;

	while (i--) {
		p = memchr(p, '\0', (size_t)(end - p));
		p = p ? p + 1 : end;
	}
	*len = strnlen(p, (size_t)(end - p));
	return p;
}

static size_t text_cols(const char *p, size_t n)
{
	struct wbuf t = WBUF_INIT;
	size_t cols = escape_text(&t, p, n);

	wbuf_free(&t);
	return cols;
}

void by_text(struct wbuf *w, const struct by_view *b)
{
	struct tally_entry **v = tally_sorted(&b->t);
	size_t widths[BY_MAX_KEYS], i, n;
	int k;

	if (!v) {
		w->oom = true;
		return;
	}
	for (k = 0; k < b->n_keys; k++) {
		widths[k] = strlen(names[b->keys[k]]);
		for (i = 0; i < b->t.n; i++) {
			const char *p = nth(v[i], k, &n);
			size_t c = text_cols(p, n);

			if (c > widths[k])
				widths[k] = c > BY_COL_MAX ? BY_COL_MAX : c;
		}
	}
	wbuf_lit(w, "     EVENTS    GRANTED     DENIED");
	for (k = 0; k < b->n_keys; k++) {
		const char *h = names[b->keys[k]];

		wbuf_lit(w, "  ");
		for (; *h; h++)
			wbuf_ch(w, (char)(*h >= 'a' && *h <= 'z' ? *h - 32 : *h));
		for (n = strlen(names[b->keys[k]]); n < widths[k] && k + 1 < b->n_keys; n++)
			wbuf_ch(w, ' ');
	}
	wbuf_ch(w, '\n');
	for (i = 0; i < b->t.n; i++) {
		const __u64 nums[3] = { v[i]->events, v[i]->granted, v[i]->denied };
		int c;

		for (c = 0; c < 3; c++) {
			size_t start = w->len;
			struct wbuf t = WBUF_INIT;

			wbuf_u64(&t, nums[c]);
			while (w->len - start + t.len < 11)
				wbuf_ch(w, ' ');
			wbuf_put(w, t.buf, t.len);
			wbuf_free(&t);
		}
		for (k = 0; k < b->n_keys; k++) {
			const char *p = nth(v[i], k, &n);
			size_t cols;

			wbuf_lit(w, "  ");
			cols = escape_text(w, p, n > BY_COL_MAX * 4 ? BY_COL_MAX * 4 : n);
			for (; cols < widths[k] && k + 1 < b->n_keys; cols++)
				wbuf_ch(w, ' ');
		}
		wbuf_ch(w, '\n');
	}
	free(v);
}

void by_json(struct wbuf *w, const struct by_view *b)
{
	struct tally_entry **v = tally_sorted(&b->t);
	struct jsonw j;
	size_t i, n;
	int k;

	if (!v) {
		w->oom = true;
		return;
	}
	for (i = 0; i < b->t.n; i++) {
		jw_begin(&j, w);
		for (k = 0; k < b->n_keys; k++) {
			const char *p = nth(v[i], k, &n);

			jw_sep(&j);
			wbuf_ch(w, '"');
			wbuf_str(w, names[b->keys[k]]);
			wbuf_lit(w, "\":");
			escape_json(w, p, n);
		}
		jw_u64(&j, "events", v[i]->events);
		jw_u64(&j, "records", v[i]->records);
		jw_u64(&j, "granted", v[i]->granted);
		jw_u64(&j, "denied", v[i]->denied);
		jw_end(&j);
	}
	free(v);
}

void by_csv(struct wbuf *w, const struct by_view *b)
{
	struct tally_entry **v = tally_sorted(&b->t);
	size_t i, n;
	int k;

	if (!v) {
		w->oom = true;
		return;
	}
	for (k = 0; k < b->n_keys; k++) {
		wbuf_str(w, names[b->keys[k]]);
		wbuf_ch(w, ',');
	}
	wbuf_lit(w, "events,granted,denied\n");
	for (i = 0; i < b->t.n; i++) {
		for (k = 0; k < b->n_keys; k++) {
			const char *p = nth(v[i], k, &n);

			report_csv_field(w, p, n);
			wbuf_ch(w, ',');
		}
		wbuf_u64(w, v[i]->events);
		wbuf_ch(w, ',');
		wbuf_u64(w, v[i]->granted);
		wbuf_ch(w, ',');
		wbuf_u64(w, v[i]->denied);
		wbuf_ch(w, '\n');
	}
	free(v);
}

void by_free(struct by_view *b)
{
	tally_free(&b->t);
	wbuf_free(&b->key);
}
