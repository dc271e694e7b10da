/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_REPORT_REBUILD_JSON_H
#define PT_REPORT_REBUILD_JSON_H

#include "report/rebuilt.h"

/*
 * A JSON event record as json_record writes it: every field it has put back
 * where it came from, so that json_record(b->r) writes the same line again.
 * 0, or -1 with what is wrong in *why (not privtrace's JSON, a field of the
 * wrong type).
 */
int rebuild_json(const char *p, size_t len, struct rebuilt *b, const char **why);

#endif
