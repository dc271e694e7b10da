/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The capture file of `privtrace record` (user/sink/capture.c, docs/capture.md). */
#ifndef PT_SINK_CAPTURE_H
#define PT_SINK_CAPTURE_H

#include "sink/sink.h"

struct capture_opts {
	const char *path;
	unsigned long long rotate_bytes; /* a new file once this large; 0 never */
	unsigned int keep;               /* rotated files kept: PATH.1 ... PATH.keep */
};

/* A main output (a write error stops privtrace); NULL with err set if PATH cannot be written. */
struct sink *sink_capture_open(const struct capture_opts *o, char *err, size_t err_len);

/*
 * The header's "key=value\n" lines (docs/capture.md: what wrote the file),
 * set before the first record; written ahead of the first block.
 */
void sink_capture_header(struct sink *s, const char *header);

/* After sink_settle: the errno that stopped the capture (a full disk, EIO, fsync), 0 if none. */
int sink_capture_error(struct sink *s);

#endif
