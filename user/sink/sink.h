/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The last stage: where records go, as bytes the formatters made (a sink
 * moves bytes; format/ makes them). The main output (stdout or --write
 * PATH: the table or JSON lines, as -o says), files of JSON lines, syslog
 * (RFC 5424) over UDP, TCP or a unix socket; several at once. Each record
 * is formatted once per form some sink needs (sink.needs), and every sink
 * gets it.
 *
 * No sink may stall the ring buffer on a network peer: network sinks queue
 * (bounded) and send from a thread of their own, reconnecting with backoff;
 * what does not fit is dropped, counted, and reported as a record on that
 * sink once it is back. Files and the main output collect whole lines and
 * write them together (sink_flush, after every batch of events, and when a
 * batch grows past SINK_BATCH_BYTES).
 */
#ifndef PT_SINK_H
#define PT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "format/syslog.h"

#define SINK_MAX 8 /* sinks at once */

#define SINK_BATCH_BYTES (64 * 1024) /* lines collected before a write, at most */

/* The forms of a record a sink takes (sink.needs). */
#define SINK_NEEDS_JSON 1
#define SINK_NEEDS_TEXT 2
#define SINK_NEEDS_SD 4   /* RFC 5424 structured data (format/syslog.h) */
#define SINK_NEEDS_CAPTURE 8 /* a capture record (format/capture.h) */

/* One record on its way to the sinks, in the forms they need. */
struct sink_msg {
	const char *json;         /* one JSON object and its newline: json_len bytes, no NUL */
	size_t json_len;
	const char *text;         /* the table's line and its newline; NULL: a record the */
	size_t text_len;          /* table has no line for */
	const char *sd;           /* structured data, "[privtrace@32473 ...]"; NULL: none */
	size_t sd_len;
	const char *cap;          /* the capture record (format/capture.h); NULL: none */
	size_t cap_len;
	int severity;             /* RFC 5424: SYSLOG_SEV_* (format/syslog.h) */
	const char *msgid;        /* RFC 5424 MSGID: event.action, "health", "lost" */
	__u64 real_ns;            /* the record's time, ns since the epoch */
};

struct sink_stats {
	unsigned long long written;  /* records handed on (sent, or written) */
	unsigned long long dropped;  /* records lost by this sink: queue full, peer down, write error */
	unsigned long long queued;   /* waiting to be sent now */
	unsigned long long reconnects;
	bool up;                     /* connected / open right now */
};

struct sink;

/* "file:PATH", "syslog+udp://HOST:PORT", "syslog+tcp://HOST:PORT", "syslog+unix:///dev/log" */
struct sink *sink_open(const char *spec, char *err, size_t err_len);
/*
 * The main output: stdout (path NULL) or --write PATH (appended), the
 * table (text) or JSON lines. Unlike a --sink, a write error stops privtrace
 * (a closed pipe: the reader is gone).
 */
struct sink *sink_main_open(const char *path, bool text, char *err, size_t err_len);
/* Never blocks on a peer; <0 (an errno) only for an error the caller must stop for. */
int sink_write(struct sink *s, const struct sink_msg *m);
/* What is collected, written now; <0 as sink_write. */
int sink_flush(struct sink *s);
/*
 * Before the last word: what is collected written, and what is queued for a
 * peer sent, waiting at most timeout_ms for it. What is still queued after
 * that stays queued (its stats say how many): sink_close counts it.
 */
void sink_settle(struct sink *s, int timeout_ms);
/* The forms of a record this sink takes: SINK_NEEDS_* */
unsigned int sink_needs(const struct sink *s);
/* The main output, not a --sink. */
bool sink_is_main(const struct sink *s);
/* SIGHUP: files are reopened (logrotate moved them); a no-op for others. */
void sink_reopen(struct sink *s);
void sink_stats(struct sink *s, struct sink_stats *out);
/* "file:/var/log/privtrace.json": the name health records give it. */
const char *sink_name(const struct sink *s);
/*
 * Flush what is queued (waiting at most timeout_ms for network peers),
 * close, free. Returns the records this sink dropped since it was opened,
 * those still unsent when the time ran out included.
 */
unsigned long long sink_close(struct sink *s, int timeout_ms);

/* ---- the sinks' building blocks: user/sink*.c, and their unit tests ---- */

#define SINK_SPEC_PATH_LEN 4096
#define SINK_HOST_LEN 256
#define SINK_DEF_QUEUE_RECORDS 10000
#define SINK_DEF_QUEUE_BYTES (16ul << 20)

enum sink_kind {
	SINK_FILE = 1,
	SINK_SYSLOG_UDP,
	SINK_SYSLOG_TCP,
	SINK_SYSLOG_UNIX,
};

/*
 * A spec taken apart. Syslog specs take options after '?', joined by '&':
 * facility=NAME|0..23 (default authpriv), queue=RECORDS, queue_bytes=BYTES.
 * A file spec has none: everything after "file:" is the path, '?' included.
 */
struct sink_spec {
	enum sink_kind kind;
	char name[SINK_SPEC_PATH_LEN + 32]; /* the spec without its options */
	char path[SINK_SPEC_PATH_LEN];      /* file, unix socket */
	char host[SINK_HOST_LEN];           /* udp, tcp: a name or an address, no brackets */
	char port[8];                       /* udp, tcp: "514" when not given */
	int facility;
	unsigned long queue_records;
	unsigned long queue_bytes;
};

/* 0, or -1 with a message saying what is wrong in err. */
int sink_parse_spec(const char *spec, struct sink_spec *out, char *err, size_t err_len);
/* "local0" -> 16, "authpriv" -> 10, "13" -> 13; -1 if unknown. */
int sink_facility(const char *name);

/* ---- implementations (user/sink/file.c, user/sink/syslog.c) ---- */

struct sink_ops {
	int (*write)(struct sink *s, const struct sink_msg *m);
	int (*flush)(struct sink *s);           /* NULL: nothing is collected */
	void (*settle)(struct sink *s, int timeout_ms); /* NULL: a flush is all it takes */
	void (*reopen)(struct sink *s);
	void (*stats)(struct sink *s, struct sink_stats *out);
	/* flush (at most timeout_ms), free s; returns its dropped total */
	unsigned long long (*close)(struct sink *s, int timeout_ms);
};

/* The first member of each kind's own struct. */
struct sink {
	const struct sink_ops *ops;
	unsigned int needs;     /* SINK_NEEDS_* */
	bool main;              /* the main output (sink_main_open) */
	char name[SINK_SPEC_PATH_LEN + 32];
};

struct sink *sink_file_open(const struct sink_spec *spec, char *err, size_t err_len);
struct sink *sink_syslog_open(const struct sink_spec *spec, char *err, size_t err_len);

#endif
