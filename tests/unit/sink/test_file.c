// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * file:PATH and the main output (user/sink/file.c): whole lines only,
 * collected and written together, whatever happens. A full
 * disk is RLIMIT_FSIZE here (a write past it is cut short, then EFBIG),
 * logrotate is a rename or a truncate done by the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "sink/sink.h"

static char dir[] = "/tmp/pt-sinkfile.XXXXXX";
static char path[256], spec[300];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/events.json", dir);
	snprintf(spec, sizeof(spec), "file:%s", path);
	signal(SIGXFSZ, SIG_IGN); /* past RLIMIT_FSIZE: EFBIG, not a dead test */
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static struct sink *open_sink(void)
{
	char err[256] = "";
	struct sink *s = sink_open(spec, err, sizeof(err));

	if (!s)
		fail_msg("%s", err);
	return s;
}

/* One record, as the stream hands it (its newline counted), collected. */
static void put_only(struct sink *s, const char *json)
{
	char buf[4096];
	struct sink_msg m = { .json = buf, .severity = SYSLOG_SEV_INFO };

	m.json_len = snprintf(buf, sizeof(buf), "%s\n", json);
	assert_int_equal(sink_write(s, &m), 0);
}

/* One record, then written: the stream flushes after each batch of events. */
static void put(struct sink *s, const char *json)
{
	put_only(s, json);
	assert_int_equal(sink_flush(s), 0);
}

/* Line n of text (0 the first), without its newline, into out. */
static void got_line(const char *text, int n, char *out, size_t len)
{
	const char *nl;

	while (n-- && (nl = strchr(text, '\n')))
		text = nl + 1;
	nl = strchr(text, '\n');
	snprintf(out, len, "%.*s", nl ? (int)(nl - text) : (int)strlen(text), text);
}

/* The whole file, NUL-terminated; valid until the next call. */
static char *slurp(const char *p)
{
	static char *buf;
	struct stat sb;
	size_t got = 0;
	ssize_t n;
	int fd = open(p, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &sb), 0);
	free(buf);
	buf = malloc(sb.st_size + 1);
	assert_non_null(buf);
	while (got < (size_t)sb.st_size && (n = read(fd, buf + got, sb.st_size - got)) > 0)
		got += n;
	assert_int_equal(got, sb.st_size);
	buf[got] = 0;
	close(fd);
	return buf;
}

static void test_lines(void **state)
{
	struct sink_stats st;
	struct sink *s;
	struct stat sb;

	(void)state;
	unlink(path);
	s = open_sink();
	assert_string_equal(sink_name(s), spec);
	put(s, "{\"a\":1}");
	put(s, "{\"b\":2}");
	assert_string_equal(slurp(path), "{\"a\":1}\n{\"b\":2}\n");
	sink_stats(s, &st);
	assert_int_equal(st.written, 2);
	assert_int_equal(st.dropped, 0);
	assert_int_equal(st.queued, 0);
	assert_true(st.up);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777 & ~0640, 0); /* never more than 0640 */
	assert_int_equal(sink_close(s, 0), 0);
	/* appended to, never truncated */
	s = open_sink();
	put(s, "{\"c\":3}");
	sink_close(s, 0);
	assert_string_equal(slurp(path), "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
}

/* Lines are collected and written together: at a flush, or once a batch is full. */
static void test_batches(void **state)
{
	struct sink_stats st;
	struct sink *s;
	char line[1100], *got, *nl;
	size_t n = 0, len;
	int i;

	(void)state;
	unlink(path);
	s = open_sink();
	put_only(s, "{\"a\":1}");
	put_only(s, "{\"b\":2}");
	assert_string_equal(slurp(path), ""); /* not yet */
	sink_stats(s, &st);
	assert_int_equal(st.queued, 2);
	assert_int_equal(st.written, 0);
	assert_int_equal(sink_flush(s), 0);
	assert_string_equal(slurp(path), "{\"a\":1}\n{\"b\":2}\n");
	sink_stats(s, &st);
	assert_int_equal(st.queued, 0);
	assert_int_equal(st.written, 2);
	/* no flush: a full batch goes by itself, in whole lines */
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	memcpy(line, "{\"x\":\"", 6);
	line[sizeof(line) - 3] = '"';
	line[sizeof(line) - 2] = '}';
	for (i = 0; i < 2 * SINK_BATCH_BYTES / (int)sizeof(line); i++)
		put_only(s, line);
	got = slurp(path);
	len = strlen(got);
	assert_true(len >= SINK_BATCH_BYTES);
	assert_int_equal(got[len - 1], '\n');
	for (; (nl = strchr(got, '\n')); got = nl + 1)
		n++;
	sink_stats(s, &st);
	assert_int_equal(st.written, n);
	assert_int_equal(st.written + st.queued, 2 + i);
	assert_int_equal(sink_close(s, 0), 0); /* the rest goes at close */
	got = slurp(path);
	for (n = 0; (nl = strchr(got, '\n')); got = nl + 1)
		n++;
	assert_int_equal(n, 2 + i);
}

