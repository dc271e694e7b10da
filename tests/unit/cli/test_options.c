// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Command-line parsing (user/cli/options.c): defaults, values, and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/options.h"
#include "privtrace.h"

/* Parse a NULL-terminated argument list; the error text lands in err. */
static int parse(struct env *env, char *err, size_t errlen, ...)
{
	static char *argv[32];
	FILE *f = fmemopen(err, errlen, "w");
	va_list ap;
	int argc = 0, ret;

	argv[argc++] = "privtrace";
	va_start(ap, errlen);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	memset(err, 0, errlen);
	options_init(env);
	ret = options_parse(env, argc, argv, f);
	fclose(f);
	return ret;
}

static void test_defaults(void **state)
{
	struct env env;
	char err[512];

	(void)state;
	assert_int_equal(parse(&env, err, sizeof(err), NULL), 0);
	assert_int_equal(env.output, OUT_AUTO);
	assert_null(env.run_argv);
	assert_int_equal(env.uid, PT_ID_UNMAPPED);
	assert_int_equal(env.ringbuf_kb, PT_DEFAULT_RINGBUF_KB);
	assert_int_equal(env.duration_s, 0);
	assert_false(env.denied_only);
}

static void test_values(void **state)
{
	struct env env;
	char err[512];

	(void)state;
	assert_int_equal(parse(&env, err, sizeof(err), "-o", "json", "-d", "5", "--uid", "1000",
			       "--ringbuf-kb", "4", "--denied-only", "--all-caps", "-w",
			       "/tmp/x.json", NULL), 0);
	assert_int_equal(env.output, OUT_JSON);
	assert_int_equal(env.duration_s, 5);
	assert_int_equal(env.uid, 1000);
	assert_int_equal(env.ringbuf_kb, 4);
	assert_true(env.denied_only);
	assert_true(env.all_caps);
	assert_string_equal(env.write_path, "/tmp/x.json");
}

static void test_run_keeps_command_options(void **state)
{
	struct env env;
	char err[512];

	(void)state;
	/* -o after `run --` belongs to the command, not to privtrace */
	assert_int_equal(parse(&env, err, sizeof(err), "-o", "text", "run", "--", "ls", "-o",
			       "-d", NULL), 0);
	assert_int_equal(env.output, OUT_TEXT);
	assert_non_null(env.run_argv);
	assert_string_equal(env.run_argv[0], "ls");
	assert_string_equal(env.run_argv[1], "-o");
	assert_string_equal(env.run_argv[2], "-d");
	assert_null(env.run_argv[3]);
	/* and without the -- */
	assert_int_equal(parse(&env, err, sizeof(err), "run", "id", "-u", NULL), 0);
	assert_string_equal(env.run_argv[0], "id");
	assert_string_equal(env.run_argv[1], "-u");
}

static void test_bad_input(void **state)
{
	struct env env;
	char err[512];

	(void)state;
	assert_int_equal(parse(&env, err, sizeof(err), "-o", "yaml", NULL), -1);
	assert_non_null(strstr(err, "invalid --output 'yaml'"));
	assert_int_equal(parse(&env, err, sizeof(err), "--duration", "abc", NULL), -1);
	assert_non_null(strstr(err, "invalid --duration 'abc'"));
	assert_int_equal(parse(&env, err, sizeof(err), "--duration", "0", NULL), -1);
	assert_int_equal(parse(&env, err, sizeof(err), "--duration", "-3", NULL), -1);
	assert_int_equal(parse(&env, err, sizeof(err), "--ringbuf-kb", "3", NULL), -1);
	assert_non_null(strstr(err, "power of two"));
	assert_int_equal(parse(&env, err, sizeof(err), "--ringbuf-kb", "12", NULL), -1);
	assert_int_equal(parse(&env, err, sizeof(err), "--uid", "4294967295", NULL), -1);
	assert_int_equal(parse(&env, err, sizeof(err), "--uid", "1e3", NULL), -1);
	assert_int_equal(parse(&env, err, sizeof(err), "--bogus", NULL), -1);
	assert_non_null(strstr(err, "bogus"));
	assert_int_equal(parse(&env, err, sizeof(err), "run", NULL), -1);
	assert_non_null(strstr(err, "run needs a command"));
	assert_int_equal(parse(&env, err, sizeof(err), "ls", NULL), -1);
	assert_non_null(strstr(err, "unexpected argument 'ls'"));
}

