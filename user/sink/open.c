// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A sink from its spec: the one place that knows every kind (file.c, syslog.c). */
#include <stdio.h>
#include <stdlib.h>

#include "sink/sink.h"

struct sink *sink_open(const char *spec, char *err, size_t err_len)
{
	struct sink_spec *sp = malloc(sizeof(*sp)); /* 8 KiB: not for the stack of a caller's caller */
	struct sink *s = NULL;

	if (!sp) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	if (!sink_parse_spec(spec, sp, err, err_len))
		s = sp->kind == SINK_FILE ? sink_file_open(sp, err, err_len)
					  : sink_syslog_open(sp, err, err_len);
	free(sp);
	return s;
}
