// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Sink specs (user/sink/sink.c): what --sink takes, and what it refuses
 * with a message saying why.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sink/sink.h"

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
	assert_int_equal(sp.facility, SYSLOG_FACILITY_AUTHPRIV);
	assert_int_equal(sp.queue_records, SINK_DEF_QUEUE_RECORDS);
	parse_ok("syslog+udp://10.0.0.7", &sp);
	assert_string_equal(sp.port, "514");
	parse_ok("syslog+unix:///dev/log?facility=13&queue_bytes=65536", &sp);
	assert_int_equal(sp.kind, SINK_SYSLOG_UNIX);
	assert_string_equal(sp.path, "/dev/log");
	assert_int_equal(sp.facility, 13);
	assert_int_equal(sp.queue_bytes, 65536);

	/* an empty option is an error, not nothing: strtok took "?&&" for no options */
	parse_bad("syslog+tcp://h:514?&&", "an empty option");
	parse_bad("syslog+tcp://h:514?", "an empty option");
	parse_bad("syslog+udp://h?facility=local0&&queue=5", "an empty option");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_facility),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
