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

/* The stream to build one record in, emptied; NULL if it cannot be had. */
FILE *linebuf_begin(void);
/* Hand what was built to out. */
void linebuf_end(FILE *out);

#endif
