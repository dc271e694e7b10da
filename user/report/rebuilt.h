/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A record made again from what a file kept: a capture record (all of it:
 * the kernel's event and what enrichment knew) or a JSON line as the live
 * tracer wrote it. r points into the rest; what it means (action,
 * outcome, reason) is decided again by record_init, the one place that
 * decides it, from the very event the live tracer had. Made by
 * rebuild_capture.h and rebuild_json.h.
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

#endif
