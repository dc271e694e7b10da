/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A record is built in memory and handed to its outputs whole: one fwrite to
 * a stream, one message to each sink, so a line never interleaves with
 * another writer's. Each linebuf's memory stream is opened once and rewound
 * for each record: no allocation per event once it has grown to the longest
 * record.
 */
#ifndef PT_LINEBUF_H
#define PT_LINEBUF_H

#include <stddef.h>
#include <stdio.h>

/* Writes one record (arg: whatever the writer formats) to out. */
typedef void (*linebuf_writer)(FILE *out, const void *arg);

struct linebuf {
	FILE *mem;
	char *buf;
	size_t len;
};

/*
 * write(arg) into lb's memory: the bytes, valid until lb's next use, and
 * their count in *len; NULL when no memory stream can be had. Use *len: a
 * record shorter than the one before is not NUL-terminated at its end.
 */
const char *linebuf_format(struct linebuf *lb, linebuf_writer write, const void *arg, size_t *len);

/*
 * linebuf_format, then one fwrite to out; without memory, straight to out
 * (a record written piecemeal beats a record lost).
 */
void linebuf_write(struct linebuf *lb, FILE *out, linebuf_writer write, const void *arg);

#endif
