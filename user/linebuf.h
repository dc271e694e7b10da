/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A record is built in memory and handed to its stream in one fwrite, so a
 * line never interleaves with another writer's. The memory stream is opened
 * once and rewound for each record: no allocation per event once it has
 * grown to the longest record.
 */
#ifndef PT_LINEBUF_H
#define PT_LINEBUF_H

#include <stdio.h>
#include "record.h"

typedef void (*linebuf_writer)(FILE *out, const struct record *r);

/*
 * write(r) into the reused memory stream, then to out in one fwrite; if no
 * memory stream can be had, straight to out (a record written piecemeal
 * beats a record lost).
 */
void linebuf_write(FILE *out, linebuf_writer write, const struct record *r);

#endif
