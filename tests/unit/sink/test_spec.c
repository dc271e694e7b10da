// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What the sinks put on the wire, byte for byte (user/sink/sink.c,
 * user/sink/syslog.c): sink specs, the RFC 5424 header and structured
 * data, the escaping of values a container chose, the "dropped" record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"
#include "enrich/record.h"
#include "sink/sink.h"

/* 2025-11-24T16:00:00.123456789Z */
#define T0 1764000000123456789ull

static char head[SYSLOG_HEAD_MAX];

static const char *fmt(const struct sink_msg *m, int facility)
{
	size_t n = syslog_head(head, sizeof(head), m, facility, "sensor-1.example", 4321);

	assert_int_equal(n, strlen(head));
	return head;
}

static void parse_ok(const char *spec, struct sink_spec *sp)
{
	char err[256] = "";

	if (sink_parse_spec(spec, sp, err, sizeof(err)))
		fail_msg("%s: %s", spec, err);
}

static void parse_bad(const char *spec, const char *why)
{
	struct sink_spec sp;
	char err[256] = "";

	assert_int_equal(sink_parse_spec(spec, &sp, err, sizeof(err)), -1);
	if (!strstr(err, why))
		fail_msg("%s: error '%s' does not say '%s'", spec, err, why);
}

static void test_spec(void **state)
{
	struct sink_spec sp;

	(void)state;
	parse_ok("file:/var/log/privtrace.json", &sp);
	assert_int_equal(sp.kind, SINK_FILE);
	assert_string_equal(sp.path, "/var/log/privtrace.json");
	assert_string_equal(sp.name, "file:/var/log/privtrace.json");
	/* a file path takes no options: '?' is part of it */
	parse_ok("file:/tmp/a?queue=5", &sp);
	assert_string_equal(sp.path, "/tmp/a?queue=5");

	parse_ok("syslog+tcp://siem.example:6514?facility=local0&queue=200", &sp);
	assert_int_equal(sp.kind, SINK_SYSLOG_TCP);
	assert_string_equal(sp.host, "siem.example");
	assert_string_equal(sp.port, "6514");
	assert_string_equal(sp.name, "syslog+tcp://siem.example:6514");
	assert_int_equal(sp.facility, 16);
	assert_int_equal(sp.queue_records, 200);
	assert_int_equal(sp.queue_bytes, SINK_DEF_QUEUE_BYTES);

	parse_ok("syslog+udp://[::1]:514", &sp);
	assert_int_equal(sp.kind, SINK_SYSLOG_UDP);
	assert_string_equal(sp.host, "::1");
	assert_string_equal(sp.port, "514");
	assert_int_equal(sp.facility, SINK_FACILITY_AUTHPRIV);
	assert_int_equal(sp.queue_records, SINK_DEF_QUEUE_RECORDS);
	parse_ok("syslog+udp://10.0.0.7", &sp);
	assert_string_equal(sp.port, "514");
	parse_ok("syslog+unix:///dev/log?facility=13&queue_bytes=65536", &sp);
	assert_int_equal(sp.kind, SINK_SYSLOG_UNIX);
	assert_string_equal(sp.path, "/dev/log");
	assert_int_equal(sp.facility, 13);
	assert_int_equal(sp.queue_bytes, 65536);

	parse_bad("syslog://x:514", "give file:PATH");
	parse_bad("file:", "no path");
	parse_bad("syslog+tcp://:514", "no host");
	parse_bad("syslog+tcp://h:0", "port must be");
	parse_bad("syslog+tcp://h:65536", "port must be");
	parse_bad("syslog+tcp://h:51x", "port must be");
	parse_bad("syslog+tcp://::1:514", "brackets");
	parse_bad("syslog+tcp://[::1:514", "without ']'");
	parse_bad("syslog+tcp://h:514?facility=local9", "unknown facility");
	parse_bad("syslog+tcp://h:514?queue=0", "queue must be");
	parse_bad("syslog+tcp://h:514?queue=-3", "queue must be");
	parse_bad("syslog+tcp://h:514?queue", "needs a value");
	parse_bad("syslog+tcp://h:514?color=blue", "unknown option");
	parse_bad("syslog+unix://", "no path");
	parse_bad("syslog+unix:///a/path/longer/than/the/one/hundred/and/eight/bytes/"
		  "sun_path/holds/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "too long");
}

static void test_facility(void **state)
{
	(void)state;
	assert_int_equal(sink_facility("kern"), 0);
	assert_int_equal(sink_facility("auth"), 4);
	assert_int_equal(sink_facility("authpriv"), 10);
	assert_int_equal(sink_facility("local0"), 16);
	assert_int_equal(sink_facility("local7"), 23);
	assert_int_equal(sink_facility("23"), 23);
	assert_int_equal(sink_facility("24"), -1);
	assert_int_equal(sink_facility("Local0"), -1);
	assert_int_equal(sink_facility(""), -1);
}

/* A file denial in a Docker container, as the SIEM rule sees it. */
static void test_head_event(void **state)
{
	struct pt_event e = base(PT_EV_FILE);
	struct container ct;
	struct record r;
	struct sink_msg m = { .json = "{}", .json_len = 2, .severity = SINK_SEV_WARNING,
			      .msgid = "file", .r = &r, .real_ns = T0 };

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -13;
	docker_container(&ct, "web", "nginx");
	memset(&r, 0, sizeof(r));
	r.e = &e;
	r.real_ns = T0;
	r.ct = &ct;
	r.why.code = PT_R_OWNER_UNMAPPED;
	/* authpriv (10) * 8 + warning (4) = 84 */
	assert_string_equal(fmt(&m, SINK_FACILITY_AUTHPRIV),
		"<84>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 file "
		"[privtrace@32473 action=\"file\" outcome=\"failure\" pid=\"4011\" uid=\"100000\" "
		"ns_uid=\"0\" container=\"" DOCKER_ID "\" container_name=\"web\" "
		"reason=\"owner_unmapped\"] ");

	/* local0 (16) * 8 + notice (5) = 133; a granted capability on the host, no reason */
	e = host_user(PT_EV_CAP, 0);
	e.cap.cap = CAP_SYS_ADMIN;
	e.ret = 0;
	r.ct = NULL;
	r.why.code = PT_R_NONE;
	m.severity = SINK_SEV_NOTICE;
	m.msgid = "capability";
	assert_string_equal(fmt(&m, 16),
		"<133>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 capability "
		"[privtrace@32473 action=\"capability\" outcome=\"success\" pid=\"4011\" uid=\"0\" "
		"ns_uid=\"0\"] ");

	/* an unmapped namespace id is left out, not shown as a number */
	e.cred.ns.euid = PT_ID_UNMAPPED;
	assert_string_equal(fmt(&m, 23),
		"<189>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 capability "
		"[privtrace@32473 action=\"capability\" outcome=\"success\" pid=\"4011\" uid=\"0\"] ");

	/* kern.emerg: PRI 0; the container without a name yet: its id alone */
	r.ct = &ct;
	ct.meta.name[0] = 0;
	m.severity = 0;
	assert_string_equal(fmt(&m, 0),
		"<0>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 capability "
		"[privtrace@32473 action=\"capability\" outcome=\"success\" pid=\"4011\" uid=\"0\" "
		"container=\"" DOCKER_ID "\"] ");
}

static void test_head_metric(void **state)
{
	struct sink_msg m = { .json = "{}", .json_len = 2, .severity = SINK_SEV_INFO,
			      .msgid = "health", .real_ns = 1000000000ull * 86400 + 999 };

	(void)state;
	/* no record: NILVALUE structured data; microseconds, not rounded up */
	assert_string_equal(fmt(&m, SINK_FACILITY_AUTHPRIV),
		"<86>1 1970-01-02T00:00:00.000000Z sensor-1.example privtrace 4321 health - ");
	/* MSGID: 1..32 PRINTUSASCII, else NILVALUE */
	m.msgid = "0123456789abcdef0123456789abcdef";
	assert_non_null(strstr(fmt(&m, 10), " 4321 0123456789abcdef0123456789abcdef - "));
	m.msgid = "0123456789abcdef0123456789abcdefX";
	assert_non_null(strstr(fmt(&m, 10), " 4321 - - "));
	m.msgid = "two words";
	assert_non_null(strstr(fmt(&m, 10), " 4321 - - "));
	m.msgid = "caf\xc3\xa9";
	assert_non_null(strstr(fmt(&m, 10), " 4321 - - "));
	m.msgid = "";
	assert_non_null(strstr(fmt(&m, 10), " 4321 - - "));
	m.msgid = NULL;
	assert_non_null(strstr(fmt(&m, 10), " 4321 - - "));
	/* out-of-range severity and facility fall back to info, authpriv */
	m.severity = 9;
	assert_int_equal(strncmp(fmt(&m, 99), "<86>1 ", 6), 0);
	/* too small a buffer: nothing, never a cut header */
	assert_int_equal(syslog_head(head, 20, &m, 10, "h", 1), 0);
	assert_string_equal(head, "");
}

static const char *sd(const char *s, size_t n)
{
	static char buf[4 * 300 + 1];

	syslog_sd_escape(buf, sizeof(buf), s, n);
	return buf;
}

static void test_sd_escape(void **state)
{
	char big[CT_NAME_LEN], out[4 * CT_NAME_LEN + 1];
	size_t i;

	(void)state;
	/* RFC 5424 6.3.3: '"', '\' and ']' escaped with a backslash */
	assert_string_equal(sd("a\"b\\c]d", 7), "a\\\"b\\\\c\\]d");
	/* a name that tries to close the SD element and forge a parameter */
	assert_string_equal(sd("x\"] [evil@1 admin=\"yes", 22),
			    "x\\\"\\] [evil@1 admin=\\\"yes");
	/* lines cannot be broken, terminals not driven */
	assert_string_equal(sd("a\nb\rc\td\x1b[2Je\x7f", 14), "a\\x0ab\\x0dc\\x09d\\x1b[2Je\\x7f");
	/* invalid UTF-8: overlong, surrogate, stray continuation, cut sequence */
	assert_string_equal(sd("\xc0\xaf\xed\xa0\x80\x80z\xe2\x82", 9),
			    "\\xc0\\xaf\\xed\\xa0\\x80\\x80z\\xe2\\x82");
	/* valid UTF-8 passes; C1 controls and bidi overrides do not */
	assert_string_equal(sd("caf\xc3\xa9 \xe6\x97\xa5", 9), "caf\xc3\xa9 \xe6\x97\xa5");
	assert_string_equal(sd("\xc2\x9b" "1m\xe2\x80\xae" "gpj.exe\xe2\x80\xa8", 17),
			    "\\u{009b}1m\\u{202e}gpj.exe\\u{2028}");
	/* stops at a NUL, and at n */
	assert_string_equal(sd("ab\0cd", 5), "ab");
	assert_string_equal(sd("abcdef", 3), "abc");
	assert_string_equal(sd(NULL, 0), "");

	/* the worst case fits 4 * n + 1, and one byte less does not */
	memset(big, 0x01, sizeof(big));
	assert_int_equal(syslog_sd_escape(out, sizeof(out), big, sizeof(big)), 4 * sizeof(big));
	assert_int_equal(syslog_sd_escape(out, sizeof(out) - 1, big, sizeof(big)), 0);
	assert_string_equal(out, "");
	for (i = 0; i < sizeof(big); i++)
		big[i] = i % 2 ? (char)0x85 : (char)0xc2; /* C1 NEL: 2 bytes -> 8 */
	assert_int_equal(syslog_sd_escape(out, sizeof(out), big, sizeof(big)), 4 * sizeof(big));
}

/* Hostile container names end up in the header still one valid SD element. */
static void test_head_hostile_container(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct container ct;
	struct record r;
	struct sink_msg m = { .json = "{}", .json_len = 2, .severity = SINK_SEV_WARNING,
			      .msgid = "capability", .r = &r, .real_ns = T0 };
	const char *h;
	int depth = 0;
	size_t i;

	(void)state;
	e.ret = -1;
	docker_container(&ct, "a]\"\\\n<13>1 2025-01-01T00:00:00Z forged - - - -\xff", "i");
	memset(&r, 0, sizeof(r));
	r.e = &e;
	r.ct = &ct;
	/* LXC: the id is the container's own name, from the cgroup path */
	ct.runtime = CT_RT_LXC;
	snprintf(ct.id, sizeof(ct.id), "lxc]\"x");
	h = fmt(&m, 10);
	assert_non_null(strstr(h, " container=\"lxc\\]\\\"x\" container_name=\"a\\]\\\"\\\\\\x0a"
				  "<13>1 2025-01-01T00:00:00Z forged - - - -\\xff\"]"));
	/* one line, printable ASCII, and exactly one unescaped '[' ... ']' */
	for (i = 0; h[i]; i++) {
		assert_true(h[i] >= 0x20 && h[i] < 0x7f);
		if (h[i] == '\\') {
			i++;
			continue;
		}
		if (h[i] == '"')
			depth ^= 2;
		else if (!(depth & 2) && h[i] == '[')
			depth++;
		else if (!(depth & 2) && h[i] == ']')
			depth--;
		assert_true(depth >= 0);
	}
	assert_int_equal(depth, 0);

	/* the longest hostile name and id still fit the header buffer */
	memset(ct.meta.name, 0x1b, sizeof(ct.meta.name) - 1);
	memset(ct.id, '"', sizeof(ct.id) - 1);
	h = fmt(&m, 10);
	assert_true(strlen(h) > 4 * (sizeof(ct.meta.name) - 1));
	assert_int_equal(h[strlen(h) - 2], ']');
}

static void test_hostname(void **state)
{
	char h[256];
	size_t i;

	(void)state;
	syslog_hostname(h, sizeof(h));
	assert_true(strlen(h) > 0);
	for (i = 0; h[i]; i++)
		assert_true(h[i] >= 33 && h[i] <= 126);
	syslog_hostname(h, 2); /* cut, never unterminated */
	assert_int_equal(strlen(h), 1);
}

static void test_dropped_json(void **state)
{
	size_t len;
	char *j = sink_dropped_json("syslog+tcp://127.0.0.1:5514", 17, 42, T0, &len);

	(void)state;
	assert_non_null(j);
	assert_string_equal(j, "{\"@timestamp\":\"2025-11-24T16:00:00.123456789Z\",\"event\":"
			       "{\"kind\":\"metric\",\"category\":[\"host\"],\"type\":[\"info\"],"
			       "\"action\":\"dropped\"},\"privtrace\":{\"dropped\":"
			       "{\"sink\":\"syslog+tcp://127.0.0.1:5514\",\"records\":17,\"total\":42}}}");
	assert_int_equal(len, strlen(j));
	free(j);
	/* the name holds a path the user chose: escaped */
	j = sink_dropped_json("file:/tmp/a\"b\n", 1, 1, T0, &len);
	assert_non_null(strstr(j, "\"sink\":\"file:/tmp/a\\\"b\\n\""));
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_facility),
		cmocka_unit_test(test_head_event),
		cmocka_unit_test(test_head_metric),
		cmocka_unit_test(test_sd_escape),
		cmocka_unit_test(test_head_hostile_container),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_dropped_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
