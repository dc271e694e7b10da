// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* `privtrace report`: the options, the read loop, the view. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/names.h"
#include "format/json.h"
#include "lib/clock.h"
#include "lib/escape.h"
#include "lib/json_scan.h"
#include "lib/parse.h"
#include "report/by.h"
#include "report/html.h"
#include "report/merge.h"
#include "report/out.h"
#include "report/query.h"
#include "report/rebuild_capture.h"
#include "report/rebuild_json.h"
#include "report/report.h"
#include "report/source.h"
#include "report/summary.h"
#include "report/summary_out.h"
#include "report/timeline.h"

#define MAX_FILES 1024

enum rep_form { RF_TEXT, RF_JSON, RF_CSV, RF_HTML };

struct rep_opts {
	enum rep_form form;
	const char *out_path;
	bool timeline;
	const char *by;
	struct query q;
	const char *containers[QUERY_MAX];
	char *files[MAX_FILES];
	int n_files;
	struct wbuf asked;          /* the query's options, as given (for every view's head) */
	bool help;
};

enum {
	RO_SINCE = 0x100, RO_UNTIL, RO_CONTAINER, RO_HOST, RO_CONTAINERS_ONLY, RO_UID, RO_NS_UID,
	RO_OUTCOME, RO_ACTION, RO_CAP, RO_PATH, RO_PID, RO_REASON, RO_BY, RO_TIMELINE, RO_USAGE,
};

static const char doc[] =
	"Ask recorded privilege use: captures (privtrace record -w FILE) and privtrace's\n"
	"JSON lines (-o json, --sink file:, plain or .gz), in any order; records come out\n"
	"in time order.\n"
	"\n"
	"USAGE: privtrace report [OPTIONS] FILE...\n"
	"\n"
	"VIEWS: a summary per container (the default); --by KEY[,KEY] counts by keys;\n"
	"--timeline the records themselves (text as the live tracer prints them,\n"
	"-o json as the live JSON records).\n"
	"\n"
	"EXAMPLES:\n"
	"    privtrace report inc.ptcap                       # what each container did\n"
	"    privtrace report --since 10:00 --until 10:05 --container web --outcome denied inc.ptcap\n"
	"    privtrace report --by container,cap --outcome denied inc.ptcap*\n"
	"    privtrace report --timeline --pid 4242 inc.ptcap # a process and its children\n"
	"    privtrace report -o html -w inc.html inc.ptcap   # one page for the incident file\n"
	"    privtrace report --by hour /var/log/privtrace.json.1.gz\n"
	"\n"
	"Exit status: 0; 1 when some input was damaged or unreadable (the rest was read\n"
	"and reported, the damage said on stderr); 2 on a usage error or nothing readable.\n";

static const struct argp_option opts[] = {
	{ "output", 'o', "FORMAT", 0, "text (default), json, csv or html", 0 },
	{ "write", 'w', "FILE", 0, "write the report to FILE instead of stdout", 0 },
	{ "timeline", RO_TIMELINE, NULL, 0, "the matching records in time order", 0 },
	{ "by", RO_BY, "KEY[,KEY]", 0,
	  "count by container, cap, path, user, process, reason, hour, action, outcome, uid, ns-uid", 0 },
	{ "since", RO_SINCE, "TIME", 0,
	  "from TIME on: 2026-12-01T10:00:00Z (no Z: local), 10:00 (the first record's day), -15m", 0 },
	{ "until", RO_UNTIL, "TIME", 0, "before TIME (the same forms)", 0 },
	{ "container", RO_CONTAINER, "NAME|ID", 0,
	  "only this container: its name, or an id prefix of 12 or more digits (repeatable)", 0 },
	{ "host-only", RO_HOST, NULL, 0, "only what ran outside containers", 0 },
	{ "containers-only", RO_CONTAINERS_ONLY, NULL, 0, "only what ran in containers", 0 },
	{ "uid", RO_UID, "UID", 0, "host real or effective uid (repeatable)", 0 },
	{ "ns-uid", RO_NS_UID, "UID", 0,
	  "real or effective uid as the task's user namespace sees it (repeatable)", 0 },
	{ "outcome", RO_OUTCOME, "granted|denied", 0, "only granted or only denied", 0 },
	{ "action", RO_ACTION, "ACTION", 0,
	  "capability, setuid, setgid, setgroups, capset, exec or file (repeatable)", 0 },
	{ "cap", RO_CAP, "NAME", 0, "capability checks of CAP_NAME (or NAME, or its number; repeatable)", 0 },
	{ "path", RO_PATH, "GLOB", 0, "paths matching GLOB (* matches / too; repeatable)", 0 },
	{ "pid", RO_PID, "PID", 0, "this host pid and its descendants seen in the records (repeatable)", 0 },
	{ "reason", RO_REASON, "CODE", 0, "records with this privtrace.reason (repeatable)", 0 },
	{ "help", 'h', NULL, 0, "show this help", 0 },
	{ "usage", RO_USAGE, NULL, OPTION_HIDDEN, "show the short usage", 0 },
	{},
};

