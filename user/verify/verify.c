// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* `privtrace verify`: the options, the containers, the verdicts. */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrich/docker_api.h"
#include "enrich/runtime_state.h"
#include "filter/filter.h"
#include "lib/json_scan.h"
#include "lib/parse.h"
#include "report/out.h"
#include "verify/exercise.h"
#include "verify/out.h"
#include "verify/verdict.h"
#include "verify/verify.h"
#include "verify/watch.h"

#define MAX_SOCKETS VERIFY_SOCKETS_MAX
#define MAX_MATCH 16
#define WATCH_MAX_S (7 * 24 * 3600)
#define MAX_SUBJECTS 512
#define RUNTIME_TIMEOUT_MS 3000
#define DEFAULT_SOCKET "/var/run/docker.sock"

enum v_form { VF_TEXT, VF_JSON, VF_JUNIT };

struct v_opts {
	enum v_form form;
	const char *out_path, *records;
	const char *sockets[MAX_SOCKETS];
	int n_sockets;
	const char *runc_roots[MAX_SOCKETS], *ctrd_roots[MAX_SOCKETS];
	int n_runc_roots, n_ctrd_roots;
	const char *match[MAX_MATCH];
	int n_match;
	bool help, exercise;
	int watch_s;
	char *probes[VERIFY_EXERCISE_MAX]; /* --probe-into: this run is the probe */
	int n_probes;
};

enum { VO_CONTAINER = 0x100, VO_DOCKER_SOCKET, VO_USAGE, VO_EXERCISE, VO_WATCH, VO_PROBE_INTO,
       VO_RECORDS, VO_RUNC_ROOT, VO_CONTAINERD_STATE };

static const char doc[] =
	"Verify user-namespace isolation: for every running container (or those named),\n"
	"what the kernel says of its first process (the user namespace it lives in, its\n"
	"uid_map and gid_map, whether host root or a host account falls inside them, its\n"
	"capabilities), next to what the runtime says (Docker: the daemon's userns-remap,\n"
	"the container's --userns), and a verdict: isolated, isolated with warnings, or\n"
	"not isolated, with the evidence.\n"
	"\n"
	"--exercise proves it: a probe joins each container's user namespace as its\n"
	"root, with its capabilities and nothing of its file system, and tries to read,\n"
	"chmod, create beside and remove a file of host root's in a private 0700 host\n"
	"directory; privtrace's own tracer records what the kernel decided, and the\n"
	"verdict cites those records. --watch judges from the containers' own activity\n"
	"for that long instead: host root's files opened or changed from a container.\n"
	"\n"
	"USAGE: privtrace verify [OPTIONS]\n"
	"\n"
	"EXAMPLES:\n"
	"    privtrace verify                      # every running container, as a table\n"
	"    privtrace verify --container web      # one, by name or id prefix\n"
	"    privtrace verify -o junit -w v.xml    # a test case per container for a lab's CI\n"
	"    privtrace verify --exercise           # and prove it with a probe, traced\n"
	"    privtrace verify --watch 10m          # and judge ten minutes of what they do\n"
	"\n"
	"Exit status: 0 when every container judged is isolated (warnings or not), 1 when\n"
	"any is not, 2 on an error (no runtime answering, a container that cannot be read,\n"
	"a --container that matches none, a probe or a tracer that could not run).\n";

