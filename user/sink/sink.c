// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Sink specs and what every kind shares: the spec is taken apart once here,
 * so a typo is one clear error at start, never a sink that silently sends
 * nowhere; each kind (sink_file.c, sink_syslog.c) gets it parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"
#include "sink/sink.h"

/* A network sink holds at most this many records / bytes, whatever is asked. */
#define MAX_QUEUE_RECORDS 10000000ul
#define MAX_QUEUE_BYTES (4ul << 30)

/* RFC 5424 6.2.1, with the names syslog.conf(5) and logger(1) give them */
static const char *const facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "clock",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

int sink_facility(const char *name)
{
	unsigned long n;
	int i;

	for (i = 0; i < 24; i++)
		if (!strcmp(name, facilities[i]))
			return i;
	if (!parse_ulong(name, 0, 23, &n))
		return (int)n;
	return -1;
}

/* err says what is wrong, not which sink: the caller names the spec */
static int errf(char *err, size_t err_len, const char *msg)
{
	snprintf(err, err_len, "%s", msg);
	return -1;
}

/* "HOST:PORT", "[V6]:PORT", "HOST" (port 514, as RFC 5426 and most collectors use) */
static int parse_hostport(const char *s, size_t len, struct sink_spec *out, char *err,
			  size_t err_len)
{
	const char *host = s, *port = NULL, *end = s + len, *colon;
	size_t hlen;
	unsigned long n;

	if (len && s[0] == '[') {
		const char *close = memchr(s, ']', len);

		if (!close)
			return errf(err, err_len, "'[' without ']' around an IPv6 address");
		host = s + 1;
		hlen = close - host;
		if (close + 1 < end) {
			if (close[1] != ':')
				return errf(err, err_len, "':PORT' must follow ']'");
			port = close + 2;
		}
	} else {
		colon = memchr(s, ':', len);
		if (colon && memchr(colon + 1, ':', end - colon - 1))
			return errf(err, err_len, "an IPv6 address goes in brackets: [::1]:514");
		hlen = colon ? (size_t)(colon - s) : len;
		if (colon)
			port = colon + 1;
	}
	if (!hlen || hlen >= sizeof(out->host))
		return errf(err, err_len, "no host, or a host name too long");
	memcpy(out->host, host, hlen);
	out->host[hlen] = 0;
	if (!port) {
		strcpy(out->port, "514");
		return 0;
	}
	if ((size_t)(end - port) >= sizeof(out->port))
		return errf(err, err_len, "the port must be 1..65535");
	memcpy(out->port, port, end - port);
	out->port[end - port] = 0;
	if (parse_ulong(out->port, 1, 65535, &n))
		return errf(err, err_len, "the port must be 1..65535");
	return 0;
}

/* "facility=local0&queue=200": each known once-or-more, the last one counts */
static int parse_options(char *opts, struct sink_spec *out, char *err, size_t err_len)
{
	char *next = opts, *opt, *val;
	unsigned long n;

	/* strsep, not strtok: "?&&" and "a=1&&b=2" have empty options, which are errors */
	while ((opt = strsep(&next, "&"))) {
		if (!*opt) {
			snprintf(err, err_len, "an empty option (a '&' too many, or nothing after '?')");
			return -1;
		}
		val = strchr(opt, '=');
		if (!val) {
			snprintf(err, err_len, "option '%s' needs a value (NAME=VALUE)", opt);
			return -1;
		}
		*val++ = 0;
		if (!strcmp(opt, "facility")) {
			out->facility = sink_facility(val);
			if (out->facility < 0) {
				snprintf(err, err_len, "unknown facility '%s' "
					 "(kern, user, ..., authpriv, local0..local7, or 0..23)", val);
				return -1;
			}
		} else if (!strcmp(opt, "queue")) {
			if (parse_ulong(val, 1, MAX_QUEUE_RECORDS, &n)) {
				snprintf(err, err_len, "queue must be 1..%lu records",
					 MAX_QUEUE_RECORDS);
				return -1;
			}
			out->queue_records = n;
		} else if (!strcmp(opt, "queue_bytes")) {
			if (parse_ulong(val, 4096, MAX_QUEUE_BYTES, &n)) {
				snprintf(err, err_len, "queue_bytes must be 4096..%lu",
					 MAX_QUEUE_BYTES);
				return -1;
			}
			out->queue_bytes = n;
		} else {
			snprintf(err, err_len, "unknown option '%s' (facility, queue, queue_bytes)",
				 opt);
			return -1;
		}
	}
	return 0;
}

