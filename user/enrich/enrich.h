/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The enrich stage: which container an event belongs to (user/enrich/containers.h),
 * its user-namespace picture (user/enrich/userns_map.h) and the names of its uid on
 * both sides (user/enrich/user_names.h). Never blocks on a container runtime: the
 * runtime is asked by a worker thread, and a record says whether its
 * container's metadata is still on its way.
 */
#ifndef PT_ENRICH_H
#define PT_ENRICH_H

#include <stdbool.h>
#include <stdio.h>
#include "enrich/record.h"

struct enrich_cfg {
	bool metadata;                     /* ask container runtimes for names and images */
	const char *const *docker_sockets; /* Docker Engine API sockets, tried in order */
	int n_docker_sockets;
	int runtime_timeout_ms;            /* per runtime request */
};

struct enricher;

struct enricher *enricher_new(const struct enrich_cfg *cfg);
void enricher_free(struct enricher *en);

/*
 * Add to r (made by record_init) what is known of its task. Returns false
 * while r's container is still waiting for its runtime's answer; the caller
 * may hold r and ask again. What r points to is valid until the next call.
 */
bool enrich_record(struct enricher *en, struct record *r);

/*
 * Take in the runtimes' answers; every few seconds forget exited containers.
 * The first container no runtime could name is said on stderr, once.
 */
void enricher_poll(struct enricher *en);

/*
 * A cgroup made, renamed or removed (decode_cgroup_note()), taken in the
 * ring buffer's order with the events: later events of its tasks are
 * named from it even once the cgroup is gone.
 */
void enrich_cgroup_note(struct enricher *en, const struct pt_cgroup_note *n);

/* Has any runtime named a container yet? */
bool enricher_names_known(const struct enricher *en);

/* -v: how the container cache did, one line on out. */
void enricher_print_stats(struct enricher *en, FILE *out);

#endif
