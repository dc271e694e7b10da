// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A chained hash of ids; each entry holds its path inline. Entries live as
 * long as their cgroup, so the table is as large as the cgroups made since
 * the start and still there, bounded by max against a churn nobody removes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "enrich/cgroup_notes.h"

#define DEF_MAX (1u << 16)
#define BUCKETS 4096

struct note {
	struct note *next;
	__u64 id;
	char path[];
};

struct cgroup_notes {
	struct note *bucket[BUCKETS];
	size_t count, max;
};

static unsigned int slot(__u64 id)
{
	__u64 h = id * 0x9e3779b97f4a7c15ULL;

	return (unsigned int)(h >> 32) % BUCKETS;
}

struct cgroup_notes *cgroup_notes_new(unsigned int max)
{
	struct cgroup_notes *n = calloc(1, sizeof(*n));

	if (n)
		n->max = max ? max : DEF_MAX;
	return n;
}

void cgroup_notes_free(struct cgroup_notes *n)
{
	struct note *e, *next;
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < BUCKETS; i++)
		for (e = n->bucket[i]; e; e = next) {
			next = e->next;
			free(e);
		}
	free(n);
}

/* the link that points at id's entry, or at the NULL ending its chain */
static struct note **link_of(const struct cgroup_notes *n, __u64 id)
{
	struct note *const *l = &n->bucket[slot(id)];

	while (*l && (*l)->id != id)
		l = &(*l)->next;
	return (struct note **)l;
}

int cgroup_notes_set(struct cgroup_notes *n, __u64 id, const char *path)
{
	struct note **l = link_of(n, id), *e;
	size_t len = strlen(path);
	bool fresh = !*l;

	if (fresh && n->count >= n->max)
		return -ENOSPC;
	e = malloc(sizeof(*e) + len + 1);
	if (!e)
		return -ENOMEM;
	e->id = id;
	memcpy(e->path, path, len + 1);
	if (fresh) {
		e->next = NULL;
		n->count++;
	} else {
		e->next = (*l)->next;
		free(*l);
	}
	*l = e;
	return 0;
}

void cgroup_notes_drop(struct cgroup_notes *n, __u64 id)
{
	struct note **l = link_of(n, id), *e = *l;

	if (!e)
		return;
	*l = e->next;
	free(e);
	n->count--;
}

const char *cgroup_notes_find(const struct cgroup_notes *n, __u64 id)
{
	struct note *e = *link_of(n, id);

	return e ? e->path : NULL;
}

size_t cgroup_notes_count(const struct cgroup_notes *n)
{
	return n->count;
}
