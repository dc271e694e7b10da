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
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "event/names.h"
#include "enrich/record.h"
#include "sink/sendq.h"
#include "sink/sink.h"

/*
 * SD-ID "privtrace@32473": an enterprise-specific SD-ID needs an IANA
 * Private Enterprise Number; 32473 is the one RFC 5612 reserves for
 * documentation and examples, used until privtrace has its own.
 */
#define SD_ID "privtrace@32473"
#define APP_NAME "privtrace"
#define MSGID_MAX 32

struct syslog_sink {
	struct sink s;
	struct sendq *q;
	int facility;
	int pid;
	char hostname[256];
};

/* ---- RFC 5424 formatting ---- */

static bool printusascii(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (i >= max || s[i] < 33 || s[i] > 126)
			return false;
	return i > 0;
}

void syslog_hostname(char *buf, size_t len)
{
	char h[256] = "";
	size_t i;

	if (gethostname(h, sizeof(h) - 1))
		h[0] = 0;
	h[sizeof(h) - 1] = 0;
	/* RFC 5424 6.2.4: 1*255PRINTUSASCII, "-" when unknown */
	for (i = 0; h[i] && i + 1 < len; i++)
		buf[i] = h[i] >= 33 && h[i] <= 126 ? h[i] : '_';
	buf[i] = 0;
	if (!i && len >= 2)
		strcpy(buf, "-");
}

/* The valid shortest-form UTF-8 sequence at s (at most n bytes) and its code point; 0 if none. */
static size_t utf8_char(const unsigned char *s, size_t n, unsigned int *cp)
{
	unsigned int c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000, c &= 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t syslog_sd_escape(char *buf, size_t len, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, k;
	unsigned int cp;
	char tmp[16];
	int w;

	while (i < n && p[i]) {
		k = utf8_char(p + i, n - i, &cp);
		if (!k || cp < 0x20 || cp == 0x7f) {
			/* a control byte or one that is not UTF-8: visible, never raw */
			w = snprintf(tmp, sizeof(tmp), "\\x%02x", p[i]);
			k = 1;
		} else if (cp == '"' || cp == '\\' || cp == ']') {
			w = snprintf(tmp, sizeof(tmp), "\\%c", cp); /* RFC 5424 6.3.3 */
		} else if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
			   (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
			/* valid, but drives terminals (C1), breaks lines or reorders text (bidi) */
			w = snprintf(tmp, sizeof(tmp), "\\u{%04x}", cp);
		} else {
			memcpy(tmp, p + i, k);
			w = (int)k;
		}
		if (o + w + 1 > len) {
			if (len)
				buf[0] = 0;
			return 0;
		}
		memcpy(buf + o, tmp, w);
		o += w;
		i += k;
	}
	if (o + 1 > len)
		return 0;
	buf[o] = 0;
	return o;
}

/* Append to buf at *o what fmt gives, if it fits; false if not. */
static bool put(char *buf, size_t len, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool put(char *buf, size_t len, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o >= len)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, len - *o, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *o)
		return false;
	*o += n;
	return true;
}

/* An SD-PARAM whose value a container chose. */
static bool put_untrusted(char *buf, size_t len, size_t *o, const char *name, const char *val,
			  size_t max)
{
	char esc[4 * CT_NAME_LEN + 1];

	if (!syslog_sd_escape(esc, sizeof(esc), val, max) && val[0])
		return false;
	return put(buf, len, o, " %s=\"%s\"", name, esc);
}

/* [privtrace@32473 action="file" outcome="failure" pid="4011" uid="100000" ns_uid="0" ...] */
static bool put_sd(char *buf, size_t len, size_t *o, const struct record *r)
{
	const struct pt_event *e = r->e;
	const char *reason = reason_code(r->why.code);

	if (!put(buf, len, o, "[" SD_ID " action=\"%s\" outcome=\"%s\" pid=\"%u\" uid=\"%u\"",
		 event_action(e), event_success(e) ? "success" : "failure", e->task.pid,
		 e->cred.host.euid))
		return false;
	/* unmapped in the task's namespace: left out, as JSON's null says nothing numeric */
	if (e->cred.ns.euid != PT_ID_UNMAPPED && !put(buf, len, o, " ns_uid=\"%u\"", e->cred.ns.euid))
		return false;
	if (r->ct) {
		if (!put_untrusted(buf, len, o, "container", r->ct->id, sizeof(r->ct->id)))
			return false;
		if (r->ct->meta.name[0] &&
		    !put_untrusted(buf, len, o, "container_name", r->ct->meta.name,
				   sizeof(r->ct->meta.name)))
			return false;
	}
	if (reason && !put(buf, len, o, " reason=\"%s\"", reason))
		return false;
	return put(buf, len, o, "]");
}

