// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * -o html (html.h): the summary as one page. The page is built here byte
 * by byte into the caller's buffer; nothing in it is fetched (inline CSS,
 * inline SVG, no script, and a Content-Security-Policy that forbids any of
 * that should a bug let markup through). Every string of a record goes
 * through text(): its control bytes and invalid UTF-8 shown as \xNN
 * (escape_text), then & < > " ' as entities, in text and attributes alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/escape.h"
#include "privtrace.h"
#include "report/html.h"
#include "report/summary_out.h"

#define HTML_TABLE_ROWS 100 /* entries of each table shown; -o json has them all */

/* the timeline's drawing, in SVG user units (it is scaled to the page's width) */
#define TL_W 1000
#define TL_H 200
#define TL_X0 80.0       /* plot area, left and right */
#define TL_X1 990.0
#define TL_AXIS 95.0     /* the time axis: granted above it, denied below */
#define TL_LANE 80.0     /* height of the tallest bar */
#define TL_MIN_BAR 1.5   /* a slice with any event is at least this high */

struct page {
	struct wbuf *w;
	struct wbuf t;   /* scratch: escape_text's output before the entities */
	const struct summary_report *s;
	const struct report_info *in;
	unsigned long long max_bin; /* the tallest slice of any group, either outcome */
};

/* a string literal only: "" s fails to compile for a pointer (sizeof would be its size) */
#define lit(p, s) wbuf_lit((p)->w, "" s)

/* Bytes already free of control characters and invalid UTF-8, as HTML text or attribute. */
static void entities(struct wbuf *w, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *e;

		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		wbuf_put(w, s + run, i - run);
		wbuf_str(w, e);
		run = i + 1;
	}
	wbuf_put(w, s + run, n - run);
}

/*
 * n bytes from a record (anything: NULs too, which escape_text would stop
 * at, are shown as \x00), for HTML text or a quoted attribute value.
 */
static void text(struct page *p, const char *s, size_t n)
{
	size_t i = 0, k;

	if (!s)
		return;
	wbuf_reset(&p->t);
	while (i < n) {
		const char *z = memchr(s + i, '\0', n - i);

		k = z ? (size_t)(z - (s + i)) : n - i;
		escape_text(&p->t, s + i, k);
		i += k;
		if (z) {
			wbuf_lit(&p->t, "\\x00");
			i++;
		}
	}
	if (p->t.oom)
		p->w->oom = true;
	entities(p->w, p->t.buf, p->t.len);
}

static void str(struct page *p, const char *s)
{
	if (s)
		text(p, s, strlen(s));
}

static void num(struct page *p, unsigned long long v)
{
	wbuf_u64(p->w, v);
}

static void id_num(struct page *p, __u32 id)
{
	if (id == PT_ID_UNMAPPED)
		lit(p, "unmapped");
	else
		num(p, id);
}

/* "3 events", "1 event" */
static void count_of(struct page *p, unsigned long long v, const char *one, const char *many)
{
	num(p, v);
	wbuf_ch(p->w, ' ');
	wbuf_str(p->w, v == 1 ? one : many);
}

static void when(struct page *p, __u64 ns)
{
	report_local_time(p->w, ns);
}

/* "UTC+01:00, CET": the zone of the local times, as this machine has it */
static void zone(struct page *p, __u64 ns)
{
	time_t t = (time_t)(ns / 1000000000ull);
	struct tm tm;
	long off;

	if (!localtime_r(&t, &tm))
		return;
	off = tm.tm_gmtoff;
	lit(p, "UTC");
	wbuf_ch(p->w, off < 0 ? '-' : '+');
	if (off < 0)
		off = -off;
	wbuf_dec_pad(p->w, (__u64)(off / 3600), 2);
	wbuf_ch(p->w, ':');
	wbuf_dec_pad(p->w, (__u64)(off / 60 % 60), 2);
	if (tm.tm_zone && tm.tm_zone[0]) {
		lit(p, ", ");
		str(p, tm.tm_zone);
	}
}

/* A length of time in words: "10 ms", "1.28 s", "2 min 44 s", "3 h 12 min", "2 days 5 h". */
static void duration(struct wbuf *w, __u64 ns)
{
	__u64 s = ns / 1000000000ull;

	if (ns < 1000000ull) {
		wbuf_u64(w, ns / 1000);
		wbuf_lit(w, " \xc2\xb5s");
	} else if (ns < 1000000000ull) {
		wbuf_u64(w, ns / 1000000);
		if (ns % 1000000 / 100000) {
			wbuf_ch(w, '.');
			wbuf_u64(w, ns % 1000000 / 100000);
		}
		wbuf_lit(w, " ms");
	} else if (s < 60) {
		wbuf_u64(w, s);
		if (ns % 1000000000ull / 10000000) {
			__u64 cs = ns % 1000000000ull / 10000000;

			wbuf_ch(w, '.');
			if (cs % 10)
				wbuf_dec_pad(w, cs, 2);
			else
				wbuf_u64(w, cs / 10);
		}
		wbuf_lit(w, " s");
	} else if (s < 3600) {
		wbuf_u64(w, s / 60);
		wbuf_lit(w, " min");
		if (s % 60) {
			wbuf_ch(w, ' ');
			wbuf_u64(w, s % 60);
			wbuf_lit(w, " s");
		}
	} else if (s < 86400) {
		wbuf_u64(w, s / 3600);
		wbuf_lit(w, " h");
		if (s / 60 % 60) {
			wbuf_ch(w, ' ');
			wbuf_u64(w, s / 60 % 60);
			wbuf_lit(w, " min");
		}
	} else {
		wbuf_u64(w, s / 86400);
		wbuf_str(w, s / 86400 == 1 ? " day" : " days");
		if (s / 3600 % 24) {
			wbuf_ch(w, ' ');
			wbuf_u64(w, s / 3600 % 24);
			wbuf_lit(w, " h");
		}
	}
}