#define fail(state, ...) (argp_error(state, __VA_ARGS__), EINVAL)

static void note_asked(struct rep_opts *o, const char *name, const char *arg)
{
	if (o->asked.len)
		wbuf_ch(&o->asked, ' ');
	wbuf_lit(&o->asked, "--");
	wbuf_str(&o->asked, name);
	if (arg) {
		wbuf_ch(&o->asked, ' ');
		wbuf_str(&o->asked, arg);
	}
}

static error_t parse_u32_list(struct argp_state *state, const char *name, const char *arg,
			      __u32 *v, int *n)
{
	unsigned long x;

	if (parse_ulong(arg, 0, PT_ID_UNMAPPED - 1, &x))
		return fail(state, "invalid %s '%s': a number", name, arg);
	if (*n == QUERY_MAX)
		return fail(state, "too many %s options (at most %d)", name, QUERY_MAX);
	v[(*n)++] = (__u32)x;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct rep_opts *o = state->input;
	struct query *q = &o->q;
	char err[256];
	int v;

	switch (key) {
	case 'o':
		if (!strcmp(arg, "text"))
			o->form = RF_TEXT;
		else if (!strcmp(arg, "json"))
			o->form = RF_JSON;
		else if (!strcmp(arg, "csv"))
			o->form = RF_CSV;
		else if (!strcmp(arg, "html"))
			o->form = RF_HTML;
		else
			return fail(state, "invalid --output '%s': use text, json, csv or html", arg);
		return 0;
	case 'w':
		if (!*arg)
			return fail(state, "--write needs a file path");
		o->out_path = arg;
		return 0;
	case RO_TIMELINE:
		o->timeline = true;
		return 0;
	case RO_BY:
		o->by = arg;
		return 0;
	case 'h':
	case RO_USAGE:
		argp_state_help(state, stdout, key == 'h' ? ARGP_HELP_STD_HELP & ~ARGP_HELP_EXIT_OK
							  : ARGP_HELP_USAGE);
		o->help = true;
		return 0;
	case ARGP_KEY_ARG:
		if (o->n_files == MAX_FILES)
			return fail(state, "too many files (at most %d)", MAX_FILES);
		o->files[o->n_files++] = arg;
		return 0;
	case ARGP_KEY_END:
		if (o->help)
			return 0;
		if (!o->n_files)
			return fail(state, "which files? privtrace report [OPTIONS] FILE...");
		if (o->timeline && o->by)
			return fail(state, "--timeline and --by are two views: choose one");
		if (o->form == RF_HTML && (o->timeline || o->by))
			return fail(state, "-o html is the summary's page: without --timeline or --by");
		if (q->where.scope == SCOPE_HOST && q->where.n_match)
			return fail(state, "--host-only and --container exclude each other");
		return 0;
	}
	/* the query's options: what was asked goes in every view's head */
	switch (key) {
	case RO_SINCE:
	case RO_UNTIL: {
		__u64 t;
		bool tod;

		if (query_time(arg, clock_real_now(), &t, &tod, err, sizeof(err)))
			return fail(state, "invalid --%s: %s", key == RO_SINCE ? "since" : "until", err);
		if (key == RO_SINCE) {
			q->since_ns = t;
			q->since_day = tod;
			q->since_text = arg;
		} else {
			q->until_ns = t;
			q->until_day = tod;
			q->until_text = arg;
		}
		break;
	}
	case RO_CONTAINER:
		if (!*arg || strlen(arg) > 255)
			return fail(state, "invalid --container '%s': a container name or id prefix", arg);
		if (q->where.n_match == QUERY_MAX)
			return fail(state, "too many --container options (at most %d)", QUERY_MAX);
		o->containers[q->where.n_match++] = arg;
		break;
	case RO_HOST:
	case RO_CONTAINERS_ONLY:
		if (q->where.scope)
			return fail(state, "--host-only and --containers-only exclude each other");
		q->where.scope = key == RO_HOST ? SCOPE_HOST : SCOPE_CONTAINERS;
		break;
	case RO_UID:
		if (parse_u32_list(state, "--uid", arg, q->uid, &q->n_uid))
			return EINVAL;
		break;
	case RO_NS_UID:
		if (parse_u32_list(state, "--ns-uid", arg, q->ns_uid, &q->n_ns_uid))
			return EINVAL;
		break;
	case RO_PID:
		if (parse_u32_list(state, "--pid", arg, q->pid, &q->n_pid))
			return EINVAL;
		break;
	case RO_OUTCOME:
		if (!strcmp(arg, "granted") || !strcmp(arg, "success"))
			q->outcome = 1;
		else if (!strcmp(arg, "denied") || !strcmp(arg, "failure"))
			q->outcome = 0;
		else
			return fail(state, "invalid --outcome '%s': granted or denied", arg);
		break;
	case RO_ACTION:
		if (strcmp(arg, "capability") && strcmp(arg, "setuid") && strcmp(arg, "setgid") &&
		    strcmp(arg, "setgroups") && strcmp(arg, "capset") && strcmp(arg, "exec") &&
		    strcmp(arg, "file"))
			return fail(state, "invalid --action '%s': capability, setuid, setgid, setgroups, "
					   "capset, exec or file", arg);
		if (q->n_action == QUERY_MAX)
			return fail(state, "too many --action options (at most %d)", QUERY_MAX);
		q->action[q->n_action++] = arg;
		break;
	case RO_CAP:
		v = query_cap(arg);
		if (v < 0)
			return fail(state, "invalid --cap '%s': a capability such as CAP_SYS_ADMIN", arg);
		if (q->n_cap == QUERY_MAX)
			return fail(state, "too many --cap options (at most %d)", QUERY_MAX);
		q->cap[q->n_cap++] = v;
		break;
	case RO_PATH:
		if (!*arg)
			return fail(state, "--path needs a glob");
		if (q->n_path == QUERY_MAX)
			return fail(state, "too many --path options (at most %d)", QUERY_MAX);
		q->path_glob[q->n_path++] = arg;
		break;
	case RO_REASON:
		v = query_reason(arg);
		if (v < 0)
			return fail(state, "invalid --reason '%s': one of cap_not_effective, "
					   "cap_outside_userns, owner_unmapped, mode_denies, no_override, "
					   "security_module, not_dac, host_root_file, privilege, "
					   "host_root_change", arg);
		if (q->n_reason == QUERY_MAX)
			return fail(state, "too many --reason options (at most %d)", QUERY_MAX);
		q->reason[q->n_reason++] = v;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	for (v = 0; opts[v].name; v++)
		if (opts[v].key == key)
			note_asked(o, opts[v].name, arg);
	return 0;
}

/* The views, fed record by record. */
struct views {
	struct rep_opts *o;
	struct summary_report sum;
	struct by_view by;
	struct timeline tl;
	struct rout out;
	struct rebuilt rb;
};

static bool is_metric_line(const char *p, size_t len)
{
	return memmem(p, len < 200 ? len : 200, "\"kind\":\"metric\"", 15) != NULL;
}

/* Every record starts with @timestamp and ecs.version: an older privtrace's have no ecs. */
static bool json_version_ok(const char *p, size_t len, const char **why)
{
	static const char key[] = "\"ecs\":{\"version\":\"";
	static const char ours[] = "\"ecs\":{\"version\":\"" PT_ECS_VERSION "\"}";
	size_t n = len < 120 ? len : 120;

	if (memmem(p, n, ours, sizeof(ours) - 1))
		return true;
	*why = memmem(p, n, key, sizeof(key) - 1) ?
		       "a record for another ECS version than this privtrace's (" PT_ECS_VERSION ")" :
		       "no ecs.version: written by an older privtrace (before 2026-12), or not privtrace's";
	return false;
}

static void lost_line(struct views *v, const char *json, size_t len, __u64 real_ns)
{
	struct json_val root;
	long long n = 0, total = 0;

	while (len && json[len - 1] == '\n')
		len--;
	if (json_parse(json, len, &root) ||
	    json_get_int(&root, JSON_PATH("privtrace", "lost", "events"), &n))
		return;
	json_get_int(&root, JSON_PATH("privtrace", "lost", "total"), &total);
	timeline_lost(&v->tl, &v->out.w, real_ns, (__u64)n, (__u64)total);
}

static void metric(struct views *v, const char *json, size_t len, __u64 real_ns)
{
	struct query *q = &v->o->q;

	if ((q->since_ns && real_ns < q->since_ns) || (q->until_ns && real_ns >= q->until_ns))
		return;
	summary_metric(&v->sum, json, len, real_ns);
	if (v->o->timeline)
		lost_line(v, json, len, real_ns);
}

static void event(struct views *v, const struct item *it)
{
	const char *line = it->kind == ITEM_JSON ? it->p : NULL;

	if (!query_match(&v->o->q, &v->rb.r))
		return;
	summary_report_add(&v->sum, &v->rb.r);
	if (v->o->by)
		by_add(&v->by, &v->rb.r);
	else if (v->o->timeline)
		timeline_record(&v->tl, &v->out.w, &v->rb.r, line, line ? it->len : 0);
	rout_maybe_flush(&v->out);
}

/* A time of day means that time on the day of the first record. */
static void resolve_days(struct query *q, __u64 first_ns)
{
	if (q->since_day) {
		q->since_ns = query_time_on_day(q->since_text, first_ns);
		q->since_day = false;
	}
	if (q->until_day) {
		q->until_ns = query_time_on_day(q->until_text, first_ns);
		q->until_day = false;
	}
}

/* Is name (len bytes) one of the ", "-joined entries of w? */
static bool listed(const struct wbuf *w, const char *name, size_t len)
{
	const char *p = w->buf, *end = w->buf + w->len;

	while (p && p < end) {
		const char *comma = memmem(p, (size_t)(end - p), ", ", 2);
		size_t n = comma ? (size_t)(comma - p) : (size_t)(end - p);

		if (n == len && !memcmp(p, name, len))
			return true;
		p = comma ? comma + 2 : NULL;
	}
	return false;
}

static void hosts_of(struct source **src, int n, struct wbuf *w)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *h = source_header(src[i]), *p;
		size_t len;

		if (!h)
			continue;
		p = !strncmp(h, "host=", 5) ? h : strstr(h, "\nhost=");
		if (!p)
			continue;
		p += p[0] == '\n' ? 6 : 5;
		len = strcspn(p, "\n");
		/* once each: whole names, "node1" is not in "node10" */
		if (listed(w, p, len))
			continue;
		if (w->len)
			wbuf_lit(w, ", ");
		wbuf_put(w, p, len);
	}
	wbuf_ch(w, '\0');
}

