/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The summary (summary.h) for people (text), for programs (JSON) and for spreadsheets (CSV). */
#ifndef PT_REPORT_SUMMARY_OUT_H
#define PT_REPORT_SUMMARY_OUT_H

#include "lib/wbuf.h"
#include "report/report.h"
#include "report/summary.h"

#define SUMMARY_TEXT_ROWS 10 /* entries of each table in text; JSON and CSV have them all */

void summary_text(struct wbuf *w, const struct summary_report *s, const struct report_info *in);
void summary_json(struct wbuf *w, const struct summary_report *s, const struct report_info *in);
/* One row per group, table and entry: group,table,key,events,granted,denied */
void summary_csv(struct wbuf *w, const struct summary_report *s);

/* Local time, "2026-12-01 10:00:00.123" */
void report_local_time(struct wbuf *w, __u64 real_ns);
/* A CSV field: quoted when it must be; a leading = + - @ made inert for spreadsheets. */
void report_csv_field(struct wbuf *w, const char *s, size_t n);
/* "web (3f2a9c1b4d5e, image nginx, docker)", "host"; escaped for a terminal */
void report_group_title(struct wbuf *w, const struct sum_group *g);

#endif