/* log2(x) for x >= 1, without libm (the binary links none): enough for bar heights */
static double log2_of(double x)
{
	double y, y2, term, sum;
	int e = 0, k;

	if (x <= 1)
		return 0;
	while (x >= 2) {
		x /= 2;
		e++;
	}
	/* ln x = 2 atanh((x-1)/(x+1)), x in [1, 2): y <= 1/3, the series converges fast */
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = sum = y;
	for (k = 3; k <= 21; k += 2) {
		term *= y2;
		sum += term / k;
	}
	return e + 2 * sum / 0.69314718055994530942;
}

/* Height of a bar of v events, on the page's one logarithmic scale. */
static double bar_height(const struct page *p, unsigned long long v)
{
	double h;

	if (!v || !p->max_bin)
		return 0;
	h = TL_LANE * log2_of(1.0 + (double)v) / log2_of(1.0 + (double)p->max_bin);
	return h < TL_MIN_BAR ? TL_MIN_BAR : h;
}

static void coord(struct page *p, const char *attr, double v)
{
	char b[48];
	int n = snprintf(b, sizeof(b), " %s=\"%.1f\"", attr, v);

	if (n > 0 && (size_t)n < sizeof(b))
		wbuf_put(p->w, b, (size_t)n);
}

static const char css[] =
	":root{color-scheme:light}"
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;"
	"margin:0 auto;max-width:1180px;padding:1em 1.5em 3em;color:#1b1b1b;background:#fff}"
	"h1{font-size:1.65em;margin:.4em 0 .2em}"
	"h2{font-size:1.3em;margin:0 0 .2em}"
	"h3{font-size:1.05em;margin:1.3em 0 .25em}"
	"p{margin:.35em 0}"
	".intro{font-size:1.05em;max-width:60em}"
	".hint{color:#555;font-size:.92em;margin:.1em 0 .35em}"
	"dl.read{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1.2em;margin:.6em 0}"
	"dl.read dt{font-weight:600}dl.read dd{margin:0;overflow-wrap:anywhere}"
	"table{border-collapse:collapse;margin:.25em 0 .6em;font-size:.92em}"
	"th,td{border:1px solid #c8c8c8;padding:.2em .55em;text-align:left;vertical-align:top}"
	"th{background:#f0f0f0;font-weight:600}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"td.k{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;overflow-wrap:anywhere}"
	"td.code{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;white-space:nowrap}"
	"td.t{white-space:nowrap;font-variant-numeric:tabular-nums}"
	"tr.denied td{background:#fff4f4}"
	"tr.total td{font-weight:600;background:#fafafa}"
	".num-g{color:#1d4f8a}.num-d{color:#a4001d;font-weight:600}"
	".warning{border:2px solid #a4001d;background:#fdecee;color:#4d000d;padding:.6em .9em;"
	"margin:.8em 0;border-radius:5px}"
	".warning strong{text-transform:uppercase;letter-spacing:.03em}"
	".ok{border-left:4px solid #3c8d40;background:#f1f8f1;padding:.35em .8em;margin:.6em 0}"
	".more{color:#555;font-style:italic}"
	"nav.toc ul{margin:.3em 0;padding-left:1.3em}"
	"section.group{border:1px solid #b9b9b9;border-radius:7px;padding:1em 1.3em;margin:1.6em 0}"
	"section.group.host{border-color:#8a8a8a}"
	".sub{color:#444;margin:.1em 0 .5em}"
	".sub code,.sub .k{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;overflow-wrap:anywhere}"
	"figure.tl{margin:.6em 0 1em}"
	"svg.timeline{display:block;width:100%;height:auto;background:#fcfcfc;border:1px solid #e2e2e2}"
	"svg.timeline text{font:12px system-ui,sans-serif;fill:#333}"
	"svg.timeline .lane{font-weight:600}"
	"svg.timeline .g{fill:#2b6cb0}svg.timeline .d{fill:#c53030}"
	"svg.timeline .axis{stroke:#333;stroke-width:1}svg.timeline .grid{stroke:#e0e0e0;stroke-width:1}"
	"svg.timeline .lost{fill:#8c8c8c;fill-opacity:.22}"
	"figcaption{font-size:.9em;color:#333;margin-top:.3em}"
	".sw{display:inline-block;width:.85em;height:.85em;vertical-align:-.08em;border-radius:2px;"
	"margin:0 .25em 0 .1em}"
	".sw.g{background:#2b6cb0}.sw.d{background:#c53030}.sw.l{background:#c9c9c9}"
	"dl.gloss dt{font-family:ui-monospace,monospace;font-weight:600;margin-top:.3em}"
	"dl.gloss dd{margin:0 0 0 1.5em}"
	"details{margin:.6em 0}summary{cursor:pointer;font-weight:600}"
	"@media print{section.group{break-inside:auto}body{max-width:none}}";

