// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * RFC 5424 framing (user/format/syslog.c), byte for byte: the header, the
 * structured data a SIEM rule keys on, the escaping of values a container
 * chose. The message as a syslog sink frames it is tested on the wire in
 * tests/unit/sink/test_syslog.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wbuf_take.h"
#include "fixtures.h"
#include "enrich/record.h"
#include "format/syslog.h"

/* 2025-11-24T16:00:00.123456789Z */
#define T0 1764000000123456789ull

static char buf[8192];

/* The header, then r's structured data (NILVALUE without a record), then the space before MSG. */
static const char *fmt(int facility, int severity, const char *msgid, const struct record *r,
		       __u64 real_ns)
{
	struct wbuf w = WBUF_INIT;

	syslog_header(&w, facility, severity, real_ns, "sensor-1.example", 4321, msgid);
	if (r)
		syslog_sd(&w, r);
	else
		wbuf_ch(&w, '-');
	wbuf_ch(&w, ' ');
	return take(&w);
}

/* A file denial in a Docker container, as the SIEM rule sees it. */
static void test_head_event(void **state)
{
	struct pt_event e = base(PT_EV_FILE);
	struct container ct;
	struct record r;

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -13;
	docker_container(&ct, "web", "nginx");
	record_init(&r, &e, T0);
	r.ct = &ct;
	r.why.code = PT_R_OWNER_UNMAPPED;
	/* the record's own severity and action, as the syslog sink takes them */
	assert_int_equal(r.severity, SYSLOG_SEV_WARNING);
	assert_string_equal(r.action, "file");
	/* authpriv (10) * 8 + warning (4) = 84 */
	assert_string_equal(fmt(SYSLOG_FACILITY_AUTHPRIV, r.severity, r.action, &r, T0),
		"<84>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 file "
		"[privtrace@32473 action=\"file\" outcome=\"failure\" pid=\"4011\" uid=\"100000\" "
		"ns_uid=\"0\" container=\"" DOCKER_ID "\" container_name=\"web\" "
		"reason=\"owner_unmapped\"] ");

	/* local0 (16) * 8 + notice (5) = 133; a granted capability on the host, no reason */
	e = host_user(PT_EV_CAP, 0);
	e.cap.cap = CAP_SYS_ADMIN;
	e.ret = 0;
	record_init(&r, &e, T0);
	assert_int_equal(r.severity, SYSLOG_SEV_NOTICE);
	assert_string_equal(r.action, "capability");
	assert_int_equal(r.why.code, PT_R_NONE);
	assert_string_equal(fmt(16, r.severity, r.action, &r, T0),
		"<133>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 capability "
		"[privtrace@32473 action=\"capability\" outcome=\"success\" pid=\"4011\" uid=\"0\" "
		"ns_uid=\"0\"] ");

	/* an unmapped namespace id is left out, not shown as a number */
	e.cred.ns.euid = PT_ID_UNMAPPED;
	assert_string_equal(fmt(23, r.severity, r.action, &r, T0),
		"<189>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 capability "
		"[privtrace@32473 action=\"capability\" outcome=\"success\" pid=\"4011\" uid=\"0\"] ");

	/* kern.emerg: PRI 0; the container without a name yet: its id alone */
	r.ct = &ct;
	ct.meta.name[0] = 0;
	assert_string_equal(fmt(0, 0, r.action, &r, T0),
		"<0>1 2025-11-24T16:00:00.123456Z sensor-1.example privtrace 4321 capability "
		"[privtrace@32473 action=\"capability\" outcome=\"success\" pid=\"4011\" uid=\"0\" "
		"container=\"" DOCKER_ID "\"] ");
}

static void test_head_metric(void **state)
{
	const __u64 t = 1000000000ull * 86400 + 999;
	const int info = SYSLOG_SEV_INFO;

	(void)state;
	/* no record: NILVALUE structured data; microseconds, not rounded up */
	assert_string_equal(fmt(SYSLOG_FACILITY_AUTHPRIV, info, "health", NULL, t),
		"<86>1 1970-01-02T00:00:00.000000Z sensor-1.example privtrace 4321 health - ");
	/* MSGID: 1..32 PRINTUSASCII, else NILVALUE */
	assert_non_null(strstr(fmt(10, info, "0123456789abcdef0123456789abcdef", NULL, t),
			       " 4321 0123456789abcdef0123456789abcdef - "));
	assert_non_null(strstr(fmt(10, info, "0123456789abcdef0123456789abcdefX", NULL, t),
			       " 4321 - - "));
	assert_non_null(strstr(fmt(10, info, "two words", NULL, t), " 4321 - - "));
	assert_non_null(strstr(fmt(10, info, "caf\xc3\xa9", NULL, t), " 4321 - - "));
	assert_non_null(strstr(fmt(10, info, "", NULL, t), " 4321 - - "));
	assert_non_null(strstr(fmt(10, info, NULL, NULL, t), " 4321 - - "));
	/* out-of-range severity and facility fall back to info, authpriv */
	assert_int_equal(strncmp(fmt(99, 9, "health", NULL, t), "<86>1 ", 6), 0);
	assert_int_equal(strncmp(fmt(-1, -1, "health", NULL, t), "<86>1 ", 6), 0);
}

static const char *sd(const char *s, size_t n)
{
	struct wbuf w = WBUF_INIT;

	syslog_sd_escape(&w, s, n);
	return take(&w);
}

static void test_sd_escape(void **state)
{
	char big[CT_NAME_LEN];
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

	/* the worst cases: four bytes out for each in, all of them kept */
	memset(big, 0x01, sizeof(big));
	assert_int_equal(strlen(sd(big, sizeof(big))), 4 * sizeof(big));
	for (i = 0; i < sizeof(big); i++)
		big[i] = i % 2 ? (char)0x85 : (char)0xc2; /* C1 NEL: 2 bytes -> 8 */
	assert_int_equal(strlen(sd(big, sizeof(big))), 4 * sizeof(big));
}

/* Hostile container names end up in the header still one valid SD element. */
static void test_head_hostile_container(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct container ct;
	struct record r;
	const char *h;
	int depth = 0;
	size_t i;

	(void)state;
	e.ret = -1;
	docker_container(&ct, "a]\"\\\n<13>1 2025-01-01T00:00:00Z forged - - - -\xff", "i");
	record_init(&r, &e, T0);
	r.ct = &ct;
	/* LXC: the id is the container's own name, from the cgroup path */
	ct.runtime = CT_RT_LXC;
	snprintf(ct.id, sizeof(ct.id), "lxc]\"x");
	h = fmt(10, r.severity, r.action, &r, T0);
	assert_non_null(strstr(h, " container=\"lxc\\]\\\"x\" container_name=\"a\\]\\\"\\\\\\x0a"
				  "<13>1 2025-01-01T00:00:00Z forged - - - -\\xff\" "));
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

	/* the longest hostile name and id: all of them, escaped, and the element closed */
	memset(ct.meta.name, 0x1b, sizeof(ct.meta.name) - 1);
	memset(ct.id, '"', sizeof(ct.id) - 1);
	h = fmt(10, r.severity, r.action, &r, T0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_event),
		cmocka_unit_test(test_head_metric),
		cmocka_unit_test(test_sd_escape),
		cmocka_unit_test(test_head_hostile_container),
		cmocka_unit_test(test_hostname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