static int read_all(struct views *v, struct source **src, int n_src, struct report_info *in)
{
	struct merge *m = merge_new(src, n_src);
	struct item it;
	bool first = true;
	int si, rc;

	if (!m) {
		fprintf(stderr, "privtrace report: out of memory\n");
		return -1;
	}
	while ((rc = merge_next(m, &it, &si)) > 0) {
		const char *why = NULL;

		in->read++;
		if (first) {
			resolve_days(&v->o->q, it.real_ns);
			first = false;
		}
		switch (it.kind) {
		case ITEM_CAPTURE_METRIC:
			metric(v, it.json, it.json_len, it.real_ns);
			continue;
		case ITEM_JSON:
			if (is_metric_line(it.p, it.len)) {
				metric(v, it.p, it.len, it.real_ns);
				continue;
			}
			if (!json_version_ok(it.p, it.len, &why) ||
			    rebuild_json(it.p, it.len, &v->rb, &why)) {
				source_problem(src[si], &it, why);
				continue;
			}
			break;
		case ITEM_CAPTURE_EVENT:
			if (rebuild_capture(it.p, it.len, &v->rb, &why)) {
				source_problem(src[si], &it, why);
				continue;
			}
			break;
		}
		in->events_read++;
		event(v, &it);
	}
	in->late = merge_late(m);
	merge_free(m);
	if (rc < 0) {
		fprintf(stderr, "privtrace report: out of memory\n");
		return -1;
	}
	return 0;
}