/* privtrace.reason codes (docs/schema.md), for a reader who never saw them */
static const struct {
	const char *code, *gloss;
} glosses[] = {
	{ "cap_not_effective", "refused: the process did not hold the capability it needed "
	  "(it is not in its effective set)." },
	{ "cap_outside_userns", "refused: the process holds the capability only inside its own "
	  "user namespace, and what it touched belongs to the host (or another outer namespace). "
	  "This is what a remapped container root looks like." },
	{ "owner_unmapped", "refused: the capability was granted inside the container's user "
	  "namespace, yet the file's owner has no uid there, so the capability does not reach it." },
	{ "mode_denies", "refused: the file's permission bits deny it, and the capability that "
	  "would override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) was not held." },
	{ "no_override", "refused without any capability being asked: nothing could override it "
	  "(no exec bits, a mount option, a security module)." },
	{ "security_module", "refused although the capability was held and in scope: a security "
	  "module (AppArmor, SELinux, ...) said no." },
	{ "not_dac", "refused although every capability asked was granted: not a permission-bit "
	  "decision." },
	{ "host_root_file", "granted, but worth a look: the container's root is the host's root, "
	  "and it opened a host file that only root may open." },
	{ "privilege", "granted only thanks to privilege: the permission bits alone would have "
	  "refused this open." },
	{ "host_root_change", "done, and worth a look: the container's root is the host's root, and "
	  "it changed a host file of host root's (or a name in host root's directory) with no "
	  "capability needed." },
};

static const char *gloss_of(const char *code, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(glosses) / sizeof(glosses[0]); i++)
		if (strlen(glosses[i].code) == n && !memcmp(glosses[i].code, code, n))
			return glosses[i].gloss;
	return NULL;
}

static unsigned long long denied_of(const struct sum_group *g)
{
	unsigned long long n = 0;
	int a;

	for (a = 0; a < SA_MAX; a++)
		n += g->counts[a][0];
	return n;
}

static unsigned long long granted_of(const struct sum_group *g)
{
	unsigned long long n = 0;
	int a;

	for (a = 0; a < SA_MAX; a++)
		n += g->counts[a][1];
	return n;
}

/* The group's name as the text summary titles it (report_group_title), for HTML. */
static void group_title(struct page *p, const struct sum_group *g)
{
	if (g->host) {
		lit(p, "host (no container)");
		return;
	}
	lit(p, "container ");
	if (g->name[0]) {
		str(p, g->name);
		lit(p, " (");
		text(p, g->id, strnlen(g->id, 12));
	} else {
		text(p, g->id, strnlen(g->id, 12));
		lit(p, " (no name known");
	}
	if (g->image[0]) {
		lit(p, ", image ");
		str(p, g->image);
	}
	if (g->pod[0]) {
		lit(p, ", pod ");
		str(p, g->pod);
	}
	lit(p, ", ");
	str(p, g->runtime ? g->runtime : "?");
	wbuf_ch(p->w, ')');
}

enum cols {
	C_EVENTS,   /* events only */
	C_OUTCOMES, /* events, granted, denied */
	C_REASONS,  /* C_OUTCOMES and what the code means */
};

