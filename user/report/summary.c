// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/explain.h"
#include "event/names.h"
#include "lib/json_scan.h"
#include "report/summary.h"

#define BIN_FIRST_NS 10000000ull /* 10 ms slices to begin with */

static const char *const actions[SA_MAX] = {
	"capability", "setuid", "setgid", "setgroups", "capset", "exec", "file",
};

const char *summary_action_name(int a)
{
	return a >= 0 && a < SA_MAX ? actions[a] : "?";
}

static int action_index(const char *a)
{
	int i;

	for (i = 0; i < SA_MAX; i++)
		if (!strcmp(actions[i], a))
			return i;
	return SA_FILE;
}

void summary_init(struct summary_report *s)
{
	memset(s, 0, sizeof(*s));
}

static struct sum_group *new_group(struct summary_report *s)
{
	struct sum_group *g;

	if (s->n_groups == s->cap_groups) {
		int cap = s->cap_groups ? s->cap_groups * 2 : 16;
		struct sum_group **v = realloc(s->groups, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->groups = v;
		s->cap_groups = cap;
	}
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	s->groups[s->n_groups++] = g;
	return g;
}

static struct sum_group *group_of(struct summary_report *s, const struct record *r)
{
	const struct container *ct = r->ct;
	struct tally_entry *te;
	struct sum_group *g;

