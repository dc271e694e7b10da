/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The human table: one aligned line per event, safe for a terminal. */
#ifndef PT_FORMAT_TEXT_H
#define PT_FORMAT_TEXT_H

#include <stdio.h>
#include "privtrace.h"

void text_header(FILE *out);
void text_event(FILE *out, const struct pt_event *e, __u64 real_ns);
void text_lost(FILE *out, __u64 real_ns, __u64 lost, __u64 total);

#endif
