/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The last stage: where records go. stdout (text or JSON, as -o says), a
 * file of JSON lines, syslog (RFC 5424) over UDP, TCP or a unix socket;
 * several at once. A record is formatted once and handed to every sink.
 *
 * No sink may stall the ring buffer: sink_write() never blocks on a network
 * peer. Network sinks queue (bounded) and send from a thread of their own,
 * reconnecting with backoff; what does not fit is dropped, counted, and
 * reported as a record on that sink once it is back.
 */
#ifndef PT_SINK_H
#define PT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#define SINK_MAX 8 /* sinks at once */

/* RFC 5424 severities privtrace uses */
#define SINK_SEV_WARNING 4 /* a denial, a refused change, a sink's own dropped record */
#define SINK_SEV_NOTICE 5  /* a privileged access granted, a credential change */
#define SINK_SEV_INFO 6    /* health records and the kernel's loss records */

struct record;

/* One record on its way to the sinks. */
struct sink_msg {
	const char *json;         /* the JSON object, one line: json_len bytes, then (not */
	size_t json_len;          /* counted, not to be relied on) a newline: no NUL */
	const char *text;         /* the same record as a text-table line, text_len bytes; */
	size_t text_len;          /* NULL: none */
	int severity;             /* SINK_SEV_* */
	const char *msgid;        /* RFC 5424 MSGID: event.action, "health", "lost" */
	const struct record *r;   /* the event's fields (syslog structured data); NULL: a metric record */
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
/* Never blocks on a peer; <0 only for an error the caller must stop for. */
int sink_write(struct sink *s, const struct sink_msg *m);
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
#define SINK_FACILITY_AUTHPRIV 10

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

/*
 * The record a sink sends first when it can hand on records again after
 * losing some (docs/schema.md, event.action "dropped"): n since the last
 * one, total since start. Malloc'd, NUL-terminated, one line, no newline;
 * NULL if out of memory.
 */
char *sink_dropped_json(const char *sink_name, unsigned long long n,
			unsigned long long total, __u64 real_ns, size_t *len);

/* An RFC 5424 HEADER SP STRUCTURED-DATA SP fits in this, whatever the record. */
#define SYSLOG_HEAD_MAX 4096

/*
 * Everything of an RFC 5424 message before MSG (m->json is MSG), with a
 * NUL: "<PRI>1 TIMESTAMP HOSTNAME privtrace PROCID MSGID SD ". hostname
 * must be PRINTUSASCII already (syslog_hostname). Returns its length.
 */
size_t syslog_head(char *buf, size_t len, const struct sink_msg *m, int facility,
		   const char *hostname, int pid);
/* gethostname() as an RFC 5424 HOSTNAME: bytes outside '!'..'~' become '_', "-" if none. */
void syslog_hostname(char *buf, size_t len);
/*
 * An SD-PARAM value from untrusted bytes (a container's name): '"' and ']'
 * backslash-escaped as RFC 5424 says, '\' as \\ (so that a backslash we
 * write starts an escape); control characters, DEL and invalid UTF-8 as
 * \xNN, C1, line separators and bidi controls as \u{XXXX} (escape_text's
 * rules); the rest (valid UTF-8) unchanged. Stops at a NUL. Needs at most
 * 4 * n + 1 bytes; returns the length, or 0 with buf "" if len is too small.
 */
size_t syslog_sd_escape(char *buf, size_t len, const char *s, size_t n);

/* ---- implementations (user/sink/file.c, user/sink/syslog.c) ---- */

struct sink_ops {
	int (*write)(struct sink *s, const struct sink_msg *m);
	void (*reopen)(struct sink *s);
	void (*stats)(struct sink *s, struct sink_stats *out);
	/* flush (at most timeout_ms), free s; returns its dropped total */
	unsigned long long (*close)(struct sink *s, int timeout_ms);
};

/* The first member of each kind's own struct. */
struct sink {
	const struct sink_ops *ops;
	char name[SINK_SPEC_PATH_LEN + 32];
};

struct sink *sink_file_open(const struct sink_spec *spec, char *err, size_t err_len);
struct sink *sink_syslog_open(const struct sink_spec *spec, char *err, size_t err_len);

#endif
