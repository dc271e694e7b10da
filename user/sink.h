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

/* RFC 5424 severities privtrace uses */
#define SINK_SEV_WARNING 4 /* a denial, a refused change */
#define SINK_SEV_NOTICE 5  /* a privileged access granted, a credential change */
#define SINK_SEV_INFO 6    /* health and loss records */

struct record;

/* One record on its way to the sinks. */
struct sink_msg {
	const char *json;         /* the JSON object, one line, no trailing newline */
	size_t json_len;
	const char *text;         /* the same record as a text-table line, no newline; NULL: none */
	size_t text_len;
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

#endif