	if (!ct) {
		if (!s->host && (s->host = new_group(s)))
			s->host->host = true;
		return s->host;
	}
	te = tally_add(&s->index, ct->id, strlen(ct->id), true, 1, r->real_ns);
	if (!te)
		return NULL;
	g = te->data;
	if (!g) {
		g = te->data = new_group(s);
		if (!g)
			return NULL;
		snprintf(g->id, sizeof(g->id), "%s", ct->id);
		g->runtime = ct_runtime_name(ct->runtime);
	}
	/* what the runtime said, as soon as some record has it */
	if (!g->name[0] && ct->meta.name[0])
		snprintf(g->name, sizeof(g->name), "%s", ct->meta.name);
	if (!g->image[0] && ct->meta.image[0])
		snprintf(g->image, sizeof(g->image), "%s", ct->meta.image);
	if (!g->pod[0] && ct->meta.pod_name[0])
		snprintf(g->pod, sizeof(g->pod), "%s/%s", ct->meta.pod_namespace, ct->meta.pod_name);
	return g;
}

static void count(struct summary_report *s, struct tally *t, const char *key, size_t len,
		  const struct record *r, unsigned long long events)
{
	if (!tally_add(t, key, len, r->ok, events, r->real_ns))
		s->oom = true;
}

#define count_str(s, t, key, r, n) count((s), (t), (key), strlen(key), (r), (n))

/* Where ns uid 0 lands on the host, from the map the event carried. */
static void userns_picture(struct summary_report *s, struct sum_group *g, const struct record *r,
			   unsigned long long n)
{
	const struct pt_task *t = &r->e->task;
	char buf[USERNS_MAP_LEN + 128];
	__u32 i;

	if (!t->userns_level) {
		count_str(s, &g->userns, "initial user namespace: root is host root (not remapped)", r, n);
		g->host_root_events += n;
		return;
	}
	for (i = 0; i < t->uid_map.nr_extents && i < PT_MAP_INLINE_EXTENTS; i++) {
		const struct pt_extent *x = &t->uid_map.extent[i];

		if (x->first == 0 && x->count) {
			snprintf(buf, sizeof(buf), "user namespace level %u: root is host uid %u%s "
				 "(uid_map %s)", t->userns_level, x->lower_first,
				 x->lower_first ? "" : ", host root (not remapped)",
				 r->map ? r->map->uid : "?");
			if (!x->lower_first)
				g->host_root_events += n;
			else
				g->remapped_events += n;
			count_str(s, &g->userns, buf, r, n);
			return;
		}
	}
	snprintf(buf, sizeof(buf), "user namespace level %u: root is not mapped (uid_map %s)",
		 t->userns_level, r->map && r->map->uid[0] ? r->map->uid : "empty");
	g->remapped_events += n;
	count_str(s, &g->userns, buf, r, n);
}

static void id_text(char *buf, size_t len, __u32 id)
{
	if (id == PT_ID_UNMAPPED)
		snprintf(buf, len, "unmapped");
	else
		snprintf(buf, len, "%u", id);
}

static void change(struct summary_report *s, struct sum_group *g, const struct record *r,
		   unsigned long long n)
{
	const struct pt_event *e = r->e;
	const struct pt_creds *o = &e->cred, *c = &e->change.new_cred;
	char buf[256], a[16], b[16];
	bool gid = !strcmp(r->action, "setgid");

	if (!strcmp(r->action, "capset")) {
		snprintf(buf, sizeof(buf), "capset: effective 0x%llx -> 0x%llx, permitted 0x%llx -> 0x%llx, "
			 "inheritable 0x%llx -> 0x%llx",
			 (unsigned long long)o->cap_effective, (unsigned long long)c->cap_effective,
			 (unsigned long long)o->cap_permitted, (unsigned long long)c->cap_permitted,
			 (unsigned long long)o->cap_inheritable, (unsigned long long)c->cap_inheritable);
	} else if (!strcmp(r->action, "setgroups")) {
		snprintf(buf, sizeof(buf), "setgroups: %u -> %u supplementary groups", o->ngroups,
			 c->ngroups);
	} else {
		id_text(a, sizeof(a), gid ? o->ns.egid : o->ns.euid);
		id_text(b, sizeof(b), gid ? c->ns.egid : c->ns.euid);
		snprintf(buf, sizeof(buf), "%s: host %s %u -> %u, ns %s -> %s", r->action,
			 gid ? "egid" : "euid", gid ? o->host.egid : o->host.euid,
			 gid ? c->host.egid : c->host.euid, a, b);
	}
	count_str(s, &g->changes, buf, r, n);
}

static void denial(struct sum_group *g, const struct record *r, unsigned long long n)
{
	const struct pt_event *e = r->e;
	struct sum_denial *d;

	if (g->n_denials == SUM_DENIED_ROWS)
		return;
	if (!g->denials && !(g->denials = calloc(SUM_DENIED_ROWS, sizeof(*g->denials))))
		return;
	d = &g->denials[g->n_denials++];
	d->real_ns = r->real_ns;
	d->events = n;
	snprintf(d->action, sizeof(d->action), "%s", r->action);
	if (e->kind == PT_EV_CAP)
		snprintf(d->what, sizeof(d->what), "%s%s%.*s", cap_name(e->cap.cap) ? cap_name(e->cap.cap) : "?",
			 e->path_len > 1 ? " on " : "", e->path_len > 1 ? (int)e->path_len - 1 : 0, e->path);
	else if (e->path_len > 1)
		snprintf(d->what, sizeof(d->what), "%.*s", (int)e->path_len - 1, e->path);
	else
		snprintf(d->what, sizeof(d->what), "%s", syscall_name(e->syscall) ? syscall_name(e->syscall) : r->action);
	memcpy(d->process, e->task.comm, PT_COMM_LEN);
	d->process[PT_COMM_LEN - 1] = '\0';
	d->pid = e->task.pid;
	d->host_uid = e->cred.host.euid;
	d->ns_uid = e->cred.ns.euid;
	snprintf(d->reason, sizeof(d->reason), "%s", reason_code(r->why.code) ? reason_code(r->why.code) : "");
}

static void bin(struct summary_report *s, struct sum_group *g, const struct record *r,
		unsigned long long n)
{
	__u64 idx;
	int i, j, k;

	if (!s->bin_ns) {
		s->bin_start_ns = r->real_ns;
		s->bin_ns = BIN_FIRST_NS;
	}
	idx = r->real_ns < s->bin_start_ns ? 0 : (r->real_ns - s->bin_start_ns) / s->bin_ns;
	while (idx >= SUM_BINS) {
		/* every group's slices merged in pairs: twice as wide */
		for (i = 0; i < s->n_groups; i++)
			for (j = 0; j < SUM_BINS; j++)
				for (k = 0; k < 2; k++)
					s->groups[i]->bins[j][k] = j * 2 + 1 < SUM_BINS ?
						s->groups[i]->bins[j * 2][k] + s->groups[i]->bins[j * 2 + 1][k] :
						j * 2 < SUM_BINS ? s->groups[i]->bins[j * 2][k] : 0;
		s->bin_ns *= 2;
		idx /= 2;
	}
	g->bins[idx][r->ok] += n;
}

void summary_report_add(struct summary_report *s, const struct record *r)
{
	const struct pt_event *e = r->e;
	unsigned long long n = 1ull + e->repeat;
	struct sum_group *g = group_of(s, r);
	char buf[PT_PATH_LEN + 128], a[16];
	const char *code = reason_code(r->why.code);

	s->matched_records++;
	s->events += n;
	s->folded += e->repeat;
	if (!s->first_ns || r->real_ns < s->first_ns)
		s->first_ns = r->real_ns;
	if (r->real_ns > s->last_ns)
		s->last_ns = r->real_ns;
	if (!g) {
		s->oom = true;
		return;
	}
	if (!g->first_ns || r->real_ns < g->first_ns)
		g->first_ns = r->real_ns;
	if (r->real_ns > g->last_ns)
		g->last_ns = r->real_ns;
	g->records++;
	g->events += n;
	g->counts[action_index(r->action)][r->ok] += n;
	userns_picture(s, g, r, n);
	id_text(a, sizeof(a), e->cred.ns.euid);
	if (!e->task.userns_level) /* the host's own view: one uid, perhaps two names */
		snprintf(buf, sizeof(buf), "host uid %u (%s%s%s)", e->cred.host.euid,
			 r->host_user ? r->host_user : "no name on the host",
			 r->ns_user ? "; in its own /etc/passwd: " : "", r->ns_user ? r->ns_user : "");
	else
		snprintf(buf, sizeof(buf), "host uid %u (%s) as ns uid %s (%s)", e->cred.host.euid,
			 r->host_user ? r->host_user : "no name", a, r->ns_user ? r->ns_user : "no name");
	count_str(s, &g->users, buf, r, n);
	if (code)
		count_str(s, &g->reasons, code, r, n);
	if (!r->ok) {
		if (e->kind == PT_EV_CAP && cap_name(e->cap.cap))
			count_str(s, &g->denied_caps, cap_name(e->cap.cap), r, n);
		/* the file's own record: its capability checks name the path too */
		if (e->kind == PT_EV_FILE && e->path_len > 1)
			count(s, &g->denied_paths, e->path, e->path_len - 1, r, n);
		denial(g, r, n);
	} else if (code && e->path_len > 1) {
		snprintf(buf, sizeof(buf), "%s: %.*s", code, (int)e->path_len - 1, e->path);
		count_str(s, &g->flagged, buf, r, n);
	}
	if (e->kind == PT_EV_CAP && (e->flags & PT_F_CRED_OVERRIDE)) {
		char nsid[16];

		id_text(nsid, sizeof(nsid), e->cap.checked.ns.euid);
		snprintf(buf, sizeof(buf), "%s as host uid %u (ns uid %s)",
			 cap_name(e->cap.cap) ? cap_name(e->cap.cap) : "?", e->cap.checked.host.euid, nsid);
		count_str(s, &g->checked_as, buf, r, n);
	}
	if (e->kind == PT_EV_EXEC) {
		snprintf(buf, sizeof(buf), "%.*s: host euid %u -> %u", e->path_len ? (int)e->path_len - 1 : 0,
			 e->path, e->cred.host.euid, e->change.new_cred.host.euid);
		count_str(s, &g->execs, buf, r, n);
	} else if (e->kind == PT_EV_CRED) {
		change(s, g, r, n);
	}
	bin(s, g, r, n);
}

static unsigned long long metric_u64(const struct json_val *root, const char *const *path)
{
	long long v;

	return json_get_int(root, path, &v) || v < 0 ? 0 : (unsigned long long)v;
}

void summary_metric(struct summary_report *s, const char *json, size_t len, __u64 real_ns)
{
	struct json_val root;
	unsigned long long n;

	while (len && (json[len - 1] == '\n' || json[len - 1] == '\r'))
		len--;
	if (json_parse(json, len, &root))
		return;
	if (json_get(&root, JSON_PATH("privtrace", "lost"), &(struct json_val){ 0 }) == 0) {
		n = metric_u64(&root, JSON_PATH("privtrace", "lost", "events"));
		s->lost += n;
		s->lost_records++;
		if (!s->first_lost_ns || real_ns < s->first_lost_ns)
			s->first_lost_ns = real_ns;
		if (real_ns > s->last_lost_ns)
			s->last_lost_ns = real_ns;
		return;
	}
	if (json_get(&root, JSON_PATH("privtrace", "health"), &(struct json_val){ 0 }) == 0) {
		s->health_seen = true;
		s->h_events = metric_u64(&root, JSON_PATH("privtrace", "health", "events"));
		s->h_emitted = metric_u64(&root, JSON_PATH("privtrace", "health", "emitted"));
		s->h_filtered = metric_u64(&root, JSON_PATH("privtrace", "health", "filtered"));
		s->h_lost = metric_u64(&root, JSON_PATH("privtrace", "health", "lost"));
		s->h_coalesced = metric_u64(&root, JSON_PATH("privtrace", "health", "coalesced"));
		s->h_dropped = metric_u64(&root, JSON_PATH("privtrace", "health", "dropped"));
	}
}

static int by_name(const void *a, const void *b)
{
	const struct sum_group *x = *(struct sum_group *const *)a, *y = *(struct sum_group *const *)b;
	int c;

	if (x->host != y->host)
		return x->host ? -1 : 1;
	c = strcmp(x->name[0] ? x->name : x->id, y->name[0] ? y->name : y->id);
	return c ? c : strcmp(x->id, y->id);
}

void summary_finish(struct summary_report *s)
{
	int i;

	for (i = 0; i < s->n_groups; i++)
		s->groups[i]->root_is_host_root = s->groups[i]->host_root_events &&
						  !s->groups[i]->remapped_events;
	if (s->n_groups)
		qsort(s->groups, s->n_groups, sizeof(*s->groups), by_name);
}

void summary_free(struct summary_report *s)
{
	int i;

	for (i = 0; i < s->n_groups; i++) {
		struct sum_group *g = s->groups[i];

		tally_free(&g->userns);
		tally_free(&g->users);
		tally_free(&g->denied_caps);
		tally_free(&g->reasons);
		tally_free(&g->denied_paths);
		tally_free(&g->execs);
		tally_free(&g->changes);
		tally_free(&g->flagged);
		tally_free(&g->checked_as);
		free(g->denials);
		free(g);
	}
	free(s->groups);
	tally_free(&s->index);
	memset(s, 0, sizeof(*s));
}