/* One tally as a table, most events first; nothing if it is empty. */
static void table(struct page *p, const char *cls, const char *heading, const char *hint,
		  const char *key_head, const char *events_head, const struct tally *t, enum cols cols)
{
	struct tally_entry **v;
	size_t i, shown;
	unsigned int span = cols == C_EVENTS ? 2 : cols == C_OUTCOMES ? 4 : 5;

	if (!t->n)
		return;
	v = tally_sorted(t);
	if (!v) {
		p->w->oom = true;
		return;
	}
	lit(p, "<h3>");
	wbuf_str(p->w, heading);
	lit(p, "</h3>\n");
	if (hint) {
		lit(p, "<p class=\"hint\">");
		wbuf_str(p->w, hint);
		lit(p, "</p>\n");
	}
	lit(p, "<table class=\"");
	wbuf_str(p->w, cls);
	lit(p, "\"><thead><tr><th>");
	wbuf_str(p->w, key_head);
	lit(p, "</th><th class=\"n\">");
	wbuf_str(p->w, events_head);
	lit(p, "</th>");
	if (cols != C_EVENTS)
		lit(p, "<th class=\"n\">granted</th><th class=\"n\">denied</th>");
	if (cols == C_REASONS)
		lit(p, "<th>what it means</th>");
	lit(p, "</tr></thead>\n<tbody>\n");
	shown = t->n < HTML_TABLE_ROWS ? t->n : HTML_TABLE_ROWS;
	for (i = 0; i < shown; i++) {
		const struct tally_entry *e = v[i];

		wbuf_str(p->w, cols == C_REASONS ? "<tr><td class=\"code\">" : "<tr><td class=\"k\">");
		text(p, e->key, e->key_len);
		lit(p, "</td><td class=\"n\">");
		num(p, e->events);
		lit(p, "</td>");
		if (cols != C_EVENTS) {
			lit(p, "<td class=\"n num-g\">");
			num(p, e->granted);
			lit(p, "</td><td class=\"n");
			if (e->denied)
				lit(p, " num-d");
			lit(p, "\">");
			num(p, e->denied);
			lit(p, "</td>");
		}
		if (cols == C_REASONS) {
			const char *gl = gloss_of(e->key, e->key_len);

			lit(p, "<td>");
			if (gl)
				wbuf_str(p->w, gl);
			lit(p, "</td>");
		}
		lit(p, "</tr>\n");
	}
	if (t->n > shown) {
		lit(p, "<tr><td class=\"more\" colspan=\"");
		num(p, span);
		lit(p, "\">... and ");
		num(p, t->n - shown);
		lit(p, " more not shown here (<code>privtrace report -o json</code> lists them all)</td></tr>\n");
	}
	lit(p, "</tbody></table>\n");
	if (t->oom)
		lit(p, "<p class=\"warning\"><strong>Incomplete:</strong> this table ran out of memory; "
		       "some entries are missing.</p>\n");
	free(v);
}

static void head(struct page *p)
{
	const struct summary_report *s = p->s;
	const struct report_info *in = p->in;
	int i;

	lit(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	       "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
	       "<meta name=\"referrer\" content=\"no-referrer\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"generator\" content=\"privtrace report\">\n<title>privtrace report: ");
	if (in->hosts && in->hosts[0]) {
		str(p, in->hosts);
		lit(p, ", ");
	}
	if (s->matched_records) {
		when(p, s->first_ns);
		lit(p, " to ");
		when(p, s->last_ns);
	} else {
		lit(p, "no record matches");
	}
	lit(p, "</title>\n<style>");
	wbuf_put(p->w, css, sizeof(css) - 1);
	lit(p, "</style>\n</head>\n<body>\n<header>\n<h1>Privileged accesses recorded by privtrace</h1>\n"
	       "<p class=\"intro\">This page lists the privileged accesses recorded by privtrace: "
	       "each container's capability checks, credential changes, privilege-raising execs "
	       "and file permission decisions, granted and denied. The host (everything not in a "
	       "container) comes first, then each container. For each one: whose uids it ran as, "
	       "what it was allowed and refused, why, and when.</p>\n");

	lit(p, "<dl class=\"read\" id=\"read\">\n<dt>Files read</dt><dd>");
	if (!in->n_files)
		lit(p, "none");
	for (i = 0; i < in->n_files; i++) {
		if (i)
			lit(p, ", ");
		lit(p, "<code>");
		str(p, in->files[i]);
		lit(p, "</code>");
	}
	lit(p, "</dd>\n<dt>Recorded on</dt><dd>");
	if (in->hosts && in->hosts[0])
		str(p, in->hosts);
	else
		lit(p, "(not said: JSON lines name no host)");
	lit(p, "</dd>\n<dt>Time range</dt><dd>");
	if (s->matched_records) {
		when(p, s->first_ns);
		lit(p, " to ");
		when(p, s->last_ns);
		lit(p, " (");
		duration(p->w, s->last_ns - s->first_ns);
		lit(p, "; local time, ");
		zone(p, s->first_ns);
		lit(p, ")");
	} else {
		lit(p, "-");
	}
	lit(p, "</dd>\n<dt>Records</dt><dd>");
	num(p, s->matched_records);
	lit(p, " records matched, of ");
	count_of(p, in->events_read, "event record", "event records");
	lit(p, " read");
	if (s->folded) {
		lit(p, "; they stand for ");
		count_of(p, s->events, "event", "events");
		lit(p, " (");
		num(p, s->folded);
		lit(p, " repeats of the same access folded into repeat records)");
	}
	lit(p, "</dd>\n<dt>Asked</dt><dd>");
	if (in->asked && in->asked[0]) {
		lit(p, "<code>");
		str(p, in->asked);
		lit(p, "</code>");
	} else {
		lit(p, "everything (no filter)");
	}
	lit(p, "</dd>\n<dt>Groups</dt><dd>");
	if (s->host && s->n_groups == 1) {
		lit(p, "the host only (no container)");
	} else if (s->n_groups) {
		if (s->host)
			lit(p, "the host and ");
		count_of(p, (unsigned long long)(s->n_groups - (s->host ? 1 : 0)), "container", "containers");
	} else {
		lit(p, "none");
	}
	lit(p, "</dd>\n</dl>\n");

	if (s->lost) {
		lit(p, "<p class=\"warning lost\" id=\"warn-lost\"><strong>Events lost:</strong> ");
		count_of(p, s->lost, "event was", "events were");
		lit(p, " lost by the tracer (its ring buffer was full; ");
		count_of(p, s->lost_records, "loss record", "loss records");
		lit(p, ", reported between ");
		when(p, s->first_lost_ns);
		lit(p, " and ");
		when(p, s->last_lost_ns);
		lit(p, "). What happened then is incomplete: a lost event may have been a denial. "
		       "The grey bands on the timelines mark that time.</p>\n");
	}
	if (s->health_seen && s->h_dropped) {
		lit(p, "<p class=\"warning dropped\" id=\"warn-dropped\"><strong>Records dropped:</strong> "
		       "the tracer's last health record says ");
		count_of(p, s->h_dropped, "record was", "records were");
		lit(p, " dropped by its outputs: they are not in what was read.</p>\n");
	}
	if (in->problems) {
		lit(p, "<p class=\"warning damaged\" id=\"warn-damaged\"><strong>Damaged input:</strong> ");
		count_of(p, in->problems, "problem", "problems");
		lit(p, " in what was read (damaged or refused records, said on privtrace's stderr): "
		       "records may be missing from this page.</p>\n");
	}
	if (in->late) {
		lit(p, "<p class=\"warning late\" id=\"warn-late\"><strong>Out of order:</strong> ");
		count_of(p, in->late, "record was", "records were");
		lit(p, " further out of time order than the merge window: times and order may be off.</p>\n");
	}
	if (s->oom)
		lit(p, "<p class=\"warning oom\" id=\"warn-oom\"><strong>Out of memory:</strong> "
		       "some tables on this page are short.</p>\n");
	if (!s->lost && !in->problems && !s->oom)
		lit(p, "<p class=\"ok\" id=\"no-loss\">The tracer reported no lost events and the input "
		       "was read without damage.</p>\n");
}

