// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "event/names.h"
#include "verify/exercise.h"
#include "verify/verdict.h"

static const char *const words[] = { "isolated", "isolated_with_warnings", "not_isolated", "error" };

const char *verdict_word(enum verdict v)
{
	return words[v];
}

static void say(struct subject *s, enum verdict at_least, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One evidence line; the verdict is at least at_least. */
static void say(struct subject *s, enum verdict at_least, const char *fmt, ...)
{
	va_list ap;

	if (s->v < at_least)
		s->v = at_least;
	if (s->n_lines == VERDICT_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(s->lines[s->n_lines++], VERDICT_LINE_LEN, fmt, ap);
	va_end(ap);
}

static int caps_count(__u64 m)
{
	return __builtin_popcountll(m);
}

static const char *errno_text(int e, char *buf, size_t len)
{
	const char *name = errno_name(e);

	if (name)
		return name;
	snprintf(buf, len, "errno %d", e);
	return buf;
}

/* --exercise: what the probe could do, each try with the records privtrace made of it */
static void judge_exercise(struct subject *s)
{
	static const char *const path[TRIAL_STEPS] = { "/host/secret", "/host/secret", "/host/new",
						       "/host/secret" };
	const struct exercise *x = &s->ex;
	char as[64], done[64] = "", eb[24];
	int k, c, n_done = 0;

	if (!x->asked)
		return;
	if (!x->ran) {
		say(s, V_ERROR, "exercise: not run: %s", x->why);
		return;
	}
	if (s->f.shares_host_userns)
		snprintf(as, sizeof(as), "host uid 0, the host's own user namespace");
	else if (s->f.root_mapped)
		snprintf(as, sizeof(as), "host uid %u", s->f.root_host_uid);
	else
		snprintf(as, sizeof(as), "a root with no host uid");
	for (k = 0; k < TRIAL_STEPS; k++)
		if (!x->err[k]) {
			snprintf(done + strlen(done), sizeof(done) - strlen(done), "%s%s",
				 n_done ? ", " : "", exercise_step_name(k));
			n_done++;
		}
	if (n_done)
		say(s, V_NOT_ISOLATED, "exercise: the probe, its root (%s), could %s host root's "
			"private file (0600, in a 0700 host directory at /host)", as, done);
	else
		say(s, s->v, "exercise: the probe, its root (%s), was refused every try on host "
			"root's private file (0600, in a 0700 host directory at /host): read, chmod, "
			"create, remove", as);
	for (k = 0; k < TRIAL_STEPS; k++) {
		say(s, s->v, "exercise: %s %s: %s", exercise_step_name(k), path[k],
		    x->err[k] ? errno_text(x->err[k], eb, sizeof(eb)) : "done");
		for (c = 0; c < x->n_cite[k]; c++)
			say(s, s->v, "  privtrace %s", x->cite[k][c].text);
		if (!x->n_cite[k])
			say(s, s->v, "  privtrace recorded nothing of it%s", x->err[k] ? "" :
			    " (privtrace --probe: does this kernel show such changes?)");
	}
}

/* --watch: what the container's own tasks did while traced */
static void judge_watch(struct subject *s, int seconds)
{
	const struct watch *w = &s->watch;
	int c;

	if (!w->asked)
		return;
	if (w->failed) {
		say(s, V_ERROR, "watch: not judged: privtrace's tracer did not run to its end (said "
			"on stderr)");
		return;
	}
	if (!w->records) {
		say(s, s->v, "watch: no record of it in %d s: nothing it did asked for privilege or "
			"touched host root's files%s", seconds, s->state ? ", or its events were not "
			"told apart (the live tracer names Docker's, containerd's and CRI-O's "
			"containers by their cgroup)" : "");
		return;
	}
	if (w->host_root)
		say(s, V_NOT_ISOLATED, "watch: %llu of its %llu records in %d s show its root acting "
			"as host root on host files", w->host_root, w->records, seconds);
	else if (w->unmapped)
		say(s, s->v, "watch: %llu records in %d s, none of host root on host files; %llu "
			"refusals because a host owner is not mapped in (the remap at work)",
		    w->records, seconds, w->unmapped);
	else
		say(s, s->v, "watch: %llu records in %d s, none of host root on host files",
		    w->records, seconds);
	for (c = 0; c < w->n_cite; c++)
		say(s, s->v, "  privtrace %s", w->cite[c].text);
}

void verdict_judge(struct subject *s, int watch_s)
{
	const struct facts *f = &s->f;
	char map[VERDICT_LINE_LEN - 64];
	int i;

	s->v = V_ISOLATED;
	s->n_lines = 0;
	if (!f->read) {
		say(s, V_ERROR, "its first process could not be read: %s", f->why);
		return;
	}
	facts_map_text(f->uid_map, f->n_uid, map, sizeof(map));
	if (f->shares_host_userns) {
		say(s, V_NOT_ISOLATED, "kernel: pid %d lives in the host's user namespace (inode %llu): "
			"its root is host root", f->pid, (unsigned long long)f->userns_inum);
	} else if (f->root_mapped && f->root_host_uid == 0) {
		say(s, V_NOT_ISOLATED, "kernel: its user namespace maps root to host uid 0 (uid_map %s)",
		    map);
	} else if (f->root_mapped) {
		say(s, V_ISOLATED, "kernel: root is host uid %u (uid_map %s)", f->root_host_uid, map);
	} else {
		say(s, V_ISOLATED, "kernel: root is not mapped to any host uid (uid_map %s)",
		    f->n_uid ? map : "empty");
	}
	if (!f->shares_host_userns && f->host_root_mapped && f->root_host_uid != 0)
		say(s, V_NOT_ISOLATED, "kernel: host uid 0 is mapped in, as ns uid %u", f->host_root_ns_uid);
	if (!f->shares_host_userns && f->root_host_uid != 0 && f->host_gid0_mapped)
		say(s, V_WARNINGS, "kernel: host gid 0 is mapped in (gid_map)");
	/* with root host root, every account is: only a remapped namespace's are worth a line */
	for (i = 0; i < f->n_accounts && !f->shares_host_userns && f->root_host_uid != 0; i++)
		say(s, V_WARNINGS, "kernel: host account %s (uid %u) is inside the map, as ns uid %u: "
			"the container can act as it", f->accounts[i].name, f->accounts[i].host_uid,
		    f->accounts[i].ns_uid);
	if (f->n_accounts_all > f->n_accounts && !f->shares_host_userns && f->root_host_uid != 0)
		say(s, V_WARNINGS, "kernel: %d more host accounts are inside the map",
		    f->n_accounts_all - f->n_accounts);
	if (f->cap_eff)
		say(s, s->v, "kernel: pid %d holds %d capabilities (effective)%s", f->pid,
		    caps_count(f->cap_eff),
		    (f->shares_host_userns || f->root_host_uid == 0) && (f->cap_eff >> 21 & 1) ?
			    ", CAP_SYS_ADMIN among them: host root's" : "");
	/* what the runtime says, against it */
	if (s->state) {
		if (!s->meta.userns_host && f->shares_host_userns)
			say(s, V_NOT_ISOLATED, "runtime: %s's state (%s) asks for a user namespace "
				"of its own, yet the kernel shows it in the host's: a mismatch", s->state,
			    s->daemon);
		else if (!s->meta.userns_host)
			say(s, s->v, "runtime: %s's state (%s) asks for a user namespace of its own",
			    s->state, s->daemon);
		else
			say(s, s->v, "runtime: %s's state (%s) asks for no user namespace: it shares "
				"the host's", s->state, s->daemon);
	} else if (s->daemon_known) {
		if (s->daemon_remaps && s->meta.userns_host)
			say(s, V_NOT_ISOLATED, "runtime: the daemon remaps user namespaces "
				"(userns-remap), but this container opted out (UsernsMode=host, "
				"--userns=host)");
		else if (s->daemon_remaps && f->shares_host_userns)
			say(s, V_NOT_ISOLATED, "runtime: the daemon remaps user namespaces, yet the "
				"kernel shows this container in the host's: a mismatch");
		else if (s->daemon_remaps)
			say(s, s->v, "runtime: the daemon remaps user namespaces (userns-remap)");
		else if (!f->shares_host_userns)
			say(s, s->v, "runtime: the daemon does not remap; this container has a user "
				"namespace of its own");
		else
			say(s, s->v, "runtime: the daemon does not remap user namespaces (no userns-remap)");
	} else {
		say(s, s->v, "runtime: the daemon's userns-remap setting could not be had");
	}
	judge_exercise(s);
	judge_watch(s, watch_s);
}
