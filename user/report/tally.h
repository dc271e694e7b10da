/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Counts by key: a key's bytes (anything, NUL included) to how many
 * records and events (a repeat record stands for 1 + its repeat count),
 * granted and denied. Open addressing, grown as it fills; the report's
 * every table is one of these.
 */
#ifndef PT_REPORT_TALLY_H
#define PT_REPORT_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct tally_entry {
	char *key;
	size_t key_len;
	__u64 hash;
	unsigned long long records, events, granted, denied; /* granted/denied: events */
	__u64 first_ns, last_ns;
	void *data;             /* the caller's, per key (freed by the caller) */
};

struct tally {
	struct tally_entry *slots;
	size_t cap, n;
	bool oom;               /* a key could not be added: the tables are short, said at the end */
};

/* The entry for key (made on first sight), counted for one record; NULL out of memory. */
struct tally_entry *tally_add(struct tally *t, const char *key, size_t key_len, bool ok,
			      unsigned long long events, __u64 real_ns);

/* The entries, most events first (then by key): an array of n pointers, for the caller to free. */
struct tally_entry **tally_sorted(const struct tally *t);

void tally_free(struct tally *t);

#endif