static void toc(struct page *p)
{
	const struct summary_report *s = p->s;
	int i;

	if (!s->n_groups) {
		lit(p, "<p class=\"ok\" id=\"no-match\">No record matches: there is nothing to show.</p>\n");
		return;
	}
	lit(p, "<nav class=\"toc\"><h2>Contents</h2><ul>\n");
	for (i = 0; i < s->n_groups; i++) {
		const struct sum_group *g = s->groups[i];
		unsigned long long d = denied_of(g);

		lit(p, "<li><a href=\"#group-");
		num(p, (unsigned long long)i + 1);
		lit(p, "\">");
		group_title(p, g);
		lit(p, "</a>: ");
		count_of(p, g->events, "event", "events");
		if (d) {
			lit(p, ", <span class=\"num-d\">");
			num(p, d);
			lit(p, " denied</span>");
		} else {
			lit(p, ", none denied");
		}
		if (!g->host && g->root_is_host_root)
			lit(p, " <strong>(root is host root)</strong>");
		lit(p, "</li>\n");
	}
	lit(p, "</ul></nav>\n");
	lit(p, "<details><summary>What the reasons mean</summary>\n<dl class=\"gloss\">\n");
	for (i = 0; i < (int)(sizeof(glosses) / sizeof(glosses[0])); i++) {
		lit(p, "<dt>");
		wbuf_str(p->w, glosses[i].code);
		lit(p, "</dt><dd>");
		wbuf_str(p->w, glosses[i].gloss);
		lit(p, "</dd>\n");
	}
	lit(p, "</dl>\n</details>\n");
}

static double slice_x(int i)
{
	return TL_X0 + (TL_X1 - TL_X0) * i / SUM_BINS;
}

/* x of a time on the page's span, clamped to it */
static double time_x(const struct summary_report *s, __u64 ns)
{
	double span = (double)s->bin_ns * SUM_BINS;

	if (ns <= s->bin_start_ns || span <= 0)
		return TL_X0;
	if ((double)(ns - s->bin_start_ns) >= span)
		return TL_X1;
	return TL_X0 + (TL_X1 - TL_X0) * (double)(ns - s->bin_start_ns) / span;
}

static void svg_label(struct page *p, double x, double y, const char *anchor, const char *cls)
{
	lit(p, "<text");
	coord(p, "x", x);
	coord(p, "y", y);
	lit(p, " text-anchor=\"");
	wbuf_str(p->w, anchor);
	lit(p, "\"");
	if (cls) {
		lit(p, " class=\"");
		wbuf_str(p->w, cls);
		lit(p, "\"");
	}
	lit(p, ">");
}

static void svg_rect(struct page *p, const char *cls, double x, double y, double w, double h)
{
	lit(p, "<rect class=\"");
	wbuf_str(p->w, cls);
	lit(p, "\"");
	coord(p, "x", x);
	coord(p, "y", y);
	coord(p, "width", w);
	coord(p, "height", h);
	lit(p, "/>");
}