int report_main(int argc, char **argv)
{
	static const struct argp argp = { .options = opts, .parser = parse_opt, .doc = doc,
					  .args_doc = "FILE..." };
	struct rep_opts *o = calloc(1, sizeof(*o));
	struct views *v = calloc(1, sizeof(*v));
	struct source **src = NULL;
	struct report_info in = { 0 };
	struct wbuf hosts = WBUF_INIT;
	int i, n_src = 0, status = 2;
	char err[256];

	if (!o || !v) {
		fprintf(stderr, "privtrace report: out of memory\n");
		goto out;
	}
	query_init(&o->q);
	clock_init();
	if (argp_parse(&argp, argc, argv, ARGP_NO_EXIT | ARGP_NO_HELP, NULL, o))
		goto out;
	if (o->help) {
		status = 0;
		goto out;
	}
	o->q.where.match = o->containers;
	v->o = o;
	if (o->by && by_parse(&v->by, o->by, err, sizeof(err))) {
		fprintf(stderr, "privtrace report: %s\n", err);
		goto out;
	}
	summary_init(&v->sum);
	timeline_init(&v->tl, o->form == RF_JSON ? TL_JSON : o->form == RF_CSV ? TL_CSV : TL_TEXT);
	src = calloc(o->n_files, sizeof(*src));
	if (!src)
		goto out;
	for (i = 0; i < o->n_files; i++) {
		src[n_src] = source_open(o->files[i]);
		if (src[n_src])
			n_src++;
		else
			in.problems++;
	}
	if (!n_src) {
		fprintf(stderr, "privtrace report: nothing could be read\n");
		goto out;
	}
	if (rout_open(&v->out, o->out_path))
		goto out;
	hosts_of(src, n_src, &hosts);
	wbuf_ch(&o->asked, '\0');
	in.files = o->files;
	in.n_files = o->n_files;
	in.asked = o->asked.oom ? "" : o->asked.buf;
	in.hosts = hosts.oom ? "" : hosts.buf;
	if (read_all(v, src, n_src, &in)) {
		rout_close(&v->out);
		goto out;
	}
	for (i = 0; i < n_src; i++)
		in.problems += source_problems(src[i]);
	summary_finish(&v->sum);
	if (o->by) {
		if (o->form == RF_JSON)
			by_json(&v->out.w, &v->by);
		else if (o->form == RF_CSV)
			by_csv(&v->out.w, &v->by);
		else
			by_text(&v->out.w, &v->by);
	} else if (!o->timeline) {
		if (o->form == RF_JSON)
			summary_json(&v->out.w, &v->sum, &in);
		else if (o->form == RF_CSV)
			summary_csv(&v->out.w, &v->sum);
		else if (o->form == RF_HTML)
			html_page(&v->out.w, &v->sum, &in);
		else
			summary_text(&v->out.w, &v->sum, &in);
	}
	if (rout_close(&v->out))
		goto out;
	if (in.problems)
		fprintf(stderr, "privtrace report: %llu problem%s with the input (said above): the "
				"report covers what could be read\n", in.problems, in.problems == 1 ? "" : "s");
	status = in.problems ? 1 : 0;
out:
	for (i = 0; i < n_src; i++)
		source_close(src[i]);
	free(src);
	if (v) {
		summary_free(&v->sum);
		by_free(&v->by);
	}
	if (o) {
		query_free(&o->q);
		wbuf_free(&o->asked);
	}
	wbuf_free(&hosts);
	free(v);
	free(o);
	return status;
}
