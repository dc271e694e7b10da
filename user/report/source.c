// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <zlib.h>

#include "format/capture.h"
#include "lib/escape.h"
#include "lib/timefmt.h"
#include "report/source.h"

#define JSON_CHUNK (1u << 20)
#define JSON_LINE_MAX (16u << 20) /* a longer line is not one of ours */

struct source {
	char name[4096];          /* the path, escaped for messages */
	bool capture;
	unsigned long long problems;
	unsigned long long rec_off; /* file offset of the last record (capture: its block) */
	/* a capture: the whole file mapped */
	const unsigned char *map;
	size_t map_len;
	size_t off;               /* the next block's offset */
	unsigned long long crc_spent; /* data bytes CRC'd so far */
	char *header;
	unsigned char *raw;       /* the current block inflated */
	size_t raw_cap, raw_len, raw_pos;
	unsigned int raw_left;    /* records the block head announced, not yet read */
	/* the block's last record of each length, restored: the deltas' bases (format/capture.h) */
	size_t base_pos[CAP_DELTA_BASES], base_len[CAP_DELTA_BASES];
	/* JSON lines */
	gzFile gz;
	char *buf;
	size_t buf_len, buf_pos, buf_cap;
	unsigned long long buf_off; /* file (uncompressed) offset of buf[0] */
	unsigned long long line_no;
	bool gz_eof;
};

#define SAY_MAX 20 /* problems said one by one per file; the rest counted (source_close says how many) */

static void say(struct source *s, unsigned long long off, const char *what)
{
	if (s->problems++ < SAY_MAX)
		fprintf(stderr, "privtrace report: %s: offset %llu: %s\n", s->name, off, what);
}

const char *source_name(const struct source *s)
{
	return s->name;
}

const char *source_header(const struct source *s)
{
	return s->header;
}

unsigned long long source_problems(const struct source *s)
{
	return s->problems;
}

void source_problem(struct source *s, const struct item *it, const char *what)
{
	char msg[256];

	if (s->capture)
		snprintf(msg, sizeof(msg), "a record in the block here: %s (skipped)", what);
	else
		snprintf(msg, sizeof(msg), "line %llu: %s (skipped)", it->line, what);
	say(s, it->offset, msg);
}

/* ---- captures ---- */

static int open_capture(struct source *s)
{
	__u32 version, hlen, crc;

	if (s->map_len < 20) {
		say(s, 0, "a capture cut short in its header: nothing to read");
		return -1;
	}
	memcpy(&version, s->map + 8, 4);
	memcpy(&hlen, s->map + 12, 4);
	if (version > CAP_FORMAT_VERSION || version == 0) {
		fprintf(stderr, "privtrace report: %s: capture format version %u; this privtrace "
				"reads version %d: use the privtrace that recorded it, or a newer one\n",
			s->name, version, CAP_FORMAT_VERSION);
		return -1;
	}
	if (hlen > CAP_HEADER_MAX || s->map_len < 20 + (size_t)hlen) {
		say(s, 0, "a capture cut short in its header: nothing to read");
		return -1;
	}
	memcpy(&crc, s->map + 16 + hlen, 4);
	if (crc != (__u32)crc32(0, s->map + 16, hlen))
		say(s, 16, "the header's CRC does not match: its text may be wrong (read on)");
	s->header = malloc(hlen + 1);
	if (!s->header)
		return -1;
	memcpy(s->header, s->map + 16, hlen);
	s->header[hlen] = '\0';
	/* the records are in the writer's byte order: only little-endian is written today */
	if (strstr(s->header, "byte_order=") && !strstr(s->header, "byte_order=little\n")) {
		fprintf(stderr, "privtrace report: %s: recorded in a byte order this privtrace does "
				"not read (its header: byte_order is not little)\n", s->name);
		return -1;
	}
	s->off = 20 + hlen;
	return 0;
}

