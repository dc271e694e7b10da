// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>
#include <string.h>

#include "report/merge.h"

/* One record waiting: its item, with a copy of its bytes. */
struct pending {
	struct item it;
	char *bytes;
	size_t cap;
	unsigned long long order; /* file order: equal times keep it */
};

struct lane {
	struct source *src;
	struct pending *heap[MERGE_WINDOW];
	int n;
	bool eof;
	unsigned long long read;
	struct pending *free_list[MERGE_WINDOW + 1];
	int n_free;
};

struct merge {
	struct lane *lanes;
	int n;
	struct pending *out;       /* the record last returned: its bytes are kept until the next call */
	int out_lane;
	__u64 last_ns;
	unsigned long long late;
};

static bool before(const struct pending *a, const struct pending *b)
{
	if (a->it.real_ns != b->it.real_ns)
		return a->it.real_ns < b->it.real_ns;
	return a->order < b->order;
}

static void sift_up(struct lane *l, int i)
{
	while (i) {
		int p = (i - 1) / 2;
		struct pending *t;

		if (!before(l->heap[i], l->heap[p]))
			break;
		t = l->heap[i];
		l->heap[i] = l->heap[p];
		l->heap[p] = t;
		i = p;
	}
}

static void sift_down(struct lane *l, int i)
{
	for (;;) {
		int c = 2 * i + 1, m = i;
		struct pending *t;

		if (c < l->n && before(l->heap[c], l->heap[m]))
			m = c;
		if (c + 1 < l->n && before(l->heap[c + 1], l->heap[m]))
			m = c + 1;
		if (m == i)
			return;
		t = l->heap[i];
		l->heap[i] = l->heap[m];
		l->heap[m] = t;
		i = m;
	}
}

static struct pending *take_slot(struct lane *l)
{
	if (l->n_free)
		return l->free_list[--l->n_free];
	return calloc(1, sizeof(struct pending));
}

/* Read the lane's file until its window is full; false out of memory. */
static bool fill(struct lane *l)
{
	while (!l->eof && l->n < MERGE_WINDOW) {
		struct pending *p = take_slot(l);
		struct item it;

		if (!p)
			return false;
		if (source_next(l->src, &it) <= 0) {
			l->eof = true;
			l->free_list[l->n_free++] = p;
			break;
		}
		if (it.len > p->cap) {
			char *b = realloc(p->bytes, it.len);

			if (!b) {
				l->free_list[l->n_free++] = p;
				return false;
			}
			p->bytes = b;
			p->cap = it.len;
		}
		memcpy(p->bytes, it.p, it.len);
		p->it = it;
		/* what pointed into the record points into the copy */
		if (it.json)
			p->it.json = p->bytes + (it.json - it.p);
		p->it.p = p->bytes;
		p->order = l->read++;
		l->heap[l->n] = p;
		sift_up(l, l->n++);
	}
	return true;
}

struct merge *merge_new(struct source **src, int n)
{
	struct merge *m = calloc(1, sizeof(*m));
	int i;

	if (!m || !(m->lanes = calloc(n ? n : 1, sizeof(*m->lanes)))) {
		free(m);
		return NULL;
	}
	m->n = n;
	m->out_lane = -1;
	for (i = 0; i < n; i++)
		m->lanes[i].src = src[i];
	return m;
}

int merge_next(struct merge *m, struct item *it, int *src_index)
{
	int i, best = -1;
	struct lane *l;

	if (m->out) {
		l = &m->lanes[m->out_lane];
		l->free_list[l->n_free++] = m->out;
		m->out = NULL;
	}
	for (i = 0; i < m->n; i++) {
		l = &m->lanes[i];
		if (!fill(l))
			return -1;
		if (l->n && (best < 0 || before(l->heap[0], m->lanes[best].heap[0]) ||
			     (l->heap[0]->it.real_ns == m->lanes[best].heap[0]->it.real_ns && i < best)))
			best = i;
	}
	if (best < 0)
		return 0;
	l = &m->lanes[best];
	m->out = l->heap[0];
	m->out_lane = best;
	l->heap[0] = l->heap[--l->n];
	sift_down(l, 0);
	if (m->out->it.real_ns < m->last_ns)
		m->late++;
	else
		m->last_ns = m->out->it.real_ns;
	*it = m->out->it;
	*src_index = best;
	return 1;
}

unsigned long long merge_late(const struct merge *m)
{
	return m->late;
}

void merge_free(struct merge *m)
{
	int i, j;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		struct lane *l = &m->lanes[i];

		for (j = 0; j < l->n; j++) {
			free(l->heap[j]->bytes);
			free(l->heap[j]);
		}
		for (j = 0; j < l->n_free; j++) {
			free(l->free_list[j]->bytes);
			free(l->free_list[j]);
		}
	}
	if (m->out) {
		free(m->out->bytes);
		free(m->out);
	}
	free(m->lanes);
	free(m);
}