int sink_parse_spec(const char *spec, struct sink_spec *out, char *err, size_t err_len)
{
	static const struct {
		const char *prefix;
		enum sink_kind kind;
	} kinds[] = {
		{ "file:", SINK_FILE },
		{ "syslog+udp://", SINK_SYSLOG_UDP },
		{ "syslog+tcp://", SINK_SYSLOG_TCP },
		{ "syslog+unix://", SINK_SYSLOG_UNIX },
	};
	char opts[512];
	const char *rest = NULL, *q;
	size_t i, len;

	memset(out, 0, sizeof(*out));
	out->facility = SYSLOG_FACILITY_AUTHPRIV;
	out->queue_records = SINK_DEF_QUEUE_RECORDS;
	out->queue_bytes = SINK_DEF_QUEUE_BYTES;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strncmp(spec, kinds[i].prefix, strlen(kinds[i].prefix))) {
			out->kind = kinds[i].kind;
			rest = spec + strlen(kinds[i].prefix);
			break;
		}
	}
	if (!rest)
		return errf(err, err_len, "give file:PATH, syslog+udp://HOST:PORT, "
			    "syslog+tcp://HOST:PORT or syslog+unix://PATH");

	/* a file path may hold any byte but NUL: it takes no options */
	q = out->kind == SINK_FILE ? NULL : strchr(rest, '?');
	len = q ? (size_t)(q - spec) : strlen(spec);
	if (len >= sizeof(out->name))
		return errf(err, err_len, "too long");
	memcpy(out->name, spec, len);
	out->name[len] = 0;
	len -= rest - spec;

	switch (out->kind) {
	case SINK_FILE:
	case SINK_SYSLOG_UNIX:
		if (!len)
			return errf(err, err_len, "no path");
		/* sun_path holds 108 bytes with its NUL */
		if (len >= (out->kind == SINK_FILE ? sizeof(out->path) : 108))
			return errf(err, err_len, "the path is too long");
		memcpy(out->path, rest, len);
		out->path[len] = 0;
		break;
	default:
		if (parse_hostport(rest, len, out, err, err_len))
			return -1;
	}
	if (q) {
		if (strlen(q + 1) >= sizeof(opts))
			return errf(err, err_len, "options too long");
		strcpy(opts, q + 1);
		if (parse_options(opts, out, err, err_len))
			return -1;
	}
	return 0;
}

int sink_write(struct sink *s, const struct sink_msg *m)
{
	return s->ops->write(s, m);
}

int sink_flush(struct sink *s)
{
	return s->ops->flush ? s->ops->flush(s) : 0;
}

void sink_settle(struct sink *s, int timeout_ms)
{
	if (s->ops->settle)
		s->ops->settle(s, timeout_ms);
	else
		sink_flush(s);
}

unsigned int sink_needs(const struct sink *s)
{
	return s->needs;
}

bool sink_is_main(const struct sink *s)
{
	return s->main;
}

void sink_reopen(struct sink *s)
{
	if (s->ops->reopen)
		s->ops->reopen(s);
}

void sink_stats(struct sink *s, struct sink_stats *out)
{
	memset(out, 0, sizeof(*out));
	s->ops->stats(s, out);
}

const char *sink_name(const struct sink *s)
{
	return s->name;
}

unsigned long long sink_close(struct sink *s, int timeout_ms)
{
	return s ? s->ops->close(s, timeout_ms) : 0;
}
