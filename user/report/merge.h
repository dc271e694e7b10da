/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The records of several files in time order, whatever order the files
 * were given in. A file is close to time order already (records go out in
 * the order the kernel handed them; CPUs' clocks and a repeat record
 * written at the end of its flood put some a little out): each file's next
 * MERGE_WINDOW records are kept sorted, and the earliest of all files goes
 * out first. A record further out of order than that goes out where it is,
 * and is counted (late).
 */
#ifndef PT_REPORT_MERGE_H
#define PT_REPORT_MERGE_H

#include "report/source.h"

#define MERGE_WINDOW 4096

struct merge;

/* The sources are the caller's, and must outlive the merge. */
struct merge *merge_new(struct source **src, int n);
/* 1 and the next record in time order (its bytes valid until the next call), 0 at the end. */
int merge_next(struct merge *m, struct item *it, int *src_index);
/* Records that came later than MERGE_WINDOW allows: out of time order. */
unsigned long long merge_late(const struct merge *m);
void merge_free(struct merge *m);

#endif