size_t syslog_head(char *buf, size_t len, const struct sink_msg *m, int facility,
		   const char *hostname, int pid)
{
	int sev = m->severity >= 0 && m->severity <= 7 ? m->severity : SINK_SEV_INFO;
	__u64 t = m->real_ns ? m->real_ns : clock_real_now();
	time_t sec = (time_t)(t / 1000000000ull);
	const char *msgid = m->msgid && printusascii(m->msgid, MSGID_MAX) ? m->msgid : "-";
	char ts[64];
	struct tm tm;
	size_t o = 0;

	if (facility < 0 || facility > 23)
		facility = SINK_FACILITY_AUTHPRIV;
	if (!gmtime_r(&sec, &tm)) {
		sec = 0;
		gmtime_r(&sec, &tm);
	}
	/* RFC 5424 6.2.3: RFC 3339, at most microseconds; UTC */
	snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned int)(t % 1000000000ull / 1000));
	if (!put(buf, len, &o, "<%d>1 %s %s " APP_NAME " %d %s ", facility * 8 + sev, ts,
		 hostname, pid, msgid))
		goto nil;
	if (m->r) {
		size_t mark = o;

		if (!put_sd(buf, len, &o, m->r)) {
			o = mark; /* cannot happen within SYSLOG_HEAD_MAX; NILVALUE rather than a cut */
			if (!put(buf, len, &o, "-"))
				goto nil;
		}
	} else if (!put(buf, len, &o, "-")) {
		goto nil;
	}
	if (!put(buf, len, &o, " "))
		goto nil;
	return o;
nil:
	if (len)
		buf[0] = 0;
	return 0;
}

/* ---- the sink ---- */

static int syslog_write(struct sink *s, const struct sink_msg *m)
{
	struct syslog_sink *ss = (struct syslog_sink *)s;
	char head[SYSLOG_HEAD_MAX];
	size_t hl = syslog_head(head, sizeof(head), m, ss->facility, ss->hostname, ss->pid);

	sendq_push(ss->q, head, hl, m->json, m->json_len); /* a drop is counted there */
	return 0;
}

/* The "dropped" record, as a syslog message of its own (sender thread). */
static char *loss_msg(void *arg, unsigned long long n, unsigned long long total, size_t *len)
{
	struct syslog_sink *ss = arg;
	__u64 now = clock_real_now();
	struct sink_msg m = {
		.severity = SINK_SEV_WARNING,
		.msgid = "dropped",
		.real_ns = now,
	};
	char head[SYSLOG_HEAD_MAX], *json, *out;
	size_t jl, hl;

	json = sink_dropped_json(ss->s.name, n, total, now, &jl);
	if (!json)
		return NULL;
	m.json = json;
	m.json_len = jl;
	hl = syslog_head(head, sizeof(head), &m, ss->facility, ss->hostname, ss->pid);
	out = malloc(hl + jl);
	if (out) {
		memcpy(out, head, hl);
		memcpy(out + hl, json, jl);
		*len = hl + jl;
	}
	free(json);
	return out;
}

static void syslog_stats(struct sink *s, struct sink_stats *out)
{
	sendq_stats(((struct syslog_sink *)s)->q, out);
}

static unsigned long long syslog_close(struct sink *s, int timeout_ms)
{
	struct syslog_sink *ss = (struct syslog_sink *)s;
	unsigned long long dropped = sendq_close(ss->q, timeout_ms);

	free(ss);
	return dropped;
}

static const struct sink_ops syslog_ops = {
	.write = syslog_write,
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
	};

	if (!ss) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	ss->s.ops = &syslog_ops;
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
