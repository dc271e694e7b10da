// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The user-space filter (user/filter/filter.c): --containers-only, --host-only and
 * --container NAME|ID-PREFIX, on records attributed to the host, to a
 * named container and to one the runtime has not named.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"

#include "filter/filter.h"

static struct pt_event ev;
static struct container web, unnamed, other;
static struct record host_rec, web_rec, unnamed_rec, other_rec;

/* One event, four attributions: the host, "web", an unnamed container, and "db". */
static int setup(void **state)
{
	(void)state;
	ev = base(PT_EV_CAP);
	docker_container(&web, "web", "nginx:1.27");
	docker_container(&unnamed, "", "");
	snprintf(unnamed.id, sizeof(unnamed.id), "%s",
		 "77c0ffee00112233445566778899aabbccddeeff00112233445566778899aabb");
	docker_container(&other, "db", "postgres:16");
	snprintf(other.id, sizeof(other.id), "%s",
		 "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
	record_init(&host_rec, &ev, 0);
	record_init(&web_rec, &ev, 0);
	web_rec.ct = &web;
	record_init(&unnamed_rec, &ev, 0);
	unnamed_rec.ct = &unnamed;
	record_init(&other_rec, &ev, 0);
	other_rec.ct = &other;
	return 0;
}

/* A filter as main builds it from the options. */
static void make(struct filter *f, enum scope scope, const char *const *match, int n)
{
	memset(f, 0, sizeof(*f));
	f->scope = scope;
	f->match = match;
	f->n_match = n;
}

/* Which of host, web, unnamed, db pass, as "1010". */
static void passes(struct filter *f, const char *want)
{
	char got[5];

	got[0] = filter_pass(f, &host_rec) ? '1' : '0';
	got[1] = filter_pass(f, &web_rec) ? '1' : '0';
	got[2] = filter_pass(f, &unnamed_rec) ? '1' : '0';
	got[3] = filter_pass(f, &other_rec) ? '1' : '0';
	got[4] = '\0';
	if (strcmp(got, want))
		fail_msg("host/web/unnamed/db pass %s, want %s", got, want);
}

/* Each pattern counts what it let through; one that let nothing through is said at exit. */
static void test_unmatched_reported(void **state)
{
	static const char *const pats[] = { "web", "nosuch", "3f2a9c81d0b7", "we\x1b[2J" };
	char out[1024] = "";
	struct filter f;
	FILE *fp;

	(void)state;
	make(&f, SCOPE_ALL, pats, 4);
	passes(&f, "0100");
	assert_int_equal(f.hits[0], 1);
	assert_int_equal(f.hits[1], 0);
	fp = fmemopen(out, sizeof(out), "w");
	filter_report_unmatched(&f, true, fp);
	fclose(fp);
	assert_null(strstr(out, "--container web matched"));
	assert_non_null(strstr(out, "privtrace: --container nosuch matched no event\n"));
	/* the user's pattern goes to a terminal: no escape sequence gets through */
	assert_non_null(strstr(out, "privtrace: --container we?[2J matched no event\n"));
	assert_null(strchr(out, 0x1b));
	/* with no runtime naming containers, it says why a name could not match */
	memset(out, 0, sizeof(out));
	fp = fmemopen(out, sizeof(out), "w");
	filter_report_unmatched(&f, false, fp);
	fclose(fp);
	assert_non_null(strstr(out, "--container nosuch matched no event: no container runtime named"));
}

static void test_default_passes_all(void **state)
{
	struct filter f;

	(void)state;
	make(&f, SCOPE_ALL, NULL, 0);
	passes(&f, "1111");
}

static void test_containers_only(void **state)
{
	struct filter f;

	(void)state;
	make(&f, SCOPE_CONTAINERS, NULL, 0);
	passes(&f, "0111");
}

static void test_host_only(void **state)
{
	struct filter f;

	(void)state;
	make(&f, SCOPE_HOST, NULL, 0);
	passes(&f, "1000");
}

static void test_container_by_name(void **state)
{
	static const char *const web_name[] = { "web" };
	static const char *const partial[] = { "we" };
	static const char *const longer[] = { "web2" };
	static const char *const upper[] = { "WEB" };
	struct filter f;

	(void)state;
	make(&f, SCOPE_ALL, web_name, 1);
	passes(&f, "0100");
	/* a name matches whole: neither a part of it nor more, and case counts */
	make(&f, SCOPE_ALL, partial, 1);
	passes(&f, "0000");
	make(&f, SCOPE_ALL, longer, 1);
	passes(&f, "0000");
	make(&f, SCOPE_ALL, upper, 1);
	passes(&f, "0000");
	/* with --containers-only: the same */
	make(&f, SCOPE_CONTAINERS, web_name, 1);
	passes(&f, "0100");
}

static void test_container_by_id_prefix(void **state)
{
	static const char *const short_id[] = { DOCKER_SHORT_ID };
	static const char *const full_id[] = { DOCKER_ID };
	static const char *const tiny[] = { "3f2a" };
	static const char *const past_end[] = { DOCKER_ID "0" };
	static const char *const wrong_digit[] = { "3f2a9c81d0b8" };
	static const char *const not_at_start[] = { "2a9c81d0b7" };
	struct filter f;

	(void)state;
	make(&f, SCOPE_ALL, short_id, 1);
	passes(&f, "0100");
	make(&f, SCOPE_ALL, full_id, 1);
	passes(&f, "0100");
	/* shorter than `docker ps` shows: a name made of hex letters must not select by id */
	make(&f, SCOPE_ALL, tiny, 1);
	passes(&f, "0000");
	make(&f, SCOPE_ALL, past_end, 1);
	passes(&f, "0000");
	make(&f, SCOPE_ALL, wrong_digit, 1);
	passes(&f, "0000");
	make(&f, SCOPE_ALL, not_at_start, 1);
	passes(&f, "0000");
}

static void test_container_no_match(void **state)
{
	static const char *const nothing[] = { "api" };
	struct filter f;

	(void)state;
	make(&f, SCOPE_ALL, nothing, 1);
	passes(&f, "0000"); /* the host is never a --container */
	make(&f, SCOPE_CONTAINERS, nothing, 1);
	passes(&f, "0000");
}

/* Not named (yet, or the runtime never says): only its id can match. */
static void test_unnamed_by_id_only(void **state)
{
	static const char *const by_id[] = { "77c0ffee0011" };
	static const char *const web_name[] = { "web" };
	struct filter f;

	(void)state;
	make(&f, SCOPE_ALL, by_id, 1);
	passes(&f, "0010");
	/* an empty name is not a name that matches anything */
	make(&f, SCOPE_ALL, web_name, 1);
	passes(&f, "0100");
	/* once the runtime names it, the name matches too */
	snprintf(unnamed.meta.name, sizeof(unnamed.meta.name), "web");
	passes(&f, "0110");
	unnamed.meta.name[0] = '\0';
}

/* Several --container: any one will do. */
static void test_several(void **state)
{
	static const char *const two[] = { "db", DOCKER_SHORT_ID };
	struct filter f;

	(void)state;
	make(&f, SCOPE_ALL, two, 2);
	passes(&f, "0101");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_passes_all),
		cmocka_unit_test(test_unmatched_reported),
		cmocka_unit_test(test_containers_only),
		cmocka_unit_test(test_host_only),
		cmocka_unit_test(test_container_by_name),
		cmocka_unit_test(test_container_by_id_prefix),
		cmocka_unit_test(test_container_no_match),
		cmocka_unit_test(test_unnamed_by_id_only),
		cmocka_unit_test(test_several),
	};

	return cmocka_run_group_tests_name("filter", tests, setup, NULL);
}