static void timeline(struct page *p, const struct sum_group *g, int idx)
{
	const struct summary_report *s = p->s;
	__u64 end = s->bin_start_ns + s->bin_ns * SUM_BINS;
	unsigned long long gr = granted_of(g), de = denied_of(g);
	double bw = (TL_X1 - TL_X0) / SUM_BINS;
	int i, q;

	if (!s->bin_ns)
		return;
	lit(p, "<h3>Timeline</h3>\n<figure class=\"tl\">\n<svg class=\"timeline\" id=\"timeline-");
	num(p, (unsigned long long)idx);
	lit(p, "\" viewBox=\"0 0 ");
	num(p, TL_W);
	wbuf_ch(p->w, ' ');
	num(p, TL_H);
	lit(p, "\" role=\"img\" aria-labelledby=\"tl-title-");
	num(p, (unsigned long long)idx);
	lit(p, " tl-desc-");
	num(p, (unsigned long long)idx);
	lit(p, "\" data-granted=\"");
	num(p, gr);
	lit(p, "\" data-denied=\"");
	num(p, de);
	lit(p, "\">\n<title id=\"tl-title-");
	num(p, (unsigned long long)idx);
	lit(p, "\">Timeline of ");
	group_title(p, g);
	lit(p, "</title>\n<desc id=\"tl-desc-");
	num(p, (unsigned long long)idx);
	lit(p, "\">");
	count_of(p, gr, "granted event", "granted events");
	lit(p, " and ");
	count_of(p, de, "denied event", "denied events");
	lit(p, " between ");
	when(p, s->bin_start_ns);
	lit(p, " and ");
	when(p, end);
	lit(p, " (local time), in ");
	num(p, SUM_BINS);
	lit(p, " slices of ");
	duration(p->w, s->bin_ns);
	lit(p, " each. Granted events are drawn upwards, denied events downwards; bar heights "
	       "are logarithmic.</desc>\n");

	/* the loss, where the tracer reported it */
	if (s->lost && s->first_lost_ns) {
		double x0 = time_x(s, s->first_lost_ns), x1 = time_x(s, s->last_lost_ns);

		x0 -= bw / 2;
		x1 += bw / 2;
		lit(p, "<g class=\"lostband\"><title>events were lost around here</title>");
		svg_rect(p, "lost", x0 < TL_X0 ? TL_X0 : x0, TL_AXIS - TL_LANE,
			 (x1 > TL_X1 ? TL_X1 : x1) - (x0 < TL_X0 ? TL_X0 : x0), 2 * TL_LANE);
		lit(p, "</g>\n");
	}
	/* quarters of the span, and the axis */
	for (q = 0; q <= 4; q++) {
		double x = TL_X0 + (TL_X1 - TL_X0) * q / 4;

		lit(p, "<line class=\"grid\"");
		coord(p, "x1", x);
		coord(p, "y1", TL_AXIS - TL_LANE);
		coord(p, "x2", x);
		coord(p, "y2", TL_AXIS + TL_LANE);
		lit(p, "/>");
	}
	lit(p, "\n<line class=\"axis\"");
	coord(p, "x1", TL_X0);
	coord(p, "y1", TL_AXIS);
	coord(p, "x2", TL_X1);
	coord(p, "y2", TL_AXIS);
	lit(p, "/>\n");
	svg_label(p, TL_X0 - 6, TL_AXIS - TL_LANE / 2 + 4, "end", "lane");
	lit(p, "granted \xe2\x86\x91</text>");
	svg_label(p, TL_X0 - 6, TL_AXIS + TL_LANE / 2 + 4, "end", "lane");
	lit(p, "denied \xe2\x86\x93</text>");
	svg_label(p, TL_X0 - 6, TL_AXIS - TL_LANE + 10, "end", NULL);
	num(p, p->max_bin);
	lit(p, "</text>");
	svg_label(p, TL_X0 - 6, TL_AXIS + TL_LANE, "end", NULL);
	num(p, p->max_bin);
	lit(p, "</text>\n");

	for (i = 0; i < SUM_BINS; i++) {
		unsigned long long d = g->bins[i][0], ok = g->bins[i][1];
		double x = slice_x(i) + bw * 0.1, w = bw * 0.8;
		__u64 t0 = s->bin_start_ns + s->bin_ns * (__u64)i;

		if (!d && !ok)
			continue;
		lit(p, "<g class=\"slice\"><title>");
		when(p, t0);
		lit(p, " + ");
		duration(p->w, s->bin_ns);
		lit(p, ": ");
		num(p, ok);
		lit(p, " granted, ");
		num(p, d);
		lit(p, " denied</title>");
		if (ok) {
			double h = bar_height(p, ok);

			svg_rect(p, "g", x, TL_AXIS - h, w, h);
		}
		if (d)
			svg_rect(p, "d", x, TL_AXIS, w, bar_height(p, d));
		lit(p, "</g>\n");
	}
	svg_label(p, TL_X0, TL_H - 8, "start", "t-start");
	when(p, s->bin_start_ns);
	lit(p, "</text>");
	svg_label(p, (TL_X0 + TL_X1) / 2, TL_H - 8, "middle", "t-mid");
	when(p, s->bin_start_ns + s->bin_ns * (SUM_BINS / 2));
	lit(p, "</text>");
	svg_label(p, TL_X1, TL_H - 8, "end", "t-end");
	when(p, end);
	lit(p, "</text>\n</svg>\n<figcaption class=\"legend\"><span class=\"sw g\"></span>granted "
	       "(upwards) <span class=\"sw d\"></span>denied (downwards)");
	if (s->lost)
		lit(p, " <span class=\"sw l\"></span>events lost");
	lit(p, ". Time runs left to right, the same span for every group on this page: from ");
	when(p, s->bin_start_ns);
	lit(p, " to ");
	when(p, end);
	lit(p, " (local time), ");
	num(p, SUM_BINS);
	lit(p, " slices of ");
	duration(p->w, s->bin_ns);
	lit(p, " each. Bar heights are <strong>logarithmic</strong> (1, 10 and 100 events are evenly "
	       "spaced), on one scale for the whole page: a full-height bar is ");
	count_of(p, p->max_bin, "event", "events");
	lit(p, " in one slice. Hover over a bar for its counts.</figcaption>\n</figure>\n");
}

