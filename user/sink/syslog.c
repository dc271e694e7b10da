// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * syslog+udp://, syslog+tcp://, syslog+unix://: RFC 5424 messages whose MSG
 * is the JSON record, with the fields a SIEM rule keys on repeated as
 * structured data so that it can filter without parsing the JSON:
 *
 *   <PRI>1 TIMESTAMP HOSTNAME privtrace PROCID MSGID [privtrace@32473 ...] {"@timestamp":...}
 *
 * Framing and transport are the send queue's (sendq.h): one datagram per
 * message over UDP and unix datagram sockets, RFC 6587 octet counting over
 * TCP and unix stream sockets. A datagram too big to send (over 65507
 * bytes for UDP on IPv4) is dropped and counted, never cut: half a JSON
 * record is worse than a counted loss. Collectors cut long messages on
 * their own: rsyslog at 8 KiB unless its global maxMessageSize is raised
 * (records with long escaped paths and container names can pass 8 KiB).
 *
 * rsyslog's imuxsock listens on a datagram socket only; its default
 * "special parser" expects syslog(3)'s format and takes an RFC 5424 header
 * for message text: give the input useSpecialParser="off" and
 * parseHostname="on" (rsyslog issue #4749).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/json.h"
#include "format/syslog.h"
#include "lib/clock.h"
#include "sink/sendq.h"
#include "sink/sink.h"

struct syslog_sink {
	struct sink s;
	struct sendq *q;
	int facility;
	int pid;
	char hostname[256];
	struct wbuf head;       /* the event loop's, for each message */
};

/* ---- the sink ---- */

/* HEADER SP STRUCTURED-DATA SP, before the JSON as MSG */
static void frame_head(struct syslog_sink *ss, struct wbuf *w, const struct sink_msg *m)
{
	wbuf_reset(w);
	syslog_header(w, ss->facility, m->severity, m->real_ns ? m->real_ns : clock_real_now(),
		      ss->hostname, ss->pid, m->msgid);
	if (m->sd)
		wbuf_put(w, m->sd, m->sd_len);
	else
		wbuf_ch(w, '-');
	wbuf_ch(w, ' ');
}

static int syslog_write(struct sink *s, const struct sink_msg *m)
{
	struct syslog_sink *ss = (struct syslog_sink *)s;
	size_t jl = m->json_len;

	frame_head(ss, &ss->head, m);
	/* MSG is the record without its newline: the framing ends the message */
	if (jl && m->json[jl - 1] == '\n')
		jl--;
	if (ss->head.oom)
		sendq_drop(ss->q); /* no memory for its header: a message lost, and counted */
	else
		sendq_push(ss->q, ss->head.buf, ss->head.len, m->json, jl); /* a drop is counted there */
	return 0;
}

/* The "dropped" record, as a syslog message of its own (sender thread: its own buffer). */
static char *loss_msg(void *arg, unsigned long long n, unsigned long long total, size_t *len)
{
	struct syslog_sink *ss = arg;
	__u64 now = clock_real_now();
	struct sink_msg m = {
		.severity = SYSLOG_SEV_WARNING,
		.msgid = "dropped",
		.real_ns = now,
	};
	struct wbuf w = WBUF_INIT;

	frame_head(ss, &w, &m);
	json_dropped(&w, ss->s.name, n, total, now);
	if (w.oom || !w.len) {
		wbuf_free(&w);
		return NULL;
	}
	*len = w.len - 1; /* without the JSON's newline */
	return w.buf;
}

static void syslog_stats(struct sink *s, struct sink_stats *out)
{
	sendq_stats(((struct syslog_sink *)s)->q, out);
}

static unsigned long long syslog_close(struct sink *s, int timeout_ms)
{
	struct syslog_sink *ss = (struct syslog_sink *)s;
	unsigned long long dropped = sendq_close(ss->q, timeout_ms);

	wbuf_free(&ss->head);
	free(ss);
	return dropped;
}

static void syslog_settle(struct sink *s, int timeout_ms)
{
	sendq_flush(((struct syslog_sink *)s)->q, timeout_ms);
}

static const struct sink_ops syslog_ops = {
	.write = syslog_write,
	.settle = syslog_settle,
	.stats = syslog_stats,
	.close = syslog_close,
};

struct sink *sink_syslog_open(const struct sink_spec *spec, char *err, size_t err_len)
{
	struct syslog_sink *ss = calloc(1, sizeof(*ss));
	struct sendq_cfg cfg = {
		.max_msgs = spec->queue_records,
		.max_bytes = spec->queue_bytes,
		.loss_msg = loss_msg,
		.name = spec->name,
	};

	if (!ss) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	ss->s.ops = &syslog_ops;
	ss->s.needs = SINK_NEEDS_JSON | SINK_NEEDS_SD;
	strcpy(ss->s.name, spec->name);
	ss->facility = spec->facility;
	ss->pid = getpid();
	syslog_hostname(ss->hostname, sizeof(ss->hostname));
	switch (spec->kind) {
	case SINK_SYSLOG_UDP:
		cfg.transport = SENDQ_UDP;
		break;
	case SINK_SYSLOG_TCP:
		cfg.transport = SENDQ_TCP;
		break;
	default:
		cfg.transport = SENDQ_UNIX;
	}
	cfg.host = spec->host;
	cfg.port = spec->port;
	cfg.path = spec->path;
	cfg.loss_arg = ss;
	ss->q = sendq_open(&cfg);
	if (!ss->q) {
		snprintf(err, err_len, "cannot start its sender: %s", strerror(errno));
		free(ss);
		return NULL;
	}
	return &ss->s;
}
