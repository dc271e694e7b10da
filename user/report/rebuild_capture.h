/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_REPORT_REBUILD_CAPTURE_H
#define PT_REPORT_REBUILD_CAPTURE_H

#include "report/rebuilt.h"

/* A capture event record (format/capture.h): 0, or -1 with what is wrong in *why. */
int rebuild_capture(const char *p, size_t len, struct rebuilt *b, const char **why);

#endif