static void counts(struct page *p, const struct sum_group *g)
{
	int a;

	lit(p, "<h3>What it did</h3>\n<p class=\"hint\">Each kind of privileged access, and how "
	       "many times the kernel granted or denied it.</p>\n<table class=\"counts\"><thead><tr>"
	       "<th>action</th><th class=\"n\">granted</th><th class=\"n\">denied</th></tr></thead>\n"
	       "<tbody>\n");
	for (a = 0; a < SA_MAX; a++) {
		if (!g->counts[a][0] && !g->counts[a][1])
			continue;
		lit(p, "<tr data-action=\"");
		str(p, summary_action_name(a));
		lit(p, "\"><td>");
		str(p, summary_action_name(a));
		lit(p, "</td><td class=\"n num-g\">");
		num(p, g->counts[a][1]);
		lit(p, "</td><td class=\"n");
		if (g->counts[a][0])
			lit(p, " num-d");
		lit(p, "\">");
		num(p, g->counts[a][0]);
		lit(p, "</td></tr>\n");
	}
	lit(p, "<tr class=\"total\"><td>all</td><td class=\"n\">");
	num(p, granted_of(g));
	lit(p, "</td><td class=\"n\">");
	num(p, denied_of(g));
	lit(p, "</td></tr>\n</tbody></table>\n");
}

static void denials(struct page *p, const struct sum_group *g)
{
	int i;

	lit(p, "<h3>Denials, one by one</h3>\n");
	if (!g->n_denials) {
		lit(p, "<p class=\"none-denied\">Nothing was denied.</p>\n");
		return;
	}
	lit(p, "<p class=\"hint\">");
	if (g->n_denials == SUM_DENIED_ROWS) {
		lit(p, "<strong class=\"first-shown\">First ");
		num(p, SUM_DENIED_ROWS);
		lit(p, " shown:</strong> only the first ");
		num(p, SUM_DENIED_ROWS);
		lit(p, " denials are listed here, of ");
		count_of(p, denied_of(g), "denied event", "denied events");
		lit(p, " in all; the counts above include them all. ");
	} else {
		lit(p, "Every denial, in time order. ");
	}
	lit(p, "A uid is shown as the host sees it and as the process's user namespace sees it.</p>\n"
	       "<table class=\"denials\"><thead><tr><th>time</th><th>process</th><th class=\"n\">pid</th>"
	       "<th class=\"n\">host uid / ns uid</th><th>action</th><th>what</th><th>reason</th>"
	       "<th class=\"n\">events</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < g->n_denials; i++) {
		const struct sum_denial *d = &g->denials[i];

		lit(p, "<tr class=\"denied\"><td class=\"t\">");
		when(p, d->real_ns);
		lit(p, "</td><td class=\"k\">");
		text(p, d->process, strnlen(d->process, sizeof(d->process)));
		lit(p, "</td><td class=\"n\">");
		num(p, d->pid);
		lit(p, "</td><td class=\"n\">");
		id_num(p, d->host_uid);
		lit(p, " / ");
		id_num(p, d->ns_uid);
		lit(p, "</td><td>");
		text(p, d->action, strnlen(d->action, sizeof(d->action)));
		lit(p, "</td><td class=\"k\">");
		text(p, d->what, strnlen(d->what, sizeof(d->what)));
		lit(p, "</td><td>");
		text(p, d->reason, strnlen(d->reason, sizeof(d->reason)));
		lit(p, "</td><td class=\"n\">");
		num(p, d->events);
		lit(p, "</td></tr>\n");
	}
	lit(p, "</tbody></table>\n");
}

