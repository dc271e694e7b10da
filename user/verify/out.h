/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The verdicts for people (a table and the evidence), for programs (JSON) and for a lab's CI (JUnit XML). */
#ifndef PT_VERIFY_OUT_H
#define PT_VERIFY_OUT_H

#include "lib/wbuf.h"
#include "verify/verdict.h"

void verify_text(struct wbuf *w, const struct subject *s, int n);
void verify_json(struct wbuf *w, const struct subject *s, int n);
void verify_junit(struct wbuf *w, const struct subject *s, int n);

#endif