/*
 * A head the writer could have made: its CRC good, records in it, the
 * compressed length no more than deflate's bound for the records' (a
 * crafted head cannot make the reader CRC the rest of the file for it).
 */
static bool head_sane(const struct cap_block_head *h)
{
	return h->magic == CAP_BLOCK_MAGIC && h->raw_len && h->raw_len <= CAP_BLOCK_RAW_MAX &&
	       h->n_records && h->comp_len <= compressBound(h->raw_len) &&
	       h->head_crc == (__u32)crc32(0, (const Bytef *)h, offsetof(struct cap_block_head, head_crc));
}

/* The next offset from off where a block head with good CRCs could start. */
static size_t resync(const struct source *s, size_t off)
{
	const __u32 magic = CAP_BLOCK_MAGIC;

	for (; off + sizeof(struct cap_block_head) <= s->map_len; off++) {
		struct cap_block_head h;

		if (memcmp(s->map + off, &magic, 4) && memcmp(s->map + off, CAP_FILE_MAGIC, 8))
			continue;
		if (!memcmp(s->map + off, CAP_FILE_MAGIC, 8))
			return off;
		memcpy(&h, s->map + off, sizeof(h));
		if (head_sane(&h))
			return off;
	}
	return s->map_len;
}

/*
 * A concatenated capture (a recording appended to an existing file): the
 * next header, checked as the first one was, and skipped. false: it cannot
 * be (cut short, a newer format, another byte order): said; nothing after
 * it is read.
 */
static bool skip_header(struct source *s)
{
	size_t at = s->off;
	__u32 version, hlen, crc;
	char msg[200];

	if (s->map_len - at < 20)
		return false;
	memcpy(&version, s->map + at + 8, 4);
	memcpy(&hlen, s->map + at + 12, 4);
	if (hlen > CAP_HEADER_MAX || s->map_len - at < 20 + (size_t)hlen)
		return false;
	if (version == 0 || version > CAP_FORMAT_VERSION) {
		snprintf(msg, sizeof(msg), "a recording of capture format version %u appended here; "
			 "this privtrace reads version %d: the rest is not read", version,
			 CAP_FORMAT_VERSION);
		say(s, at, msg);
		s->off = s->map_len;
		return true;
	}
	memcpy(&crc, s->map + at + 16 + hlen, 4);
	if (crc != (__u32)crc32(0, s->map + at + 16, hlen))
		say(s, at + 16, "an appended recording's header does not match its CRC (read on)");
	else if (memmem(s->map + at + 16, hlen, "byte_order=", 11) &&
		 !memmem(s->map + at + 16, hlen, "byte_order=little\n", 18)) {
		say(s, at, "a recording in another byte order appended here: the rest is not read");
		s->off = s->map_len;
		return true;
	}
	s->off = at + 20 + hlen;
	return true;
}

