/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * -o html: one self-contained page (no script, nothing fetched) for
 * someone who never used the command line: what was read, then per
 * container its user-namespace picture, its counts, its denials listed,
 * and a timeline of its granted and denied accesses drawn as SVG. Every
 * string from a record is HTML-escaped (and its control bytes shown as
 * \xNN), so a container cannot add markup to the page.
 */
#ifndef PT_REPORT_HTML_H
#define PT_REPORT_HTML_H

#include "lib/wbuf.h"
#include "report/report.h"
#include "report/summary.h"

void html_page(struct wbuf *w, const struct summary_report *s, const struct report_info *in);

#endif
