// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A chained hash of ids; each entry holds its path inline. An entry lives
 * as long as its cgroup and then GRACE_NS more: an event read before the
 * removal may be held for its container's name (--metadata-wait-ms, 10 s
 * at most) and is named again when it goes out, by which time the cache
 * entry made for it may have been swept or evicted. A removed cgroup's id
 * gets no new events, so its path stays right. max bounds the whole table
 * against a churn faster than the grace.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "enrich/cgroup_notes.h"
#include "lib/clock.h"

#define DEF_MAX (1u << 16)
#define BUCKETS 4096
#define GRACE_NS (30 * 1000000000ULL)

struct note {
	struct note *next;
	struct note *gone_next;  /* the removed ones, oldest first */
	__u64 id;
	__u64 gone_ns;           /* 0: the cgroup is there */
	char path[];
};

struct cgroup_notes {
	struct note *bucket[BUCKETS];
	struct note *gone_head, **gone_tail;
	size_t count, gone, max;
	__u64 grace_ns;
};

static unsigned int slot(__u64 id)
{
	__u64 h = id * 0x9e3779b97f4a7c15ULL;

	return (unsigned int)(h >> 32) % BUCKETS;
}

struct cgroup_notes *cgroup_notes_new(unsigned int max, unsigned long grace_ms)
{
	struct cgroup_notes *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->max = max ? max : DEF_MAX;
	n->grace_ns = grace_ms == CGROUP_NOTES_GRACE_DEFAULT ? GRACE_NS : grace_ms * 1000000ULL;
	n->gone_tail = &n->gone_head;
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

/* removed ones past their grace (all of them: the oldest removed first for room) */
static void expire(struct cgroup_notes *n, bool for_room)
{
	__u64 now = clock_mono_now();
	struct note *e, **l;

	while ((e = n->gone_head) && (for_room || e->gone_ns + n->grace_ns <= now)) {
		n->gone_head = e->gone_next;
		if (!n->gone_head)
			n->gone_tail = &n->gone_head;
		l = link_of(n, e->id);
		*l = e->next;
		free(e);
		n->count--;
		n->gone--;
		if (for_room)
			return;
	}
}

int cgroup_notes_set(struct cgroup_notes *n, __u64 id, const char *path)
{
	struct note **l, *e;
	size_t len = strlen(path);
	bool fresh;

	expire(n, false);
	l = link_of(n, id);
	fresh = !*l;
	if (fresh && n->count >= n->max)
		expire(n, true);
	if (fresh && n->count >= n->max)
		return -ENOSPC;
	/* a rename of a removed id cannot happen: ids are never reused */
	if (!fresh && (*l)->gone_ns)
		return -EINVAL;
	e = malloc(sizeof(*e) + len + 1);
	if (!e)
		return -ENOMEM;
	e->id = id;
	e->gone_ns = 0;
	e->gone_next = NULL;
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
	struct note *e = *link_of(n, id);

	if (e && !e->gone_ns) {
		e->gone_ns = clock_mono_now() | 1;
		*n->gone_tail = e;
		n->gone_tail = &e->gone_next;
		n->gone++;
	}
	expire(n, false);
}

const char *cgroup_notes_find(const struct cgroup_notes *n, __u64 id)
{
	struct note *e = *link_of(n, id);

	return e ? e->path : NULL;
}

size_t cgroup_notes_count(const struct cgroup_notes *n)
{
	return n->count - n->gone;
}