/* `record`: -w is the capture, and the options only it takes */
static void test_record(void **state)
{
	struct env env;
	char err[512];

	(void)state;
	assert_int_equal(parse(&env, err, sizeof(err), "record", "-w", "c.ptcap", "--rotate-mb", "64",
			       "--keep", "3", "run", "--", "id", NULL), 0);
	assert_true(env.record);
	assert_string_equal(env.write_path, "c.ptcap");
	assert_int_equal(env.rotate_mb, 64);
	assert_int_equal(env.keep, 3);
	assert_string_equal(env.run_argv[0], "id");
	/* the options before the word */
	assert_int_equal(parse(&env, err, sizeof(err), "-d", "5", "record", "-w", "c", NULL), 0);
	assert_true(env.record);
	assert_int_equal(env.duration_s, 5);
	assert_int_equal(parse(&env, err, sizeof(err), "record", NULL), -1);
	assert_non_null(strstr(err, "record needs the capture's path"));
	assert_int_equal(parse(&env, err, sizeof(err), "record", "-w", "c", "-o", "json", NULL), -1);
	assert_non_null(strstr(err, "-o is for the live output"));
	assert_int_equal(parse(&env, err, sizeof(err), "--rotate-mb", "5", NULL), -1);
	assert_non_null(strstr(err, "are for record"));
	assert_int_equal(parse(&env, err, sizeof(err), "record", "-w", "c", "--rotate-mb", "0", NULL), -1);
	assert_int_equal(parse(&env, err, sizeof(err), "record", "-w", "c", "--keep", "x", NULL), -1);
	/* `record` is a word at the front: later it is a command's argument or a mistake */
	assert_int_equal(parse(&env, err, sizeof(err), "run", "--", "echo", "record", NULL), 0);
	assert_false(env.record);
	assert_int_equal(parse(&env, err, sizeof(err), "-w", "x", "record", "record", NULL), -1);
}

static void test_parse_ulong(void **state)
{
	unsigned long v = 7;

	(void)state;
	assert_int_equal(parse_ulong("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_ulong("", 0, 100, &v), -1);
	assert_int_equal(parse_ulong(" 4", 0, 100, &v), -1);
	assert_int_equal(parse_ulong("+4", 0, 100, &v), -1);
	assert_int_equal(parse_ulong("4x", 0, 100, &v), -1);
	assert_int_equal(parse_ulong("101", 0, 100, &v), -1);
	assert_int_equal(parse_ulong("99999999999999999999999", 0, ~0UL, &v), -1);
	assert_int_equal(v, 42);
}

static void test_container_options(void **state)
{
	struct env env;
	char err[512];

	(void)state;
	assert_int_equal(parse(&env, err, sizeof(err), NULL), 0);
	assert_int_equal(env.scope, SCOPE_ALL);
	assert_int_equal(env.n_containers, 0);
	assert_int_equal(env.n_docker_sockets, 0);
	assert_false(env.no_metadata);
	assert_int_equal(env.metadata_wait_ms, PT_DEFAULT_METADATA_WAIT_MS);

	assert_int_equal(parse(&env, err, sizeof(err), "--containers-only", "--container", "web",
			       "--container", "3f2a9c81d0b7", "--docker-socket", "/run/a.sock",
			       "--docker-socket", "/run/b.sock", "--metadata-wait-ms", "0",
			       "--no-metadata", NULL), 0);
	assert_int_equal(env.scope, SCOPE_CONTAINERS);
	assert_int_equal(env.n_containers, 2);
	assert_string_equal(env.containers[0], "web");
	assert_string_equal(env.containers[1], "3f2a9c81d0b7");
	assert_int_equal(env.n_docker_sockets, 2);
	assert_string_equal(env.docker_sockets[1], "/run/b.sock");
	assert_int_equal(env.metadata_wait_ms, 0);
	assert_true(env.no_metadata);

	assert_int_equal(parse(&env, err, sizeof(err), "--host-only", NULL), 0);
	assert_int_equal(env.scope, SCOPE_HOST);

	/* contradictions and bad values: refused, saying which */
	assert_int_equal(parse(&env, err, sizeof(err), "--host-only", "--containers-only", NULL), -1);
	assert_non_null(strstr(err, "exclude each other"));
	assert_int_equal(parse(&env, err, sizeof(err), "--container", "db", "--host-only", NULL), -1);
	assert_non_null(strstr(err, "--host-only and --container exclude each other"));
	assert_int_equal(parse(&env, err, sizeof(err), "--metadata-wait-ms", "-5", NULL), -1);
	assert_non_null(strstr(err, "invalid --metadata-wait-ms '-5'"));
	assert_int_equal(parse(&env, err, sizeof(err), "--docker-socket", "", NULL), -1);
	assert_non_null(strstr(err, "--docker-socket needs a socket path"));
	assert_int_equal(parse(&env, err, sizeof(err), "--container", "", NULL), -1);
	assert_non_null(strstr(err, "invalid --container"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_container_options),
		cmocka_unit_test(test_run_keeps_command_options),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_parse_ulong),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
