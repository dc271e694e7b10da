/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The capture's records (`privtrace record`, docs/capture.md): everything
 * privtrace knew of an event when it went out, the kernel's record as it
 * came and what the enrich stage added, so that `privtrace report` can make
 * the very records the live tracer made (the same JSON, byte for byte) from
 * the file alone. The sink (user/sink/capture.c) gathers these into
 * compressed blocks behind a file header; user/report/ reads them back.
 *
 * A record, in the host's byte order (the file header says which):
 *   u32 len        bytes of the whole record, this field included
 *   u8  type       CAP_REC_EVENT or CAP_REC_METRIC
 *   u8  _pad[3]
 *   u64 real_ns    the record's time, ns since the epoch
 *   then, for an event:
 *     u64 first_real_ns, u64 seq
 *     u16 event_len  struct pt_event up to and including its path's NUL
 *     u8  has        CAP_HAS_* of what enrichment added
 *     s8  ns_match
 *     the event's bytes, then the strings CAP_HAS_* says are there, each a
 *     u16 length and its bytes: cgroup path, host user, namespace user;
 *     with CAP_HAS_CT the container: u8 runtime, u8 flags (CAP_CT_*),
 *     u32 init_pid, u32 init_mntns, u32 init_pidns, and the strings id,
 *     pod uid (from the cgroup), cgroup, name, image, pod name, pod
 *     namespace, pod uid (from the runtime), Kubernetes container name
 *   for a metric (lost, health): u16 msgid length and msgid, the rest its
 *   JSON record as the live tracer wrote it (newline included)
 */
#ifndef PT_FORMAT_CAPTURE_H
#define PT_FORMAT_CAPTURE_H

#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#include "enrich/record.h"
#include "lib/wbuf.h"

#define CAP_FILE_MAGIC "PTCAPTUR" /* 8 bytes at offset 0 */
#define CAP_FORMAT_VERSION 1      /* what this build writes and reads */
#define CAP_BLOCK_MAGIC 0x4b425450u /* "PTBK" read as a little-endian u32 */
#define CAP_HEADER_MAX 65536      /* the header's text, at most */
#define CAP_BLOCK_RAW_MAX (4u << 20) /* a block's records, uncompressed, at most */

enum cap_rec_type { CAP_REC_EVENT = 1, CAP_REC_METRIC = 2 };
/*
 * In a block (user/sink/capture.c), type | CAP_REC_DELTA: its bytes past
 * the first 8 are stored XORed with those of an earlier record of the same
 * length in the block, its base: a task's records of one kind share most
 * fields, so the XOR is mostly zeros, which deflate takes to almost
 * nothing. The record's first pad byte names the base: one of
 * CAP_DELTA_BASES slots, each holding the last record put in it (whole or
 * delta, the slot a record names is where it goes). The first record of a
 * block is whole (every block reads alone). A reader undoes the XOR before
 * anything else.
 */
#define CAP_REC_DELTA 0x80
#define CAP_DELTA_BASES 8

enum cap_has {
	CAP_HAS_CGROUP_PATH = 1,
	CAP_HAS_HOST_USER = 2,
	CAP_HAS_NS_USER = 4,
	CAP_HAS_CT = 8,
};

enum cap_ct_flags { CAP_CT_META_DONE = 1, CAP_CT_USERNS_HOST = 2 };

/*
 * The file: CAP_FILE_MAGIC, u32 version, u32 header length, the header's
 * "key=value\n" lines, u32 CRC-32 of those lines; then blocks, each:
 */
struct cap_block_head {
	__u32 magic;       /* CAP_BLOCK_MAGIC */
	__u32 raw_len;     /* its records' bytes once inflated */
	__u32 comp_len;    /* the zlib stream that follows */
	__u32 n_records;
	__u64 first_real_ns, last_real_ns; /* the earliest and latest record time in it */
	__u32 data_crc;    /* CRC-32 of the zlib stream */
	__u32 head_crc;    /* CRC-32 of the fields above */
};

/* dst[i] = a[i] ^ b[i] for n bytes, a word at a time (dst may be a) */
static inline void capture_xor(char *dst, const char *a, const char *b, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		__u64 x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		x ^= y;
		memcpy(dst + i, &x, 8);
	}
	for (; i < n; i++)
		dst[i] = a[i] ^ b[i];
}

/* r as a capture record, appended to w. */
void capture_record(struct wbuf *w, const struct record *r);

/* A metric record (msgid "lost" or "health") whose JSON line is json[0..json_len). */
void capture_metric(struct wbuf *w, const char *msgid, __u64 real_ns, const char *json,
		    size_t json_len);

#endif
