// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The config file (user/cli/config.c) and --config (user/cli/options.c): every rule. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/config.h"
#include "cli/options.h"
#include "privtrace.h"

static char dir[] = "/tmp/pt-config-test.XXXXXX";
static char err[4096];

/* A file of exactly len bytes (NULs included) in the test's directory. */
static const char *write_file(const char *name, const char *data, size_t len)
{
	static char paths[8][256];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return p;
}

static const char *conf(const char *name, const char *text)
{
	return write_file(name, text, strlen(text));
}

/* A setting, as the command line's parser takes it */
static int apply(void *arg, const char *name, char *value, char *why, size_t why_len)
{
	return options_parse_one(arg, name, value, why, why_len);
}

/* config_load into a fresh env; its messages in err */
static int load(struct env *env, const char *path)
{
	FILE *f = fmemopen(err, sizeof(err), "w");
	int ret;

	assert_non_null(f);
	memset(err, 0, sizeof(err));
	options_init(env);
	ret = config_load(path, apply, env, f);
	fclose(f);
	return ret;
}

/* options_parse of a NULL-terminated argument list; messages in err */
static int parse(struct env *env, ...)
{
	static char *argv[32];
	FILE *f = fmemopen(err, sizeof(err), "w");
	va_list ap;
	int argc = 0, ret;

	assert_non_null(f);
	argv[argc++] = "privtrace";
	va_start(ap, env);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	memset(err, 0, sizeof(err));
	options_init(env);
	ret = options_parse(env, argc, argv, f);
	fclose(f);
	return ret;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* every option the command line has, by its long name */
static void test_every_setting(void **state)
{
	struct env env;

	(void)state;
	assert_int_equal(load(&env, conf("all.conf",
		"output = json\n"
		"write = /var/log/privtrace.json\n"
		"duration = 60\n"
		"denied-only\n"
		"all-caps\n"
		"uid = 1000\n"
		"cgroup = /sys/fs/cgroup/unified/docker\n"
		"ringbuf-kb = 16\n"
		"backend = capability=tracepoint\n"
		"backend = file=tracepoint\n"
		"backend = syscalls=tracepoint\n"
		"container = web\n"
		"container = 0123456789ab\n"
		"containers-only\n"
		"docker-socket = /run/docker.sock\n"
		"docker-socket = /run/other.sock\n"
		"no-metadata\n"
		"metadata-wait-ms = 0\n"
		"sink = file:/var/log/a.json\n"
		"sink = syslog+udp://127.0.0.1:514?facility=auth\n"
		"health-interval = 30\n"
		"verbose\n")), 0);
	assert_string_equal(err, "");
	assert_int_equal(env.output, OUT_JSON);
	assert_string_equal(env.write_path, "/var/log/privtrace.json");
	assert_int_equal(env.duration_s, 60);
	assert_true(env.denied_only);
	assert_true(env.all_caps);
	assert_int_equal(env.uid, 1000);
	assert_string_equal(env.cgroup_path, "/sys/fs/cgroup/unified/docker");
	assert_int_equal(env.ringbuf_kb, 16);
	assert_int_equal(env.backend.cap, CAP_BE_TP_BTF);
	assert_int_equal(env.backend.sys, SYS_BE_TRACEPOINT);
	assert_int_equal(env.backend.lsm_fam[FAM_FILE], LSM_BE_TRACEPOINT);
	assert_int_equal(env.n_containers, 2);
	assert_string_equal(env.containers[0], "web");
	assert_string_equal(env.containers[1], "0123456789ab");
	assert_int_equal(env.scope, SCOPE_CONTAINERS);
	assert_int_equal(env.n_docker_sockets, 2);
	assert_string_equal(env.docker_sockets[1], "/run/other.sock");
	assert_true(env.no_metadata);
	assert_int_equal(env.metadata_wait_ms, 0);
	assert_int_equal(env.n_sinks, 2);
	assert_string_equal(env.sinks[0], "file:/var/log/a.json");
	assert_string_equal(env.sinks[1], "syslog+udp://127.0.0.1:514?facility=auth");
	assert_int_equal(env.health_interval_s, 30);
	assert_true(env.verbose);
	assert_null(env.run_argv);
	assert_false(env.exit_now);

	/* host-only is a setting too */
	assert_int_equal(load(&env, conf("host.conf", "host-only\n")), 0);
	assert_int_equal(env.scope, SCOPE_HOST);
}

/* blanks, comments, CRLF, a missing last newline, an empty file */
static void test_layout(void **state)
{
	struct env env;

	(void)state;
	assert_int_equal(load(&env, conf("layout.conf",
		"# a comment\n"
		"\n"
		"   \t\n"
		"  # an indented comment\n"
		"\toutput\t=\tjson\t# a comment after a blank\n"
		"duration=5\r\n"
		"cgroup = /a#b\n"           /* '#' with no blank before it: part of the value */
		"write = /x # y\n"
		"  denied-only   # flag, then a comment\n"
		"uid = 7")), 0);             /* no newline at the end */
	assert_string_equal(err, "");
	assert_int_equal(env.output, OUT_JSON);
	assert_int_equal(env.duration_s, 5);
	assert_string_equal(env.cgroup_path, "/a#b");
	assert_string_equal(env.write_path, "/x");
	assert_true(env.denied_only);
	assert_int_equal(env.uid, 7);

	/* nothing but comments and blanks: the defaults */
	assert_int_equal(load(&env, conf("empty.conf", "")), 0);
	assert_int_equal(env.ringbuf_kb, PT_DEFAULT_RINGBUF_KB);
	assert_int_equal(load(&env, conf("comments.conf", "# only\n\n#this\n")), 0);
	assert_int_equal(env.output, OUT_AUTO);

	/* an empty value is a value: --write's own check refuses it */
	assert_int_equal(load(&env, conf("emptyval.conf", "write =   # nothing\n")), -1);
	assert_non_null(strstr(err, "emptyval.conf:1: --write needs a file path\n"));
}

/* "..." keeps blanks and '#'; \" and \\ inside */
static void test_quotes(void **state)
{
	struct env env;

	(void)state;
	assert_int_equal(load(&env, conf("quotes.conf",
		"write = \"/var/log/my events #1.json\"   # the file\n"
		"cgroup=\"  a \\\"b\\\" c\\\\d  \"\n"
		"container = \"web\"\n")), 0);
	assert_string_equal(err, "");
	assert_string_equal(env.write_path, "/var/log/my events #1.json");
	assert_string_equal(env.cgroup_path, "  a \"b\" c\\d  ");
	assert_string_equal(env.containers[0], "web");

	assert_int_equal(load(&env, conf("badquotes.conf",
		"write = \"/var/log/x.json\n"
		"write = \"/a\" /b\n"
		"write = \"/a\\n\"\n")), -1);
	assert_non_null(strstr(err, "badquotes.conf:1: unterminated quote\n"));
	assert_non_null(strstr(err, "badquotes.conf:2: text after the closing quote\n"));
	assert_non_null(strstr(err, "badquotes.conf:3: in quotes, a backslash goes only before"));
}

static void test_unknown_setting(void **state)
{
	struct env env;
	const char *p;

	(void)state;
	p = conf("unknown.conf",
		"colour = red\n"
		"out = json\n"       /* argp would take the prefix: a file may not */
		"--uid = 3\n"
		"usage\n"            /* a hidden option */
		"denied-only#x\n");
	assert_int_equal(load(&env, p), -1);
	assert_non_null(strstr(err, "unknown.conf:1: unknown setting 'colour'\n"));
	assert_non_null(strstr(err, "unknown.conf:2: unknown setting 'out'\n"));
	assert_non_null(strstr(err, "unknown.conf:3: unknown setting '--uid' (names go without the leading --)\n"));
	assert_non_null(strstr(err, "unknown.conf:4: unknown setting 'usage'\n"));
	assert_non_null(strstr(err, "unknown.conf:5: unknown setting 'denied-only#x'\n"));
	/* the message is the whole story: "privtrace: FILE:LINE: reason" */
	assert_memory_equal(err, "privtrace: ", 11);
	assert_non_null(strstr(err, p));
}

/* a bad value is refused with the option's own reason, and never stored */
static void test_bad_value(void **state)
{
	struct env env;

	(void)state;
	assert_int_equal(load(&env, conf("badvalue.conf",
		"output = yaml\n"
		"duration = soon\n"
		"ringbuf-kb = 5\n"
		"backend = capability=magic\n"
		"uid = -1\n")), -1);
	assert_non_null(strstr(err, "badvalue.conf:1: invalid --output 'yaml': use text or json\n"));
	assert_non_null(strstr(err, "badvalue.conf:2: invalid --duration 'soon'"));
	assert_non_null(strstr(err, "badvalue.conf:3: invalid --ringbuf-kb '5'"));
	assert_non_null(strstr(err, "badvalue.conf:4: invalid --backend 'capability=magic'"));
	assert_non_null(strstr(err, "badvalue.conf:5: invalid --uid '-1'"));
	/* argp's "Try `privtrace --help'" line is not passed on */
	assert_null(strstr(err, "Try"));
	assert_int_equal(env.output, OUT_AUTO);
	assert_int_equal(env.ringbuf_kb, PT_DEFAULT_RINGBUF_KB);
	assert_int_equal(env.uid, PT_ID_UNMAPPED);
}

static void test_value_or_not(void **state)
{
	struct env env;

	(void)state;
	assert_int_equal(load(&env, conf("flags.conf",
		"denied-only = yes\n"
		"no-metadata =\n"
		"output\n"
		"= json\n"
		"output json\n")), -1);
	assert_non_null(strstr(err, "flags.conf:1: 'denied-only' takes no value\n"));
	assert_non_null(strstr(err, "flags.conf:2: 'no-metadata' takes no value\n"));
	assert_non_null(strstr(err, "flags.conf:3: 'output' needs a value: output = FORMAT\n"));
	assert_non_null(strstr(err, "flags.conf:4: a setting name is missing before '='\n"));
	assert_non_null(strstr(err, "flags.conf:5: '=' expected after 'output'\n"));
	assert_false(env.denied_only);
	assert_false(env.no_metadata);
}

/* run, and options that are commands rather than settings */
static void test_not_settings(void **state)
{
	struct env env;

	(void)state;
	assert_int_equal(load(&env, conf("commands.conf",
		"run\n"
		"run = ls\n"
		"help\n"
		"version\n"
		"probe\n"
		"config = /etc/other.conf\n")), -1);
	assert_non_null(strstr(err, "commands.conf:1: 'run' is not allowed in a config file"));
	assert_non_null(strstr(err, "commands.conf:2: 'run' is not allowed in a config file"));
	assert_non_null(strstr(err, "commands.conf:3: 'help' is not allowed in a config file\n"));
	assert_non_null(strstr(err, "commands.conf:4: 'version' is not allowed in a config file\n"));
	assert_non_null(strstr(err, "commands.conf:5: 'probe' is not allowed in a config file\n"));
	assert_non_null(strstr(err, "commands.conf:6: 'config' is not allowed in a config file\n"));
	assert_null(env.run_argv);
	assert_false(env.exit_now);
	assert_false(env.probe);
}

static void test_unreadable(void **state)
{
	struct env env;
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/absent.conf", dir);
	assert_int_equal(load(&env, path), -1);
	assert_non_null(strstr(err, "absent.conf: cannot read: No such file or directory\n"));
	assert_int_equal(load(&env, dir), -1);
	assert_non_null(strstr(err, ": not a regular file: give a config file\n"));
	/* a device or a FIFO is never read, nor waited for */
	assert_int_equal(load(&env, "/dev/zero"), -1);
	assert_non_null(strstr(err, "/dev/zero: not a regular file"));
}

static void test_line_length(void **state)
{
	static char text[CONFIG_MAX_LINE + 64];
	struct env env;
	int n;

	(void)state;
	/* exactly CONFIG_MAX_LINE bytes before the newline: taken */
	n = snprintf(text, sizeof(text), "write = /");
	memset(text + n, 'a', CONFIG_MAX_LINE - n);
	strcpy(text + CONFIG_MAX_LINE, "\nuid = 1\n");
	assert_int_equal(load(&env, conf("long.conf", text)), 0);
	assert_int_equal(strlen(env.write_path), CONFIG_MAX_LINE - 8);
	assert_int_equal(env.uid, 1);

	/* one more: refused, and the next line is still read as a line */
	memset(text + n, 'a', CONFIG_MAX_LINE + 1 - n);
	strcpy(text + CONFIG_MAX_LINE + 1, "\nuid = 1\nuid = x\n");
	assert_int_equal(load(&env, conf("toolong.conf", text)), -1);
	assert_non_null(strstr(err, "toolong.conf:1: line longer than 4096 bytes\n"));
	assert_non_null(strstr(err, "toolong.conf:3: invalid --uid 'x'"));
	assert_null(strstr(err, "toolong.conf:2:"));
}

static void test_nul_byte(void **state)
{
	static const char text[] = "uid = 1\noutput = js\0on\n";
	struct env env;

	(void)state;
	assert_int_equal(load(&env, write_file("nul.conf", text, sizeof(text) - 1)), -1);
	assert_non_null(strstr(err, "nul.conf:2: a NUL byte: this is not a text file\n"));
	assert_int_equal(env.output, OUT_AUTO);
}

/* env keeps pointers: they stay good after the file, its lines and the next load */
static void test_strings_outlive(void **state)
{
	struct env a, b;
	const char *pa, *pb;

	(void)state;
	pa = conf("a.conf", "write = /first/path.json\ncontainer = alpha\n");
	pb = conf("b.conf", "write = /second/other-path.json\ncontainer = beta\n");
	assert_int_equal(load(&a, pa), 0);
	assert_int_equal(unlink(pa), 0);
	assert_int_equal(load(&b, pb), 0);
	assert_string_equal(a.write_path, "/first/path.json");
	assert_string_equal(a.containers[0], "alpha");
	assert_string_equal(b.write_path, "/second/other-path.json");
	assert_ptr_not_equal(a.write_path, b.write_path);
}

/* --config is read first wherever it is; the command line overrides it */
static void test_command_line_overrides(void **state)
{
	struct env env;
	char *p;

	(void)state;
	p = (char *)conf("base.conf", "output = json\nduration = 5\ncontainer = a\nuid = 10\n");
	assert_int_equal(parse(&env, "-o", "text", "--config", p, "--container", "b", NULL), 0);
	assert_int_equal(env.output, OUT_TEXT);      /* given before --config: still wins */
	assert_int_equal(env.duration_s, 5);         /* from the file */
	assert_int_equal(env.uid, 10);
	assert_int_equal(env.n_containers, 2);       /* lists: the command line adds */
	assert_string_equal(env.containers[0], "a");
	assert_string_equal(env.containers[1], "b");

	assert_int_equal(parse(&env, "--uid", "20", NULL), 0);
	assert_int_equal(env.uid, 20);

	/* --config=PATH, and an abbreviation argp accepts */
	assert_int_equal(parse(&env, "--uid=30", "--config=", NULL), -1);
	assert_non_null(strstr(err, "--config needs a file path"));
	assert_int_equal(parse(&env, "--uid=30", "--conf", p, NULL), 0);
	assert_int_equal(env.uid, 30);
	assert_int_equal(env.duration_s, 5);

	/* with `run`: the command's own --config is not ours */
	assert_int_equal(parse(&env, "run", "--", "tool", "--config", p, NULL), 0);
	assert_int_equal(env.duration_s, 0);
	assert_string_equal(env.run_argv[0], "tool");
	assert_int_equal(parse(&env, "--config", p, "run", "--", "tool", NULL), 0);
	assert_int_equal(env.duration_s, 5);
	assert_string_equal(env.run_argv[0], "tool");
}

static void test_config_option_errors(void **state)
{
	struct env env;
	char *bad, *good;

	(void)state;
	bad = (char *)conf("bad.conf", "ouptut = json\n");
	good = (char *)conf("good.conf", "uid = 1\n");

	/* a bad file stops the start, saying where */
	assert_int_equal(parse(&env, "--config", bad, NULL), -1);
	assert_non_null(strstr(err, "bad.conf:1: unknown setting 'ouptut'"));

	assert_int_equal(parse(&env, "--config", good, "--config", good, NULL), -1);
	assert_non_null(strstr(err, "--config given more than once"));

	/* a bad option is told as it would be without --config; the file is not read */
	assert_int_equal(parse(&env, "--bogus", "--config", bad, NULL), -1);
	assert_non_null(strstr(err, "--bogus"));
	assert_null(strstr(err, "bad.conf"));

	/* --help and --version need no readable file */
	assert_int_equal(parse(&env, "--config", bad, "--version", NULL), 1);
	assert_int_equal(parse(&env, "--config", bad, "-h", NULL), 1);

	/* checks across options see the file and the command line together */
	assert_int_equal(parse(&env, "--config", (char *)conf("h.conf", "host-only\n"),
			       "--container", "web", NULL), -1);
	assert_non_null(strstr(err, "--host-only and --container exclude each other"));
}

/*
 * docs/privtrace.conf.example (run from the top directory, as tests/run.sh
 * does): it loads as it is, and so does every setting it shows, uncommented.
 */
static void test_example_file(void **state)
{
	static const char example[] = "docs/privtrace.conf.example";
	char line[512], *text = NULL;
	size_t size = 0;
	struct env env;
	int settings = 0;
	FILE *in, *out;

	(void)state;
	if (access(example, R_OK))
		skip();
	assert_int_equal(load(&env, example), 0);
	assert_string_equal(err, "");

	in = fopen(example, "r");
	out = open_memstream(&text, &size);
	assert_non_null(in);
	assert_non_null(out);
	/* "#name" or "#name = value": a setting; "# words": prose */
	while (fgets(line, sizeof(line), in)) {
		if (line[0] != '#' || line[1] < 'a' || line[1] > 'z' || !strncmp(line, "#host-only", 10))
			continue;
		fputs(line + 1, out);
		settings++;
	}
	fclose(in);
	fclose(out);
	assert_true(settings >= 20);
	assert_int_equal(load(&env, conf("example.conf", text)), 0);
	assert_string_equal(err, "");
	assert_int_equal(env.output, OUT_JSON);
	assert_int_equal(env.n_sinks, 4);
	assert_int_equal(env.n_containers, 2);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_setting),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_unknown_setting),
		cmocka_unit_test(test_bad_value),
		cmocka_unit_test(test_value_or_not),
		cmocka_unit_test(test_not_settings),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_strings_outlive),
		cmocka_unit_test(test_command_line_overrides),
		cmocka_unit_test(test_config_option_errors),
		cmocka_unit_test(test_example_file),
	};

	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
