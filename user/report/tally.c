// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>
#include <string.h>

#include "report/tally.h"

static __u64 hash_bytes(const char *p, size_t n)
{
	__u64 h = 0xcbf29ce484222325ull; /* FNV-1a */

	while (n--) {
		h ^= (unsigned char)*p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

static bool grow(struct tally *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64, i;
	struct tally_entry *s = calloc(cap, sizeof(*s));

	if (!s)
		return false;
	for (i = 0; i < t->cap; i++) {
		struct tally_entry *e = &t->slots[i];
		size_t j;

		if (!e->key)
			continue;
		for (j = e->hash & (cap - 1); s[j].key; j = (j + 1) & (cap - 1))
			;
		s[j] = *e;
	}
	free(t->slots);
	t->slots = s;
	t->cap = cap;
	return true;
}

struct tally_entry *tally_add(struct tally *t, const char *key, size_t key_len, bool ok,
			      unsigned long long events, __u64 real_ns)
{
	__u64 h = hash_bytes(key, key_len);
	struct tally_entry *e;
	size_t j;

	if ((t->n + 1) * 4 > t->cap * 3 && !grow(t)) {
		t->oom = true;
		return NULL;
	}
	for (j = h & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
		e = &t->slots[j];
		if (!e->key)
			break;
		if (e->hash == h && e->key_len == key_len && !memcmp(e->key, key, key_len))
			goto count;
	}
	e->key = malloc(key_len + 1);
	if (!e->key) {
		t->oom = true;
		return NULL;
	}
	memcpy(e->key, key, key_len);
	e->key[key_len] = '\0';
	e->key_len = key_len;
	e->hash = h;
	e->first_ns = real_ns;
	e->last_ns = real_ns;
	t->n++;
count:
	e->records++;
	e->events += events;
	if (ok)
		e->granted += events;
	else
		e->denied += events;
	if (real_ns < e->first_ns)
		e->first_ns = real_ns;
	if (real_ns > e->last_ns)
		e->last_ns = real_ns;
	return e;
}

static int by_events(const void *a, const void *b)
{
	const struct tally_entry *x = *(struct tally_entry *const *)a, *y = *(struct tally_entry *const *)b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c;

	if (x->events != y->events)
		return x->events > y->events ? -1 : 1;
	c = memcmp(x->key, y->key, n);
	return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

struct tally_entry **tally_sorted(const struct tally *t)
{
	struct tally_entry **v = malloc((t->n ? t->n : 1) * sizeof(*v));
	size_t i, k = 0;

	if (!v)
		return NULL;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].key)
			v[k++] = &t->slots[i];
	qsort(v, k, sizeof(*v), by_events);
	return v;
}

void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slots[i].key);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}