/* The main output (--write PATH): the table with its header, or JSON lines. */
static void test_main_output(void **state)
{
	char err[256] = "", line[64];
	struct sink_msg m = { .json = "{\"j\":1}\n", .json_len = 8, .text = "row\n", .text_len = 4 };
	struct sink *s;

	(void)state;
	unlink(path);
	s = sink_main_open(path, true, err, sizeof(err));
	assert_non_null(s);
	assert_true(sink_is_main(s));
	assert_int_equal(sink_needs(s), SINK_NEEDS_TEXT);
	assert_int_equal(sink_write(s, &m), 0);
	m.text = NULL; /* a record the table has no line for */
	assert_int_equal(sink_write(s, &m), 0);
	sink_close(s, 0);
	got_line(slurp(path), 0, line, sizeof(line));
	assert_non_null(strstr(line, "TIME"));
	assert_string_equal(strchr(slurp(path), '\n') + 1, "row\n");

	unlink(path);
	s = sink_main_open(path, false, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(sink_needs(s), SINK_NEEDS_JSON);
	assert_int_equal(sink_write(s, &m), 0);
	sink_close(s, 0);
	assert_string_equal(slurp(path), "{\"j\":1}\n");

	/* the main output cannot be written: fatal, with the reason */
	s = sink_main_open("/dev/full", false, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(sink_write(s, &m), 0);
	assert_int_equal(sink_flush(s), -ENOSPC);
	assert_int_equal(sink_write(s, &m), -ENOSPC);
	sink_close(s, 0);
	/* nor opened: said so */
	assert_null(sink_main_open("/nonexistent/dir/out", false, err, sizeof(err)));
	assert_non_null(strstr(err, "No such file"));
}

/* logrotate's create: rename, SIGHUP; and copytruncate: truncate, nothing. */
static void test_reopen(void **state)
{
	char rotated[300];
	struct sink_stats st;
	struct sink *s;

	(void)state;
	unlink(path);
	snprintf(rotated, sizeof(rotated), "%s.1", path);
	s = open_sink();
	put(s, "{\"n\":1}");
	assert_int_equal(rename(path, rotated), 0);
	put(s, "{\"n\":2}"); /* before the HUP: still the old file */
	sink_reopen(s);
	put(s, "{\"n\":3}");
	assert_string_equal(slurp(rotated), "{\"n\":1}\n{\"n\":2}\n");
	assert_string_equal(slurp(path), "{\"n\":3}\n");
	sink_stats(s, &st);
	assert_int_equal(st.reconnects, 1);

	/* copytruncate: the next line at the new end, no hole of zeros */
	assert_int_equal(truncate(path, 0), 0);
	put(s, "{\"n\":4}");
	assert_string_equal(slurp(path), "{\"n\":4}\n");

	/* a path that cannot be opened now: the old file is kept, nothing lost */
	assert_int_equal(rename(path, rotated), 0);
	assert_int_equal(rmdir(dir) == 0 ? 0 : errno, ENOTEMPTY);
	chmod(dir, 0500);
	if (geteuid()) { /* root passes the mode bits: only for a user run */
		sink_reopen(s);
		put(s, "{\"n\":5}");
		sink_stats(s, &st);
		assert_int_equal(st.dropped, 0);
	}
	chmod(dir, 0700);
	assert_int_equal(sink_close(s, 0), 0);
	unlink(rotated);
}

/*
 * The limit holds for every file the process writes, the test's own output
 * too when it goes to a log file (tests/run.sh): what is buffered goes out
 * first, and the limit is lifted after each test whatever happened.
 */
static void set_fsize(rlim_t lim)
{
	struct rlimit rl;

	fflush(stdout);
	fflush(stderr);
	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = lim == RLIM_INFINITY ? rl.rlim_max : lim;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

static int lift_fsize(void **state)
{
	(void)state;
	set_fsize(RLIM_INFINITY);
	return 0;
}

/*
 * A disk that fills in the middle of a line: the rest of it is written
 * first once there is room, where the line began; records meanwhile are
 * dropped, counted, and reported as soon as lines can be written.
 */
static void test_short_write_completed(void **state)
{
	struct sink_stats st;
	struct sink *s;
	const char *got;

	(void)state;
	unlink(path);
	s = open_sink();
	put(s, "{\"n\":1}");                 /* 8 bytes */
	set_fsize(8 + 5);
	put(s, "{\"n\":2,\"long\":true}");  /* cut after 5 bytes */
	assert_string_equal(slurp(path), "{\"n\":1}\n{\"n\":");
	sink_stats(s, &st);
	assert_int_equal(st.queued, 1);      /* the rest of line 2, waiting */
	assert_false(st.up);
	put(s, "{\"n\":3}");                 /* no room yet: dropped */
	sink_stats(s, &st);
	assert_int_equal(st.dropped, 1);
	set_fsize(RLIM_INFINITY);
	put(s, "{\"n\":4}");
	got = slurp(path);
	/* line 2 whole, then the loss report, then line 4 */
	assert_true(!strncmp(got, "{\"n\":1}\n{\"n\":2,\"long\":true}\n{\"@timestamp\":",
			     strlen("{\"n\":1}\n{\"n\":2,\"long\":true}\n{\"@timestamp\":")));
	assert_non_null(strstr(got, "\"action\":\"dropped\"},\"privtrace\":{\"dropped\":{\"sink\":\""));
	assert_non_null(strstr(got, "\"records\":1,\"total\":1}}}\n{\"n\":4}\n"));
	sink_stats(s, &st);
	assert_int_equal(st.written, 3);
	assert_int_equal(st.dropped, 1);
	assert_int_equal(st.queued, 0);
	assert_true(st.up);
	assert_int_equal(sink_close(s, 0), 1);
}

/*
 * Someone else appended after our fragment: their newline ended it; the
 * rest cannot go where it belongs any more, and is dropped, counted.
 */
static void test_short_write_overtaken(void **state)
{
	struct sink_stats st;
	struct sink *s;
	const char *got;
	int fd;

	(void)state;
	unlink(path);
	s = open_sink();
	set_fsize(4);
	put(s, "{\"n\":1}");
	set_fsize(RLIM_INFINITY);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_int_equal(write(fd, "{\"other\":1}\n", 12), 12);
	close(fd);
	put(s, "{\"n\":2}");
	got = slurp(path);
	assert_int_equal(strncmp(got, "{\"n\"{\"other\":1}\n{\"@timestamp\":", 29), 0);
	assert_non_null(strstr(got, "\"records\":1,\"total\":1}}}\n{\"n\":2}\n"));
	sink_stats(s, &st);
	assert_int_equal(st.written, 1);
	assert_int_equal(st.dropped, 1);
	sink_close(s, 0);

	/*
	 * closed while the rest still does not fit (one more byte does): as
	 * much as fits, the fragment is at the very end, the record dropped
	 */
	unlink(path);
	s = open_sink();
	set_fsize(4);
	put(s, "{\"n\":1}");
	set_fsize(5);
	assert_int_equal(sink_close(s, 0), 1);
	set_fsize(RLIM_INFINITY);
	assert_string_equal(slurp(path), "{\"n\":");
}

/* A write that fails with nothing written: dropped, counted, reported later; never fatal. */
static void test_error_counted(void **state)
{
	struct sink_stats st;
	struct sink *s;

	(void)state;
	unlink(path);
	s = open_sink();
	set_fsize(0);
	put(s, "{\"n\":1}");
	put(s, "{\"n\":2}");
	sink_stats(s, &st);
	assert_int_equal(st.dropped, 2);
	assert_int_equal(st.queued, 0);
	assert_false(st.up);
	set_fsize(RLIM_INFINITY);
	put(s, "{\"n\":3}");
	assert_non_null(strstr(slurp(path), "\"records\":2,\"total\":2}}}\n{\"n\":3}\n"));
	assert_int_equal(sink_close(s, 0), 2);
}

#define WRITERS 4
#define LINES 3000

static void *writer(void *arg)
{
	char line[600];
	long id = (long)arg;
	struct sink *s = open_sink();
	int i;

	for (i = 0; i < LINES; i++) {
		/* lines of different lengths, so interleaving would show */
		snprintf(line, sizeof(line), "{\"w\":%ld,\"i\":%d,\"pad\":\"%.*s\"}", id, i,
			 (int)(1 + id * 100 + i % 300), "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		put(s, line);
	}
	sink_close(s, 0);
	return NULL;
}

/* Several writers on one file: every line whole, each writer's in its order. */
static void test_writers_never_interleave(void **state)
{
	pthread_t t[WRITERS];
	int next[WRITERS] = { 0 }, lines = 0, w, i, len;
	char *p, *nl;
	long k;

	(void)state;
	unlink(path);
	for (k = 0; k < WRITERS; k++)
		assert_int_equal(pthread_create(&t[k], NULL, writer, (void *)k), 0);
	for (k = 0; k < WRITERS; k++)
		pthread_join(t[k], NULL);
	for (p = slurp(path); *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_int_equal(sscanf(p, "{\"w\":%d,\"i\":%d,\"pad\":\"%*[x]\"}%n", &w, &i, &len), 2);
		assert_int_equal(p + len, nl);
		assert_int_equal(i, next[w]);
		next[w]++;
		lines++;
	}
	assert_int_equal(lines, WRITERS * LINES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_batches),
		cmocka_unit_test(test_main_output),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test_teardown(test_short_write_completed, lift_fsize),
		cmocka_unit_test_teardown(test_short_write_overtaken, lift_fsize),
		cmocka_unit_test_teardown(test_error_counted, lift_fsize),
		cmocka_unit_test(test_writers_never_interleave),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