/* Inflate the block at s->off; 1 a block, 0 the end, -1 a bad one (said, skipped past). */
static int next_block(struct source *s)
{
	struct cap_block_head h;
	size_t at = s->off;
	uLongf raw_len;
	char msg[160];

	while (s->off < s->map_len && !memcmp(s->map + s->off, CAP_FILE_MAGIC,
					    s->map_len - s->off < 8 ? s->map_len - s->off : 8)) {
		if (!skip_header(s))
			break;
		at = s->off;
	}
	if (s->off >= s->map_len)
		return 0;
	if (s->map_len - s->off < sizeof(h)) {
		snprintf(msg, sizeof(msg), "the file ends inside a block head (%zu of %zu bytes): "
			 "what follows the last whole block is lost", s->map_len - s->off, sizeof(h));
		say(s, at, msg);
		s->off = s->map_len;
		return 0;
	}
	memcpy(&h, s->map + s->off, sizeof(h));
	if (!head_sane(&h)) {
		s->off = resync(s, s->off + 1);
		snprintf(msg, sizeof(msg), "not a good block head; %s", s->off < s->map_len ?
			 "reading on at the next good block" : "no good block follows");
		say(s, at, msg);
		return -1;
	}
	if (s->map_len - s->off - sizeof(h) < h.comp_len) {
		snprintf(msg, sizeof(msg), "the file ends inside a block (%zu of %u bytes): its %u "
			 "records are lost (cut short: a power cut, a full disk, or still being written)", s->map_len - s->off - sizeof(h),
			 h.comp_len, h.n_records);
		say(s, at, msg);
		s->off = s->map_len;
		return 0;
	}
	/* bad blocks cost their CRC: at most twice the file's size in all, then we stop */
	s->crc_spent += h.comp_len;
	if (s->crc_spent > 2 * (unsigned long long)s->map_len + CAP_BLOCK_RAW_MAX) {
		say(s, at, "too damaged to read on: the rest of the file is skipped");
		s->off = s->map_len;
		return 0;
	}
	if (h.data_crc != (__u32)crc32(0, s->map + s->off + sizeof(h), h.comp_len)) {
		snprintf(msg, sizeof(msg), "a block's data does not match its CRC: its %u records "
			 "are skipped", h.n_records);
		say(s, at, msg);
		s->off = resync(s, s->off + 1);
		return -1;
	}
	if (h.raw_len > s->raw_cap) {
		unsigned char *p = realloc(s->raw, h.raw_len);

		if (!p) {
			say(s, at, "out of memory for a block");
			s->off += sizeof(h) + h.comp_len;
			return -1;
		}
		s->raw = p;
		s->raw_cap = h.raw_len;
	}
	raw_len = h.raw_len;
	if (uncompress(s->raw, &raw_len, s->map + s->off + sizeof(h), h.comp_len) != Z_OK ||
	    raw_len != h.raw_len) {
		say(s, at, "a block does not inflate to what its head says: skipped");
		s->off += sizeof(h) + h.comp_len;
		return -1;
	}
	s->rec_off = at;
	s->raw_len = raw_len;
	s->raw_pos = 0;
	memset(s->base_len, 0, sizeof(s->base_len));
	s->raw_left = h.n_records;
	s->off += sizeof(h) + h.comp_len;
	return 1;
}

/*
 * The record at raw_pos (len bytes) made whole if it is a delta, and put
 * in the slot it names, as the writer put it. -1: no such base.
 */
static int restore_delta(struct source *s, size_t len)
{
	unsigned char *q = s->raw + s->raw_pos;
	unsigned int k = q[5];

	if (k >= CAP_DELTA_BASES)
		return -1;
	if (q[4] & CAP_REC_DELTA) {
		if (s->base_len[k] != len)
			return -1;
		capture_xor((char *)q + 8, (char *)q + 8, (char *)s->raw + s->base_pos[k] + 8, len - 8);
		q[4] &= (unsigned char)~CAP_REC_DELTA;
	}
	q[5] = 0;
	s->base_pos[k] = s->raw_pos;
	s->base_len[k] = len;
	return 0;
}

