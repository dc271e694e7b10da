// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The one entry point (user/enrich/runtime_meta.c): which sources each runtime
 * asks, how their answers combine, and that a Docker socket nobody answers
 * costs at most its timeout before on-disk state is read.
 */
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "enrich/runtime_meta.h"

#define ID "66a2398dece9dde7e763cc239dc985f7f918344001e725efa992fc3fd2de9bdf"

static char root[64];

#include "state_files.h"
static char paths[8][512];
static int silent_fd = -1;
static struct runtime_cfg cfg;

static const char *at(int slot, const char *rel)
{
	snprintf(paths[slot], sizeof(paths[slot]), "%s/%s", root, rel);
	return paths[slot];
}


static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A daemon that accepts connections (the kernel's backlog does) and never answers. */
static int setup(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	(void)state;
	strcpy(root, "/tmp/pt-rtmeta-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	at(0, "silent.sock");
	if (strlen(paths[0]) >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, paths[0], strlen(paths[0]) + 1);
	silent_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (silent_fd < 0 || bind(silent_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(silent_fd, 8))
		return -1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.docker_sockets[0] = at(1, "missing.sock");
	cfg.docker_sockets[1] = paths[0];
	cfg.n_docker_sockets = 2;
	cfg.timeout_ms = 200;
	cfg.docker_root = at(2, "docker");
	cfg.containerd_root = at(3, "task");
	cfg.crio_root = at(4, "run");
	cfg.storage_root = at(5, "lib");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close(silent_fd);
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static struct container ct(enum ct_runtime rt, const char *id)
{
	struct container c;

	memset(&c, 0, sizeof(c));
	c.runtime = rt;
	snprintf(c.id, sizeof(c.id), "%s", id);
	return c;
}

static void test_named_by_id(void **state)
{
	struct container c = ct(CT_RT_LXC, "build-box");
	struct ct_meta m;

	(void)state;
	assert_int_equal(runtime_query(&cfg, &c, &m), 0);
	assert_string_equal(m.name, "build-box");
	c = ct(CT_RT_NSPAWN, "debian-12");
	assert_int_equal(runtime_query(&cfg, &c, &m), 0);
	assert_string_equal(m.name, "debian-12");
	c = ct(CT_RT_NONE, "x");
	assert_int_equal(runtime_query(&cfg, &c, &m), -1);
	c = ct(CT_RT_MAX, "x");
	assert_int_equal(runtime_query(&cfg, &c, &m), -1);
	c = ct(CT_RT_DOCKER, "");
	assert_int_equal(runtime_query(&cfg, &c, &m), -1);
	assert_int_equal(runtime_query(NULL, &c, &m), -1);
}

static void test_docker_falls_back(void **state)
{
	struct container c = ct(CT_RT_DOCKER, ID);
	struct ct_meta m;
	uint64_t t0;

	(void)state;
	put("docker/containers/" ID "/config.v2.json",
	    "{\"State\":{\"Pid\":0},\"Config\":{\"Image\":\"rt-bb:1\"},\"Name\":\"/rtx\"}");
	/* Docker's bundle under containerd still has the pid of a running container */
	put("task/moby/" ID "/config.json", "{\"linux\":{\"namespaces\":[{\"type\":\"pid\"}]}}");
	put("task/moby/" ID "/init.pid", "18714");
	t0 = now_ms();
	assert_int_equal(runtime_query(&cfg, &c, &m), 0);
	/* a missing socket, then a silent one: one timeout in all */
	assert_true(now_ms() - t0 < 1000);
	assert_string_equal(m.name, "rtx");
	assert_string_equal(m.image, "rt-bb:1");
	assert_int_equal(m.init_pid, 18714);
	assert_true(m.userns_host);

	/* nothing anywhere */
	c = ct(CT_RT_DOCKER, "0123");
	assert_int_equal(runtime_query(&cfg, &c, &m), -1);
	assert_string_equal(m.name, "");
}

static void test_containerd_complete_on_disk(void **state)
{
	struct container c = ct(CT_RT_CONTAINERD, ID);
	struct ct_meta m;
	uint64_t t0;

	(void)state;
	put("task/k8s.io/" ID "/config.json",
	    "{\"annotations\":{\"io.kubernetes.cri.container-name\":\"nginx\","
	    "\"io.kubernetes.cri.image-name\":\"nginx:1.25\","
	    "\"io.kubernetes.cri.sandbox-name\":\"web-0\","
	    "\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
	    "\"io.kubernetes.cri.sandbox-uid\":\"u-1\"},"
	    "\"linux\":{\"namespaces\":[{\"type\":\"user\"}]}}");
	put("task/k8s.io/" ID "/init.pid", "31337");
	/* all known from the bundle: the silent socket is not waited for */
	cfg.timeout_ms = 3000;
	t0 = now_ms();
	assert_int_equal(runtime_query(&cfg, &c, &m), 0);
	assert_true(now_ms() - t0 < 1500);
	assert_string_equal(m.name, "nginx");
	assert_string_equal(m.image, "nginx:1.25");
	assert_string_equal(m.pod_name, "web-0");
	assert_string_equal(m.pod_namespace, "prod");
	assert_string_equal(m.pod_uid, "u-1");
	assert_string_equal(m.k8s_container, "nginx");
	assert_int_equal(m.init_pid, 31337);
	assert_false(m.userns_host);
}

static void test_podman_merges(void **state)
{
	struct container c = ct(CT_RT_PODMAN, ID);
	struct ct_meta m;

	(void)state;
	/* the name and image from the storage list, the pid and userns from the bundle */
	put("lib/overlay-containers/containers.json",
	    "[{\"id\":\"" ID "\",\"names\":[\"web\"],\"image\":\"3333\","
	    "\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/nginx:1.25\\\"}\"}]");
	put("lib/overlay-containers/" ID "/userdata/config.json",
	    "{\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}");
	put("run/overlay-containers/" ID "/userdata/pidfile", "4242");
	cfg.n_docker_sockets = 0;
	assert_int_equal(runtime_query(&cfg, &c, &m), 0);
	assert_string_equal(m.name, "web");
	assert_string_equal(m.image, "docker.io/library/nginx:1.25");
	assert_int_equal(m.init_pid, 4242);
	assert_true(m.userns_host);
}

static void test_crio(void **state)
{
	struct container c = ct(CT_RT_CRIO, ID);
	struct ct_meta m;

	(void)state;
	/* the bundle's Kubernetes names win over the storage list's k8s_... name */
	put("run/overlay-containers/" ID "/userdata/config.json",
	    "{\"annotations\":{\"io.kubernetes.container.name\":\"app\","
	    "\"io.kubernetes.pod.name\":\"api-7d9\"}}");
	put("lib/overlay-containers/containers.json",
	    "[{\"id\":\"" ID "\",\"names\":[\"k8s_app_api-7d9_prod_1b4e_0\"],"
	    "\"metadata\":\"{\\\"image-name\\\":\\\"quay.io/org/app:v2\\\"}\"}]");
	cfg.n_docker_sockets = 1;	/* the missing one */
	assert_int_equal(runtime_query(&cfg, &c, &m), 0);
	assert_string_equal(m.name, "app");
	assert_string_equal(m.k8s_container, "app");
	assert_string_equal(m.pod_name, "api-7d9");
	assert_string_equal(m.image, "quay.io/org/app:v2");
	assert_int_equal(m.init_pid, 0);
	assert_false(m.userns_host);	/* the bundle said nothing of namespaces */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_named_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docker_falls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_containerd_complete_on_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_podman_merges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crio, setup, teardown),
	};

	return cmocka_run_group_tests_name("runtime_meta", tests, NULL, NULL);
}
