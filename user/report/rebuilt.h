/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A record made again from what a file kept: a capture record (all of it:
 * the kernel's event and what enrichment knew) or a JSON line as the live
 * tracer wrote it. r points into the rest; what it means (action,
 * outcome, reason) is decided again by record_init, the one place that
 * decides it, from the very event the live tracer had.
 */
#ifndef PT_REPORT_REBUILT_H
#define PT_REPORT_REBUILT_H

#include <stddef.h>

#include "enrich/container.h"
#include "enrich/record.h"
#include "enrich/user_names.h"
#include "enrich/userns_map.h"
#include "privtrace.h"

struct rebuilt {
	struct pt_event e;
	struct container ct;
	struct userns_map map;
	char cgroup_path[CT_PATH_LEN];
	char host_user[USER_NAME_LEN * 4]; /* names as written: escapes may have been resolved */
	char ns_user[USER_NAME_LEN * 4];
	struct record r;
};

/* A capture event record (format/capture.h): 0, or -1 with what is wrong in *why. */
int rebuild_capture(const char *p, size_t len, struct rebuilt *b, const char **why);

/*
 * A JSON event record as json_record writes it: every field it has put back
 * where it came from, so that json_record(b->r) writes the same line again.
 * 0, or -1 with what is wrong in *why (not privtrace's JSON, a field of the
 * wrong type).
 */
int rebuild_json(const char *p, size_t len, struct rebuilt *b, const char **why);

#endif
