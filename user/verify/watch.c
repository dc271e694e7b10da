// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * `privtrace verify --watch DURATION`: no probe; the containers' own
 * activity for that long, traced by privtrace's own tracer. What speaks
 * against isolation is a record of container root acting as host root on
 * the host's files: a root-only host file opened (host_root_file), a host
 * root's file or directory changed (host_root_change). What speaks for it:
 * refusals because the host owner is not mapped in (owner_unmapped,
 * cap_outside_userns). Both are cited.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify/trace.h"
#include "verify/watch.h"

struct seen {
	struct subject *s;
	int n;
};

static void on_record(const struct json_val *rec, void *arg)
{
	struct seen *w = arg;
	char id[CT_ID_LEN] = "", code[32] = "";
	struct watch *x;
	bool host_root, unmapped;
	int i;

	if (json_get_string(rec, JSON_PATH("container", "id"), id, sizeof(id)) <= 0)
		return;
	for (i = 0; i < w->n && strcmp(w->s[i].id, id); i++)
		;
	if (i == w->n)
		return;
	x = &w->s[i].watch;
	x->records++;
	json_get_string(rec, JSON_PATH("privtrace", "reason"), code, sizeof(code));
	host_root = !strcmp(code, "host_root_file") || !strcmp(code, "host_root_change");
	unmapped = !strcmp(code, "owner_unmapped") || !strcmp(code, "cap_outside_userns");
	x->host_root += host_root;
	x->unmapped += unmapped;
	if (!host_root && !unmapped)
		return;
	/*
	 * host-root records first: one may push an isolating one (a refusal)
	 * out, never the reverse; host-root records are the successes
	 */
	if (x->n_cite < WATCH_CITES) {
		trace_cite(rec, &x->cite[x->n_cite++]);
	} else if (host_root) {
		int k;

		for (k = 0; k < WATCH_CITES && x->cite[k].ok; k++)
			;
		if (k < WATCH_CITES)
			trace_cite(rec, &x->cite[k]);
	}
}

int watch_run(struct subject *s, int n, int seconds, const char *const *sockets, int n_sockets,
	      const char *records)
{
	char *args[16 + 2 * VERIFY_SOCKETS_MAX + 2 * VERIFY_WATCH_NAMED], dur[16], why[512];
	struct seen seen = { s, n };
	struct trace_files t;
	int i, a, ret = 0;

	for (i = 0; i < n; i++)
		s[i].watch.asked = true;
	if (trace_files_make(&t, records, "--watch"))
		return -1;
	snprintf(dur, sizeof(dur), "%d", seconds);
	a = trace_args_json(args, &t);
	args[a++] = "--duration";
	args[a++] = dur;
	for (i = 0; i < n_sockets && i < VERIFY_SOCKETS_MAX; i++) {
		args[a++] = "--docker-socket";
		args[a++] = (char *)sockets[i];
	}
	/* the containers judged, by id, where few; else every container's */
	if (n <= VERIFY_WATCH_NAMED) {
		for (i = 0; i < n; i++) {
			args[a++] = "--container";
			args[a++] = s[i].id;
		}
	} else {
		args[a++] = "--containers-only";
	}
	args[a] = NULL;
	fprintf(stderr, "privtrace verify: watching %d container%s for %d s\n", n, n == 1 ? "" : "s",
		seconds);
	/* the tracer's start and its --duration, with room: a slow start is no reason to give up */
	if (trace_run(args, -1, t.err, seconds * 2 + 120, why, sizeof(why))) {
		fprintf(stderr, "privtrace verify: --watch: %s\n", why);
		ret = -1;
	} else if (trace_records(t.records, t.from, on_record, &seen)) {
		fprintf(stderr, "privtrace verify: --watch: the tracer's records could not be read\n");
		ret = -1;
	}
	for (i = 0; ret && i < n; i++)
		s[i].watch.failed = true;
	trace_files_remove(&t);
	return ret;
}