static void group(struct page *p, const struct sum_group *g, int idx)
{
	unsigned long long d = denied_of(g);

	lit(p, "<section class=\"group");
	if (g->host)
		lit(p, " host");
	lit(p, "\" id=\"group-");
	num(p, (unsigned long long)idx);
	lit(p, "\" data-container=\"");
	if (g->host)
		lit(p, "host");
	else
		str(p, g->name[0] ? g->name : g->id);
	lit(p, "\" data-kind=\"");
	wbuf_str(p->w, g->host ? "host" : "container");
	lit(p, "\"");
	if (!g->host) {
		lit(p, " data-id=\"");
		str(p, g->id);
		lit(p, "\"");
	}
	lit(p, " data-events=\"");
	num(p, g->events);
	lit(p, "\" data-denied=\"");
	num(p, d);
	lit(p, "\">\n<h2>");
	group_title(p, g);
	lit(p, "</h2>\n<p class=\"sub\">");
	if (!g->host) {
		lit(p, "container id <span class=\"k\">");
		str(p, g->id);
		lit(p, "</span><br>");
	}
	count_of(p, g->events, "event", "events");
	if (g->records != g->events) {
		lit(p, " (in ");
		count_of(p, g->records, "record", "records");
		lit(p, ")");
	}
	lit(p, ": <span class=\"num-g\">");
	num(p, granted_of(g));
	lit(p, " granted</span>, <span class=\"");
	wbuf_str(p->w, d ? "num-d" : "num-g");
	lit(p, "\">");
	num(p, d);
	lit(p, " denied</span>, from ");
	when(p, g->first_ns);
	lit(p, " to ");
	when(p, g->last_ns);
	lit(p, "</p>\n");
	if (g->root_is_host_root && !g->host)
		lit(p, "<p class=\"warning root-host\"><strong>Warning: this container's root is the "
		       "host's root.</strong> Some or all of its processes ran without a remapping "
		       "user namespace (the table of user namespaces below says how many events), so "
		       "uid 0 inside is uid 0 on the host: whatever escapes the container does so as "
		       "root. Running it with user namespaces (for Docker, <code>--userns-remap</code>) "
		       "would make its root an ordinary host user.</p>\n");
	timeline(p, g, idx);
	table(p, "userns", "User namespaces", "Where the root of its user namespace (uid 0 inside) "
	      "lands on the host. A remapped root is an ordinary host user; <em>host root</em> "
	      "means root inside is root outside.", "user namespace", "events", &g->userns, C_EVENTS);
	table(p, "users", "Users", "Who did it: each uid as the host sees it and as the "
	      "process's user namespace sees it (with their names, where known).",
	      "user", "events", &g->users, C_OUTCOMES);
	counts(p, g);
	table(p, "denied-caps", "Denied capabilities", "Capabilities (the pieces of root's power "
	      "Linux hands out one by one) that processes asked for and were refused.",
	      "capability", "denied", &g->denied_caps, C_EVENTS);
	table(p, "reasons", "Reasons", "Why accesses were refused, or flagged although granted.",
	      "reason", "events", &g->reasons, C_REASONS);
	table(p, "denied-paths", "Denied paths", "Files and directories it was refused.",
	      "path", "denied", &g->denied_paths, C_EVENTS);
	table(p, "flagged", "Granted but flagged", "Accesses that succeeded but deserve a look, "
	      "with the reason they were flagged.", "reason: path", "granted", &g->flagged, C_EVENTS);
	table(p, "checked-as", "Checked with other credentials", "Capability checks the kernel made "
	      "for its processes with credentials that are not theirs: overlayfs checks its "
	      "mounter's (the container runtime's) when a process touches an image file. The other "
	      "tables count these as the process's own accesses; the credentials checked are here.",
	      "capability as whose credentials", "events", &g->checked_as, C_OUTCOMES);
	table(p, "execs", "Privilege-raising execs", "Programs run that changed the effective uid "
	      "(set-user-id programs such as <code>su</code> or <code>sudo</code>).",
	      "program: effective uid before -&gt; after", "events", &g->execs, C_OUTCOMES);
	table(p, "changes", "Credential changes", "Calls that change a process's uids, gids, "
	      "groups or capabilities, from what to what.", "change", "events", &g->changes,
	      C_OUTCOMES);
	denials(p, g);
	lit(p, "</section>\n");
}

void html_page(struct wbuf *w, const struct summary_report *s, const struct report_info *in)
{
	struct page p = { .w = w, .t = WBUF_INIT, .s = s, .in = in };
	int i, j;

	for (i = 0; i < s->n_groups; i++)
		for (j = 0; j < SUM_BINS; j++) {
			if (s->groups[i]->bins[j][0] > p.max_bin)
				p.max_bin = s->groups[i]->bins[j][0];
			if (s->groups[i]->bins[j][1] > p.max_bin)
				p.max_bin = s->groups[i]->bins[j][1];
		}
	head(&p);
	toc(&p);
	for (i = 0; i < s->n_groups; i++)
		group(&p, s->groups[i], i + 1);
	lit(&p, "<footer><p class=\"hint\">Made by <code>privtrace report -o html</code>. Times are "
		"the local time of the machine that made this page. The same data: "
		"<code>privtrace report -o json</code>.</p></footer>\n</body>\n</html>\n");
	wbuf_free(&p.t);
}