static const struct argp_option opts[] = {
	{ "container", VO_CONTAINER, "NAME|ID", 0,
	  "only this container: its name, or an id prefix of 12 or more digits (repeatable)", 0 },
	{ "docker-socket", VO_DOCKER_SOCKET, "PATH", 0,
	  "a Docker Engine API socket to ask (repeatable; default $DOCKER_HOST if unix://, else "
	  DEFAULT_SOCKET ")", 0 },
	{ "exercise", VO_EXERCISE, NULL, 0,
	  "prove it: a probe in each container's user namespace tries host root's private file, "
	  "traced (at most 16 containers)", 0 },
	{ "watch", VO_WATCH, "DURATION", 0,
	  "judge from what the containers do for DURATION (30s, 10m, 1h; seconds without a unit)",
	  0 },
	{ "records", VO_RECORDS, "FILE", 0,
	  "keep the records --exercise and --watch cite in FILE (JSON lines, written anew)", 0 },
	{ "probe-into", VO_PROBE_INTO, "I:PID:JOIN:DIR", OPTION_HIDDEN, "(--exercise's own probe)", 0 },
	{ "runc-root", VO_RUNC_ROOT, "DIR", 0,
	  "runc's state directory, for containers runc runs with no daemon above it (repeatable; "
	  "default " STATE_RUNC_ROOT " where it exists)", 0 },
	{ "containerd-state", VO_CONTAINERD_STATE, "DIR", 0,
	  "containerd's task state, for its containers (ctr, nerdctl, Kubernetes' CRI) (repeatable; "
	  "default " STATE_CONTAINERD_ROOT " where it exists)", 0 },
	{ "output", 'o', "FORMAT", 0, "text (default), json or junit", 0 },
	{ "write", 'w', "FILE", 0, "write to FILE instead of stdout", 0 },
	{ "help", 'h', NULL, 0, "show this help", 0 },
	{ "usage", VO_USAGE, NULL, OPTION_HIDDEN, "show the short usage", 0 },
	{},
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct v_opts *o = state->input;

	switch (key) {
	case VO_CONTAINER:
		if (!*arg || strlen(arg) > 255)
			return argp_error(state, "invalid --container '%s': a name or an id prefix", arg),
			       EINVAL;
		if (o->n_match == MAX_MATCH)
			return argp_error(state, "too many --container options (at most %d)", MAX_MATCH),
			       EINVAL;
		o->match[o->n_match++] = arg;
		return 0;
	case VO_DOCKER_SOCKET:
		if (!*arg || o->n_sockets == MAX_SOCKETS)
			return argp_error(state, "--docker-socket needs a path (at most %d)", MAX_SOCKETS),
			       EINVAL;
		o->sockets[o->n_sockets++] = arg;
		return 0;
	case VO_EXERCISE:
		o->exercise = true;
		return 0;
	case VO_WATCH: {
		unsigned long v, unit = 1;
		char num[16];
		size_t len = strlen(arg);

		if (len && len < sizeof(num) && strchr("smh", arg[len - 1])) {
			unit = arg[len - 1] == 'h' ? 3600 : arg[len - 1] == 'm' ? 60 : 1;
			len--;
		}
		snprintf(num, sizeof(num), "%.*s", (int)(len < sizeof(num) ? len : 0), arg);
		if (!len || len >= sizeof(num) || parse_ulong(num, 1, WATCH_MAX_S, &v) ||
		    v * unit > WATCH_MAX_S)
			return argp_error(state, "invalid --watch '%s': a duration of 1s to 7 days "
					  "(30s, 10m, 1h; seconds without a unit)", arg), EINVAL;
		o->watch_s = (int)(v * unit);
		return 0;
	}
	case VO_RUNC_ROOT:
		if (!*arg || o->n_runc_roots == MAX_SOCKETS)
			return argp_error(state, "--runc-root needs a directory (at most %d)",
					  MAX_SOCKETS), EINVAL;
		o->runc_roots[o->n_runc_roots++] = arg;
		return 0;
	case VO_CONTAINERD_STATE:
		if (!*arg || o->n_ctrd_roots == MAX_SOCKETS)
			return argp_error(state, "--containerd-state needs a directory (at most %d)",
					  MAX_SOCKETS), EINVAL;
		o->ctrd_roots[o->n_ctrd_roots++] = arg;
		return 0;
	case VO_RECORDS:
		if (!*arg || strlen(arg) >= 300)
			return argp_error(state, "--records needs a file path (shorter than 300 bytes)"),
			       EINVAL;
		o->records = arg;
		return 0;
	case VO_PROBE_INTO:
		if (o->n_probes == VERIFY_EXERCISE_MAX)
			return argp_error(state, "too many --probe-into"), EINVAL;
		o->probes[o->n_probes++] = arg;
		return 0;
	case 'o':
		if (!strcmp(arg, "text"))
			o->form = VF_TEXT;
		else if (!strcmp(arg, "json"))
			o->form = VF_JSON;
		else if (!strcmp(arg, "junit"))
			o->form = VF_JUNIT;
		else
			return argp_error(state, "invalid --output '%s': text, json or junit", arg), EINVAL;
		return 0;
	case 'w':
		if (!*arg)
			return argp_error(state, "--write needs a file path"), EINVAL;
		o->out_path = arg;
		return 0;
	case 'h':
	case VO_USAGE:
		argp_state_help(state, stdout, key == 'h' ? ARGP_HELP_STD_HELP & ~ARGP_HELP_EXIT_OK
							  : ARGP_HELP_USAGE);
		o->help = true;
		return 0;
	case ARGP_KEY_ARG:
		return argp_error(state, "unexpected argument '%s' (containers go with --container)",
				  arg), EINVAL;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* A name whole, or an id prefix of 12 or more digits, as the live --container. */
static bool named(const struct subject *s, const char *want)
{
	static struct container ct; /* 2 KiB: not on the stack of every call */

	snprintf(ct.id, sizeof(ct.id), "%s", s->id);
	ct.meta = s->meta;
	return filter_matches(&ct, want);
}

static bool wanted(const struct v_opts *o, const struct subject *s)
{
	int i;

	for (i = 0; i < o->n_match; i++)
		if (named(s, o->match[i]))
			return true;
	return !o->n_match;
}

/* Does the daemon run with userns-remap? (GET /info: SecurityOptions has "name=userns") */
static int daemon_remaps(const char *sock, bool *remaps)
{
	struct json_val root, opts, v;
	struct json_iter it;
	size_t len;
	char *body;
	int err = docker_get(sock, "/info", RUNTIME_TIMEOUT_MS, &body, &len);

	*remaps = false;
	if (err)
		return err;
	if (json_parse(body, len, &root) ||
	    json_get(&root, JSON_PATH("SecurityOptions"), &opts) || json_iter_init(&it, &opts)) {
		free(body);
		return -EBADMSG;
	}
	while (json_array_next(&it, &v)) {
		char s[256];

		if (json_string(&v, s, sizeof(s)) > 0 && !strncmp(s, "name=userns", 11) &&
		    (!s[11] || s[11] == ','))
			*remaps = true;
	}
	free(body);
	return 0;
}

/* The running containers of one daemon, inspected, into s[*n...] */
static int containers_of(const char *sock, struct subject *s, int *n, int max)
{
	struct json_val root, elem, id;
	struct json_iter it;
	bool remaps, known;
	size_t len;
	char *body;
	int err = docker_get(sock, "/containers/json", RUNTIME_TIMEOUT_MS, &body, &len);

	if (err)
		return err;
	known = !daemon_remaps(sock, &remaps);
	if (json_parse(body, len, &root) || json_iter_init(&it, &root)) {
		free(body);
		return -EBADMSG;
	}
	while (json_array_next(&it, &elem) && *n < max) {
		struct subject *x = &s[*n];

		memset(x, 0, sizeof(*x));
		if (json_get(&elem, JSON_PATH("Id"), &id) || json_string(&id, x->id, sizeof(x->id)) <= 0 ||
		    !docker_ref_ok(x->id))
			continue;
		snprintf(x->daemon, sizeof(x->daemon), "%s", sock);
		x->daemon_known = known;
		x->daemon_remaps = remaps;
		if (docker_inspect(sock, x->id, RUNTIME_TIMEOUT_MS, &x->meta))
			continue; /* gone since the list */
		(*n)++;
	}
	free(body);
	return 0;
}

/* The containers runc runs from its own state under root, into s[*n...] */
static int runc_containers(const char *root, struct subject *s, int *n, int max)
{
	char (*ids)[CT_ID_LEN] = calloc(MAX_SUBJECTS, CT_ID_LEN);
	int i, k = ids ? rtstate_runc_list(root, ids, MAX_SUBJECTS) : -ENOMEM;

	for (i = 0; i < k && *n < max; i++) {
		struct subject *x = &s[*n];

		memset(x, 0, sizeof(*x));
		if (rtstate_runc(root, ids[i], &x->meta))
			continue; /* gone since the list, or not a container's */
		snprintf(x->id, sizeof(x->id), "%s", ids[i]);
		snprintf(x->daemon, sizeof(x->daemon), "%s/%s", root, ids[i]);
		x->state = "runc";
		(*n)++;
	}
	free(ids);
	return k < 0 ? k : 0;
}

/*
 * containerd's tasks under root, into s[*n...]: those a daemon already
 * named (Docker's own containerd runs its containers as tasks) left to it
 */
static int containerd_containers(const char *root, struct subject *s, int *n, int max)
{
	char (*ids)[2 * CT_ID_LEN] = calloc(MAX_SUBJECTS, 2 * CT_ID_LEN);
	int i, j, known = *n, k = ids ? rtstate_containerd_list(root, ids, MAX_SUBJECTS) : -ENOMEM;

	for (i = 0; i < k && *n < max; i++) {
		struct subject *x = &s[*n];
		char *id = strchr(ids[i], '/');

		*id++ = 0; /* ids[i] is its namespace now */
		for (j = 0; j < known && strcmp(s[j].id, id); j++)
			;
		if (j < known)
			continue;
		memset(x, 0, sizeof(*x));
		if (rtstate_containerd_in(root, ids[i], id, &x->meta) || !x->meta.init_pid)
			continue; /* gone, or not started */
		snprintf(x->id, sizeof(x->id), "%s", id);
		if (!x->meta.name[0])
			snprintf(x->meta.name, sizeof(x->meta.name), "%s", id);
		snprintf(x->daemon, sizeof(x->daemon), "%s/%s/%s", root, ids[i], id);
		x->state = "containerd";
		(*n)++;
	}
	free(ids);
	return k < 0 ? k : 0;
}

int verify_main(int argc, char **argv)
{
	static const struct argp argp = { .options = opts, .parser = parse_opt, .doc = doc };
	struct v_opts o = { 0 };
	struct subject *all = calloc(MAX_SUBJECTS, sizeof(*all));
	const char *dh = getenv("DOCKER_HOST");
	int i, n = 0, kept = 0, answered = 0, status = 2, worst = V_ISOLATED;
	struct rout out;

	if (!all) {
		fprintf(stderr, "privtrace verify: out of memory\n");
		return 2;
	}
	if (argp_parse(&argp, argc, argv, ARGP_NO_EXIT | ARGP_NO_HELP, NULL, &o))
		goto done;
	if (o.help) {
		status = 0;
		goto done;
	}
	if (o.n_probes) {
		status = exercise_probe_main(o.probes, o.n_probes);
		goto done;
	}
	if (!o.n_sockets)
		o.sockets[o.n_sockets++] = dh && !strncmp(dh, "unix://", 7) ? dh + 7 : DEFAULT_SOCKET;
	for (i = 0; i < o.n_sockets; i++) {
		int err = containers_of(o.sockets[i], all, &n, MAX_SUBJECTS);

		if (err)
			fprintf(stderr, "privtrace verify: %s: the runtime did not answer: %s\n",
				o.sockets[i], strerror(-err));
		else
			answered++;
	}
	/* runc's own state: the default only where it is there, a named one must be */
	if (!o.n_runc_roots && access(STATE_RUNC_ROOT, F_OK) == 0)
		o.runc_roots[o.n_runc_roots++] = STATE_RUNC_ROOT;
	for (i = 0; i < o.n_runc_roots; i++) {
		int err = runc_containers(o.runc_roots[i], all, &n, MAX_SUBJECTS);

		if (err)
			fprintf(stderr, "privtrace verify: --runc-root %s: %s\n", o.runc_roots[i],
				strerror(-err));
		else
			answered++;
	}
	if (!o.n_ctrd_roots && access(STATE_CONTAINERD_ROOT, F_OK) == 0)
		o.ctrd_roots[o.n_ctrd_roots++] = STATE_CONTAINERD_ROOT;
	for (i = 0; i < o.n_ctrd_roots; i++) {
		int err = containerd_containers(o.ctrd_roots[i], all, &n, MAX_SUBJECTS);

		if (err)
			fprintf(stderr, "privtrace verify: --containerd-state %s: %s\n", o.ctrd_roots[i],
				strerror(-err));
		else
			answered++;
	}
	if (!answered) {
		fprintf(stderr, "privtrace verify: no container runtime answered: give its socket "
				"with --docker-socket, or the state with --runc-root or "
				"--containerd-state\n");
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (!wanted(&o, &all[i]))
			continue;
		if (kept != i)
			all[kept] = all[i];
		facts_read(all[kept].meta.init_pid, &all[kept].f);
		kept++;
	}
	if (o.records && !o.exercise && !o.watch_s) {
		fprintf(stderr, "privtrace verify: --records keeps what --exercise or --watch traced: "
				"give one of them\n");
		goto done;
	}
	if (o.records && (o.exercise || o.watch_s) && kept) {
		int fd = open(o.records, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);

		if (fd < 0) {
			fprintf(stderr, "privtrace verify: --records %s: %s\n", o.records,
				strerror(errno));
			goto done;
		}
		close(fd);
	}
	/* a failed probe or tracer is said in the verdicts (exercise) or on stderr (watch) */
	if (o.exercise && kept)
		exercise_run(all, kept, o.records);
	if (o.watch_s && kept && watch_run(all, kept, o.watch_s, o.sockets, o.n_sockets, o.records))
		worst = V_ERROR;
	for (i = 0; i < kept; i++) {
		verdict_judge(&all[i], o.watch_s);
		if ((int)all[i].v > worst)
			worst = all[i].v;
	}
	for (i = 0; i < o.n_match; i++) {
		int k;

		for (k = 0; k < kept && !named(&all[k], o.match[i]); k++)
			;
		if (k == kept) {
			fprintf(stderr, "privtrace verify: no running container is '%s'\n", o.match[i]);
			worst = V_ERROR;
		}
	}
	if (rout_open(&out, o.out_path))
		goto done;
	if (o.form == VF_JSON)
		verify_json(&out.w, all, kept);
	else if (o.form == VF_JUNIT)
		verify_junit(&out.w, all, kept);
	else
		verify_text(&out.w, all, kept);
	if (rout_close(&out))
		goto done;
	status = worst == V_ERROR ? 2 : worst == V_NOT_ISOLATED ? 1 : 0;
done:
	free(all);
	return status;
}