static int capture_next(struct source *s, struct item *it)
{
	for (;;) {
		const unsigned char *p;
		__u32 len;
		__u16 idlen;

		if (s->raw_pos >= s->raw_len) {
			int rc;

			if (s->raw_left)
				say(s, s->rec_off, "a block holds fewer records than its head says");
			s->raw_left = 0;
			while ((rc = next_block(s)) < 0)
				;
			if (!rc)
				return 0;
			continue;
		}
		p = s->raw + s->raw_pos;
		if (s->raw_len - s->raw_pos < 16)
			len = 0;
		else
			memcpy(&len, p, 4);
		if (len < 16 || len > s->raw_len - s->raw_pos) {
			say(s, s->rec_off, "a record of an impossible length: the rest of its block "
					   "is skipped");
			s->raw_pos = s->raw_len;
			s->raw_left = 0;
			continue;
		}
		if (restore_delta(s, len)) {
			say(s, s->rec_off, "a delta record without its base: the rest of its block "
					   "is skipped");
			s->raw_pos = s->raw_len;
			s->raw_left = 0;
			continue;
		}
		s->raw_pos += len;
		if (s->raw_left)
			s->raw_left--;
		memset(it, 0, sizeof(*it));
		it->offset = s->rec_off;
		memcpy(&it->real_ns, p + 8, 8);
		it->p = (const char *)p;
		it->len = len;
		if (p[4] == CAP_REC_EVENT) {
			it->kind = ITEM_CAPTURE_EVENT;
			if (len >= 32)
				memcpy(&it->seq, p + 24, 8);
			return 1;
		}
		if (p[4] == CAP_REC_METRIC && len >= 18) {
			memcpy(&idlen, p + 16, 2);
			if ((size_t)idlen + 18 <= len) {
				it->kind = ITEM_CAPTURE_METRIC;
				it->json = (const char *)p + 18 + idlen;
				it->json_len = len - 18 - idlen;
				return 1;
			}
		}
		say(s, s->rec_off, "a record of an unknown type in the block here (skipped)");
	}
}

/* ---- JSON lines ---- */

/* "@timestamp":"2026-...Z" first, as privtrace writes it; 0 if not there */
static __u64 line_time(const char *p, size_t len)
{
	static const char key[] = "{\"@timestamp\":\"";
	__u64 ns;

	if (len < sizeof(key) + 20 || memcmp(p, key, sizeof(key) - 1))
		return 0;
	p += sizeof(key) - 1;
	len -= sizeof(key) - 1;
	if (timefmt_parse_rfc3339(p, len, &ns) <= 0)
		return 0;
	return ns;
}

static __u64 line_seq(const char *p, size_t len)
{
	static const char key[] = "\"sequence\":";
	const char *q = memmem(p, len > 400 ? 400 : len, key, sizeof(key) - 1);
	__u64 v = 0;

	if (!q)
		return 0;
	for (q += sizeof(key) - 1; q < p + len && *q >= '0' && *q <= '9'; q++)
		v = v * 10 + (__u64)(*q - '0');
	return v;
}

/* Room for more input: the unread part moved to the front, more read after it. */
static int json_fill(struct source *s)
{
	int n;

	if (s->gz_eof)
		return 0;
	if (s->buf_pos) {
		memmove(s->buf, s->buf + s->buf_pos, s->buf_len - s->buf_pos);
		s->buf_off += s->buf_pos;
		s->buf_len -= s->buf_pos;
		s->buf_pos = 0;
	}
	if (s->buf_cap - s->buf_len < JSON_CHUNK) {
		char *p;

		if (s->buf_cap >= JSON_LINE_MAX + JSON_CHUNK)
			return -1;
		p = realloc(s->buf, s->buf_cap + JSON_CHUNK);
		if (!p)
			return -1;
		s->buf = p;
		s->buf_cap += JSON_CHUNK;
	}
	n = gzread(s->gz, s->buf + s->buf_len, JSON_CHUNK);
	if (n < 0) {
		int zerr;
		const char *msg = gzerror(s->gz, &zerr);
		char what[200];

		snprintf(what, sizeof(what), "cannot be read on (%s): the rest is lost", msg);
		say(s, s->buf_off + s->buf_len, what);
		s->gz_eof = true;
		return 0;
	}
	if (n == 0) {
		s->gz_eof = true;
		return 0;
	}
	s->buf_len += (size_t)n;
	return 1;
}

