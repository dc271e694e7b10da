// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/clock.h"
#include "enrich/containers.h"
#include "enrich/enrich.h"
#include "lib/hostns.h"
#include "enrich/runtime_meta.h"
#include "enrich/user_names.h"
#include "enrich/userns_map.h"

#define SWEEP_NS 5000000000ULL     /* how often exited containers are forgotten */

struct enricher {
	struct containers *cs;
	struct runtime_cfg rt;         /* read by the worker thread: fixed once it starts */
	struct userns_map map;         /* the last record's */
	/* what map was made from: a host task's (level 0), or these maps */
	bool map_made, map_host;
	struct pt_idmap map_uid, map_gid;
	struct user_names *names;
	unsigned int host_mntns;
	__u64 last_sweep_ns;
	bool metadata;                 /* runtimes are asked */
	bool said_unnamed;             /* stderr said a runtime could not name a container */
};

/* The inode of /proc/PID/ns/NAME, 0 if it cannot be read. */
static unsigned int ns_inum(int pid, const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, name);
	return stat(path, &st) ? 0 : (unsigned int)st.st_ino;
}

/*
 * Runs on the containers' worker thread (user/enrich/containers.h): the runtime's
 * word, and the namespaces of the first process it names, against which
 * every event's namespaces are checked (struct record.ns_match).
 */
static int query_runtime(void *arg, const struct container *c, struct ct_meta *out)
{
	int ret = runtime_query(arg, c, out);

	if (!ret && out->init_pid > 0) {
		out->init_mntns = ns_inum(out->init_pid, "mnt");
		out->init_pidns = ns_inum(out->init_pid, "pid");
	}
	return ret;
}

struct enricher *enricher_new(const struct enrich_cfg *cfg)
{
	struct enricher *en = calloc(1, sizeof(*en));
	struct containers_cfg ccfg = { 0 };
	int i;

	if (!en)
		return NULL;
	for (i = 0; i < cfg->n_docker_sockets && i < RUNTIME_MAX_SOCKETS; i++)
		en->rt.docker_sockets[i] = cfg->docker_sockets[i];
	en->rt.n_docker_sockets = i;
	en->rt.timeout_ms = cfg->runtime_timeout_ms;
	en->metadata = cfg->metadata;
	if (cfg->metadata) {
		ccfg.query = query_runtime;
		ccfg.query_arg = &en->rt;
	}
	en->cs = containers_new(&ccfg);
	en->names = user_names_new();
	if (!en->cs || !en->names) {
		enricher_free(en);
		return NULL;
	}
	en->host_mntns = host_mntns_inum();
	en->last_sweep_ns = clock_mono_now();
	return en;
}

void enricher_free(struct enricher *en)
{
	if (!en)
		return;
	containers_free(en->cs); /* first: its worker reads en->rt */
	user_names_free(en->names);
	free(en);
}

bool enrich_record(struct enricher *en, struct record *r)
{
	const struct pt_event *e = r->e;
	const struct pt_task *t = &e->task;
	const struct container *ct = containers_get(en->cs, t->cgroup_id, t->pid);
	__u32 init_pid = ct ? (__u32)ct->meta.init_pid : 0;

	r->ct = ct;
	r->cgroup_path = ct ? ct->cgroup : NULL;
	/* the cgroup says which container; its namespaces should agree */
	r->ns_match = -1;
	if (ct && ct->meta.init_mntns && ct->meta.init_pidns)
		r->ns_match = t->mntns_inum == ct->meta.init_mntns &&
			      t->pidns_inum == ct->meta.init_pidns;
	/* made again only when the maps differ from the last record's (a flood is one task's) */
	if (!en->map_made || en->map_host != (t->userns_level == 0) ||
	    (t->userns_level && (memcmp(&en->map_uid, &t->uid_map, sizeof(t->uid_map)) ||
				 memcmp(&en->map_gid, &t->gid_map, sizeof(t->gid_map))))) {
		userns_map_from_task(t, &en->map);
		en->map_made = true;
		en->map_host = t->userns_level == 0;
		en->map_uid = t->uid_map;
		en->map_gid = t->gid_map;
	}
	r->map = &en->map;
	r->host_user = user_names_host(en->names, e->cred.host.euid);
	/*
	 * The container's own name for its uid: only a task with its own root
	 * has one. Read through the task, or the container's first process if
	 * the task is gone by now (they share the root).
	 */
	if (t->mntns_inum != en->host_mntns && e->cred.ns.euid != PT_ID_UNMAPPED)
		r->ns_user = user_names_in_root(en->names, t->mntns_inum, t->pid, init_pid,
						e->cred.ns.euid);
	return !ct || ct->meta_done;
}

/*
 * The first container no runtime could name, said where an operator looks:
 * its records go out with the id alone, and --container NAME cannot match
 * them. Once: the summary counts the rest ("unnamed").
 */
static void say_unnamed(struct enricher *en)
{
	struct containers_stats s;
	int i;

	if (en->said_unnamed || !en->metadata)
		return;
	containers_stats(en->cs, &s);
	if (!s.meta_failed)
		return;
	en->said_unnamed = true;
	fprintf(stderr, "privtrace: no container runtime could name a container (asked:");
	for (i = 0; i < en->rt.n_docker_sockets; i++)
		fprintf(stderr, " %s", en->rt.docker_sockets[i]);
	fprintf(stderr, "%sthe runtimes' state on disk): its records carry the id alone, and "
			"--container matches it by id only; --docker-socket names another socket\n",
		en->rt.n_docker_sockets ? ", " : " ");
}

bool enricher_names_known(const struct enricher *en)
{
	struct containers_stats s;

	containers_stats(en->cs, &s);
	return s.meta_results > s.meta_failed;
}

void enricher_poll(struct enricher *en)
{
	__u64 now = clock_mono_now();

	containers_poll(en->cs);
	say_unnamed(en);
	if (now - en->last_sweep_ns >= SWEEP_NS) {
		containers_sweep(en->cs);
		en->last_sweep_ns = now;
	}
}

void enrich_cgroup_note(struct enricher *en, const struct pt_cgroup_note *n)
{
	/* cut at PT_PATH_LEN: it would name an ancestor; looked up instead */
	bool whole = n->path_len < PT_PATH_LEN;

	containers_note(en->cs, n->id, n->op != PT_CG_RMDIR && whole ? n->path : NULL);
}

void enricher_print_stats(struct enricher *en, FILE *out)
{
	struct containers_stats s;

	containers_stats(en->cs, &s);
	fprintf(out, "privtrace: cgroup notes from the kernel: %llu taken, %llu not kept, %llu paths "
		     "held\n",
		(unsigned long long)s.notes, (unsigned long long)s.notes_unused,
		(unsigned long long)s.noted);
	fprintf(out, "privtrace: containers: %llu lookups, %llu misses, %llu unresolved; runtime asked "
		     "%llu, answered %llu, failed %llu, not asked (queue full) %llu; evicted %llu, "
		     "forgotten %llu\n",
		(unsigned long long)s.lookups, (unsigned long long)s.misses,
		(unsigned long long)s.unresolved, (unsigned long long)s.meta_requests,
		(unsigned long long)s.meta_results, (unsigned long long)s.meta_failed,
		(unsigned long long)s.meta_dropped, (unsigned long long)s.evictions,
		(unsigned long long)s.swept);
}