static int json_next(struct source *s, struct item *it)
{
	for (;;) {
		char *p = s->buf ? s->buf + s->buf_pos : NULL, *nl;
		size_t avail = s->buf_len - s->buf_pos, len;
		int rc;

		nl = avail ? memchr(p, '\n', avail) : NULL;
		if (!nl) {
			rc = json_fill(s);
			if (rc > 0)
				continue;
			/* the fill moved the unread part to the front, maybe to a new buffer */
			p = s->buf ? s->buf + s->buf_pos : NULL;
			avail = s->buf_len - s->buf_pos;
			if (rc < 0) {
				say(s, s->buf_off + s->buf_pos, "a line longer than 16 MiB: not "
								 "privtrace's JSON; the rest is skipped");
				return 0;
			}
			if (!avail)
				return 0;
			/* the last line has no newline: a file cut short, or still being written */
			nl = p + avail;
			say(s, s->buf_off + s->buf_pos, "the last line has no newline (cut short?): "
							 "read as it is");
		}
		len = (size_t)(nl - p);
		s->rec_off = s->buf_off + s->buf_pos;
		s->line_no++;
		s->buf_pos += len + (nl < s->buf + s->buf_len);
		if (len && p[len - 1] == '\r')
			len--;
		if (!len)
			continue;
		memset(it, 0, sizeof(*it));
		it->offset = s->rec_off;
		it->line = s->line_no;
		it->kind = ITEM_JSON;
		it->p = p;
		it->len = len;
		it->real_ns = line_time(p, len);
		if (!it->real_ns) {
			source_problem(s, it, "not a privtrace JSON record (no @timestamp first)");
			continue;
		}
		it->seq = line_seq(p, len);
		return 1;
	}
}

/* ---- either ---- */

int source_next(struct source *s, struct item *it)
{
	return s->capture ? capture_next(s, it) : json_next(s, it);
}

struct source *source_open(const char *path)
{
	struct source *s = calloc(1, sizeof(*s));
	unsigned char first[8] = { 0 };
	struct wbuf w = WBUF_INIT;
	struct stat st;
	ssize_t n;
	int fd;

	if (!s)
		return NULL;
	escape_text(&w, path, strlen(path));
	snprintf(s->name, sizeof(s->name), "%.*s", w.oom ? 0 : (int)w.len, w.buf ? w.buf : "");
	wbuf_free(&w);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "privtrace report: %s: %s\n", s->name, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "privtrace report: %s: not a regular file\n", s->name);
		goto fail;
	}
	n = pread(fd, first, sizeof(first), 0);
	if (n <= 0) {
		fprintf(stderr, "privtrace report: %s: %s\n", s->name,
			n ? strerror(errno) : "empty: neither a capture nor JSON lines");
		goto fail;
	}
	if (n == 8 && !memcmp(first, CAP_FILE_MAGIC, 8)) {
		s->capture = true;
		s->map_len = (size_t)st.st_size;
		s->map = mmap(NULL, s->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (s->map == MAP_FAILED) {
			s->map = NULL;
			fprintf(stderr, "privtrace report: %s: %s\n", s->name, strerror(errno));
			goto fail;
		}
		close(fd);
		if (open_capture(s))
			goto fail_open;
		return s;
	}
	/* gzip, or a JSON object's first byte */
	if (!(first[0] == 0x1f && n > 1 && first[1] == 0x8b) && first[0] != '{') {
		fprintf(stderr, "privtrace report: %s: neither a privtrace capture nor privtrace's "
				"JSON lines (plain or gzip'd)\n", s->name);
		goto fail;
	}
	s->gz = gzdopen(fd, "rb");
	if (!s->gz) {
		fprintf(stderr, "privtrace report: %s: out of memory\n", s->name);
		goto fail;
	}
	gzbuffer(s->gz, 256 * 1024);
	return s;
fail:
	if (fd >= 0)
		close(fd);
fail_open:
	source_close(s);
	return NULL;
}

void source_close(struct source *s)
{
	if (!s)
		return;
	if (s->problems > SAY_MAX)
		fprintf(stderr, "privtrace report: %s: %llu more problems not shown (%llu in all)\n",
			s->name, s->problems - SAY_MAX, s->problems);
	if (s->map)
		munmap((void *)s->map, s->map_len);
	if (s->gz)
		gzclose(s->gz);
	free(s->header);
	free(s->raw);
	free(s->buf);
	free(s);
}
