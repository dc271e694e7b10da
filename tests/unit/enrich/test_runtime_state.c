// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Runtimes' on-disk state (user/enrich/runtime_state.c) in fake state directories
 * shaped like the real ones (Docker's were copied from a Docker 20.10 host,
 * cut down), and what a hostile or broken file gets.
 */
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "enrich/runtime_state.h"

#define ID "66a2398dece9dde7e763cc239dc985f7f918344001e725efa992fc3fd2de9bdf"
#define ID2 "7c1e0f3a5b2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"

static char root[64];

#include "state_files.h"


/* Under root; a few calls may share one expression (two roots in one call). */
static const char *at(const char *rel)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", root, rel);
	return p;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/pt-rtstate-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char docker_config[] =
	"{\"StreamConfig\":{},\"State\":{\"Running\":true,\"Paused\":false,\"Restarting\":false,"
	"\"OOMKilled\":false,\"RemovalInProgress\":false,\"Dead\":false,\"Pid\":18714,"
	"\"ExitCode\":0,\"Error\":\"\",\"StartedAt\":\"2024-11-25T10:00:03.516921227Z\","
	"\"FinishedAt\":\"0001-01-01T00:00:00Z\",\"Health\":null},\"ID\":\"" ID "\","
	"\"Created\":\"2024-11-25T10:00:03.346897368Z\",\"Managed\":false,\"Path\":\"sleep\","
	"\"Args\":[\"100\"],\"Config\":{\"Hostname\":\"66a2398dece9\",\"Env\":null,"
	"\"Cmd\":[\"sleep\",\"100\"],\"Image\":\"rt-bb:1\",\"Volumes\":null,\"Entrypoint\":null,"
	"\"Labels\":{\"io.kubernetes.pod.name\":\"web-0\",\"io.kubernetes.pod.namespace\":\"prod\","
	"\"io.kubernetes.pod.uid\":\"0e8a5c1e\",\"io.kubernetes.container.name\":\"nginx\"}},"
	"\"Image\":\"sha256:58f26791ae2d\",\"Name\":\"/rtx\",\"Driver\":\"overlay2\"}";

static void test_docker(void **state)
{
	struct ct_meta m;

	(void)state;
	put("docker/containers/" ID "/config.v2.json", docker_config);
	put("docker/containers/" ID "/hostconfig.json",
	    "{\"Binds\":null,\"NetworkMode\":\"none\",\"UsernsMode\":\"host\",\"Privileged\":false}");
	assert_int_equal(rtstate_docker(at("docker"), ID, &m), 0);
	assert_string_equal(m.name, "rtx");
	assert_string_equal(m.image, "rt-bb:1");
	assert_int_equal(m.init_pid, 18714);
	assert_true(m.userns_host);
	assert_string_equal(m.pod_name, "web-0");
	assert_string_equal(m.pod_namespace, "prod");
	assert_string_equal(m.pod_uid, "0e8a5c1e");
	assert_string_equal(m.k8s_container, "nginx");

	/* hostconfig.json missing or broken: the rest still stands */
	put("docker/containers/" ID "/hostconfig.json", "{\"UsernsMode\":");
	assert_int_equal(rtstate_docker(at("docker"), ID, &m), 0);
	assert_false(m.userns_host);
	assert_string_equal(m.name, "rtx");

	assert_int_equal(rtstate_docker(at("docker"), ID2, &m), -ENOENT);
	assert_string_equal(m.name, "");
	assert_int_equal(rtstate_docker(at("nowhere"), ID, &m), -ENOENT);
	put("docker/containers/" ID2 "/config.v2.json", "{\"Name\":\"/x\",}");
	assert_int_equal(rtstate_docker(at("docker"), ID2, &m), -EBADMSG);
	assert_string_equal(m.name, "");
	/* an id is one path component, nothing else */
	assert_int_equal(rtstate_docker(at("docker"), "../containers/" ID, &m), -EINVAL);
	assert_int_equal(rtstate_docker(at("docker"), "..", &m), -EINVAL);
}

static void test_not_regular(void **state)
{
	char big[4096];
	struct ct_meta m;
	FILE *f;
	int i;

	(void)state;
	/* a FIFO would block a plain open and read: refused at once */
	mkdir(at("docker"), 0700);
	mkdir(at("docker/containers"), 0700);
	mkdir(at("docker/containers/" ID), 0700);
	assert_int_equal(mkfifo(at("docker/containers/" ID "/config.v2.json"), 0600), 0);
	assert_int_equal(rtstate_docker(at("docker"), ID, &m), -EINVAL);
	unlink(at("docker/containers/" ID "/config.v2.json"));
	mkdir(at("docker/containers/" ID "/config.v2.json"), 0700);
	assert_int_equal(rtstate_docker(at("docker"), ID, &m), -EINVAL);
	rmdir(at("docker/containers/" ID "/config.v2.json"));
	/* bigger than any real config */
	f = fopen(at("docker/containers/" ID "/config.v2.json"), "w");
	assert_non_null(f);
	memset(big, ' ', sizeof(big));
	fputs("{\"Name\":\"/x\"}", f);
	for (i = 0; i <= STATE_FILE_MAX / (int)sizeof(big); i++)
		fwrite(big, 1, sizeof(big), f);
	fclose(f);
	assert_int_equal(rtstate_docker(at("docker"), ID, &m), -EFBIG);
	/* /dev/zero through a symlink: never opened */
	unlink(at("docker/containers/" ID "/config.v2.json"));
	assert_int_equal(symlink("/dev/zero", at("docker/containers/" ID "/config.v2.json")), 0);
	assert_int_equal(rtstate_docker(at("docker"), ID, &m), -EINVAL);
}

/* containerd's CRI plugin, a container and its pod's sandbox */
static const char cri_container[] =
	"{\"ociVersion\":\"1.1.0\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"nginx\"]},"
	"\"root\":{\"path\":\"rootfs\"},\"annotations\":{"
	"\"io.kubernetes.cri.container-name\":\"nginx\","
	"\"io.kubernetes.cri.container-type\":\"container\","
	"\"io.kubernetes.cri.image-name\":\"docker.io/library/nginx:1.25\","
	"\"io.kubernetes.cri.sandbox-id\":\"" ID2 "\","
	"\"io.kubernetes.cri.sandbox-name\":\"web-0\","
	"\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
	"\"io.kubernetes.cri.sandbox-uid\":\"de7c6a0c-79c0-44dc-a099-69bb39f180af\"},"
	"\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"ipc\",\"path\":\"/proc/1/ns/ipc\"},"
	"{\"type\":\"uts\"},{\"type\":\"mount\"},{\"type\":\"network\",\"path\":\"/var/run/netns/cni-1\"}]}}";

static const char cri_sandbox[] =
	"{\"ociVersion\":\"1.1.0\",\"annotations\":{"
	"\"io.kubernetes.cri.container-type\":\"sandbox\","
	"\"io.kubernetes.cri.podsandbox.image-name\":\"registry.k8s.io/pause:3.9\","
	"\"io.kubernetes.cri.sandbox-id\":\"" ID2 "\","
	"\"io.kubernetes.cri.sandbox-name\":\"web-0\","
	"\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
	"\"io.kubernetes.cri.sandbox-uid\":\"de7c6a0c\"},"
	"\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"user\"}],"
	"\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]}}";

static void test_containerd(void **state)
{
	struct ct_meta m;

	(void)state;
	/* Docker's own bundle in "moby": no annotations */
	put("task/moby/" ID2 "/config.json", "{\"ociVersion\":\"1.0.2\",\"annotations\":null,"
	    "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}");
	put("task/moby/" ID2 "/init.pid", "4242");
	put("task/k8s.io/" ID "/config.json", cri_container);
	put("task/k8s.io/" ID "/init.pid", "18714");
	put("task/k8s.io/" ID "/log.json", "");
	assert_int_equal(rtstate_containerd(at("task"), ID, &m), 0);
	assert_string_equal(m.name, "nginx");
	assert_string_equal(m.k8s_container, "nginx");
	assert_string_equal(m.image, "docker.io/library/nginx:1.25");
	assert_string_equal(m.pod_name, "web-0");
	assert_string_equal(m.pod_namespace, "prod");
	assert_string_equal(m.pod_uid, "de7c6a0c-79c0-44dc-a099-69bb39f180af");
	assert_int_equal(m.init_pid, 18714);
	assert_true(m.userns_host);	/* no user namespace in the spec */

	assert_int_equal(rtstate_containerd(at("task"), ID2, &m), 0);
	assert_string_equal(m.name, "");
	assert_int_equal(m.init_pid, 4242);
	assert_true(m.userns_host);

	/* the pod's sandbox: its image from the sandbox annotation, in a user namespace */
	put("task/k8s.io/" ID2 "/config.json", cri_sandbox);
	put("task/moby/" ID2 "/config.json", cri_sandbox);
	assert_int_equal(rtstate_containerd(at("task"), ID2, &m), 0);
	assert_string_equal(m.name, "");
	assert_string_equal(m.image, "registry.k8s.io/pause:3.9");
	assert_string_equal(m.pod_name, "web-0");
	assert_false(m.userns_host);

	/* pid files that are not one pid */
	put("task/k8s.io/" ID "/init.pid", "18714\n");
	assert_int_equal(rtstate_containerd(at("task"), ID, &m), 0);
	assert_int_equal(m.init_pid, 18714);
	put("task/k8s.io/" ID "/init.pid", "18714x");
	assert_int_equal(rtstate_containerd(at("task"), ID, &m), 0);
	assert_int_equal(m.init_pid, 0);
	put("task/k8s.io/" ID "/init.pid", "99999999999999999999");
	assert_int_equal(rtstate_containerd(at("task"), ID, &m), 0);
	assert_int_equal(m.init_pid, 0);
	put("task/k8s.io/" ID "/init.pid", "-5");
	assert_int_equal(rtstate_containerd(at("task"), ID, &m), 0);
	assert_int_equal(m.init_pid, 0);

	assert_int_equal(rtstate_containerd(at("task"), "ffff", &m), -ENOENT);
	assert_int_equal(rtstate_containerd(at("none"), ID, &m), -ENOENT);
	put("task/k8s.io/" ID "/config.json", "{\"annotations\":{\"a\":\"\\ud800\"}}");
	assert_int_equal(rtstate_containerd(at("task"), ID, &m), -EBADMSG);
	assert_string_equal(m.name, "");
}

static const char crio_config[] =
	"{\"ociVersion\":\"1.0.2-dev\",\"annotations\":{"
	"\"io.container.manager\":\"cri-o\","
	"\"io.kubernetes.container.name\":\"app\","
	"\"io.kubernetes.cri-o.ContainerType\":\"container\","
	"\"io.kubernetes.cri-o.ImageName\":\"quay.io/org/app:v2\","
	"\"io.kubernetes.cri-o.Name\":\"k8s_app_api-7d9_prod_1b4e_0\","
	"\"io.kubernetes.pod.name\":\"api-7d9\","
	"\"io.kubernetes.pod.namespace\":\"prod\","
	"\"io.kubernetes.pod.uid\":\"1b4e\"},"
	"\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"user\"}]}}";

static void test_crio(void **state)
{
	struct ct_meta m;

	(void)state;
	put("run/overlay-containers/" ID "/userdata/config.json", crio_config);
	put("run/overlay-containers/" ID "/userdata/pidfile", "777");
	assert_int_equal(rtstate_crio(at("run"), at("lib"), ID, &m), 0);
	assert_string_equal(m.name, "app");
	assert_string_equal(m.k8s_container, "app");
	assert_string_equal(m.image, "quay.io/org/app:v2");
	assert_string_equal(m.pod_name, "api-7d9");
	assert_string_equal(m.pod_namespace, "prod");
	assert_string_equal(m.pod_uid, "1b4e");
	assert_int_equal(m.init_pid, 777);
	assert_false(m.userns_host);

	/* Podman: the spec in the graph root, the pid file in the run root */
	put("lib/overlay-containers/" ID2 "/userdata/config.json",
	    "{\"annotations\":{\"io.container.manager\":\"libpod\"},"
	    "\"linux\":{\"namespaces\":[{\"type\":\"network\"}]}}");
	put("run/overlay-containers/" ID2 "/userdata/pidfile", "888\n");
	assert_int_equal(rtstate_crio(at("run"), at("lib"), ID2, &m), 0);
	assert_string_equal(m.name, "");
	assert_int_equal(m.init_pid, 888);
	assert_true(m.userns_host);

	assert_int_equal(rtstate_crio(at("run"), at("lib"), "abc", &m), -ENOENT);
	assert_int_equal(rtstate_crio(at("x"), at("y"), ID, &m), -ENOENT);
	assert_int_equal(rtstate_crio(at("run"), at("lib"), "a/b", &m), -EINVAL);
}

static const char containers_json[] =
	"[{\"id\":\"" ID2 "\",\"names\":[\"other\"],\"image\":\"1111\",\"layer\":\"2222\","
	"\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/busybox:latest\\\","
	"\\\"image-id\\\":\\\"1111\\\",\\\"name\\\":\\\"other\\\",\\\"created-at\\\":1700000000}\","
	"\"created\":\"2024-11-25T10:00:03.346897368Z\",\"flags\":{\"MountLabel\":\"\"}},"
	"{\"id\":\"" ID "\",\"names\":[\"web\",\"alias\"],\"image\":\"3333\",\"layer\":\"4444\","
	"\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/nginx:1.25\\\","
	"\\\"image-id\\\":\\\"3333\\\",\\\"name\\\":\\\"web\\\",\\\"created-at\\\":1700000001,"
	"\\\"mountlabel\\\":\\\"\\\"}\",\"big-data-names\":[\"volatile.json\"],"
	"\"created\":\"2024-11-25T10:00:04Z\"}]";

static void test_storage(void **state)
{
	struct ct_meta m;

	(void)state;
	put("lib/overlay-containers/containers.json", containers_json);
	assert_int_equal(rtstate_storage(at("lib"), at("run"), ID, &m), 0);
	assert_string_equal(m.name, "web");
	assert_string_equal(m.image, "docker.io/library/nginx:1.25");
	assert_string_equal(m.pod_name, "");
	assert_int_equal(m.init_pid, 0);
	assert_int_equal(rtstate_storage(at("lib"), at("run"), ID2, &m), 0);
	assert_string_equal(m.name, "other");
	assert_string_equal(m.image, "docker.io/library/busybox:latest");

	/* --rm containers, and CRI-O's metadata with its pod; no metadata: the image id */
	put("run/vfs-containers/volatile-containers.json",
	    "[{\"id\":\"aaaa\",\"names\":[\"k8s_app_api-7d9_prod_1b4e_0\"],\"image\":\"5555\","
	    "\"metadata\":\"{\\\"pod-name\\\":\\\"api-7d9\\\",\\\"pod-id\\\":\\\"bbbb\\\","
	    "\\\"image-name\\\":\\\"quay.io/org/app:v2\\\",\\\"name\\\":\\\"k8s_app\\\"}\"},"
	    "{\"id\":\"cccc\",\"image\":\"6666\"}]");
	assert_int_equal(rtstate_storage(at("lib"), at("run"), "aaaa", &m), 0);
	assert_string_equal(m.name, "k8s_app_api-7d9_prod_1b4e_0");
	assert_string_equal(m.image, "quay.io/org/app:v2");
	assert_string_equal(m.pod_name, "api-7d9");
	assert_int_equal(rtstate_storage(at("lib"), at("run"), "cccc", &m), 0);
	assert_string_equal(m.name, "");
	assert_string_equal(m.image, "6666");

	/* metadata that is not JSON, names that are not strings */
	put("lib/overlay-containers/volatile-containers.json",
	    "[{\"id\":\"dddd\",\"names\":[7],\"image\":\"7777\",\"metadata\":\"{not json\"}]");
	assert_int_equal(rtstate_storage(at("lib"), at("run"), "dddd", &m), 0);
	assert_string_equal(m.name, "");
	assert_string_equal(m.image, "7777");

	assert_int_equal(rtstate_storage(at("lib"), at("run"), "eeee", &m), -ENOENT);
	/* one broken list does not hide the others */
	put("lib/overlay-containers/containers.json", "[{\"id\":");
	assert_int_equal(rtstate_storage(at("lib"), at("run"), "aaaa", &m), 0);
	assert_int_equal(rtstate_storage(at("lib"), at("run"), "eeee", &m), -EBADMSG);
	assert_int_equal(rtstate_storage(at("nolib"), at("norun"), "aaaa", &m), -ENOENT);
}

static void test_hostile_list(void **state)
{
	size_t n = 100000, i;
	char *doc = malloc(2 * n + 1);
	struct ct_meta m;

	(void)state;
	assert_non_null(doc);
	for (i = 0; i < n; i++) {
		doc[i] = '[';
		doc[2 * n - 1 - i] = ']';
	}
	doc[2 * n] = '\0';
	put("lib/overlay-containers/containers.json", doc);
	assert_int_equal(rtstate_storage(at("lib"), at("run"), ID, &m), -EBADMSG);
	free(doc);
	/* the same id twice: the first entry is the one */
	put("lib/overlay-containers/containers.json",
	    "[{\"id\":\"" ID "\",\"names\":[\"one\"]},{\"id\":\"" ID "\",\"names\":[\"two\"]},"
	    "{\"id\":\"\\u0036" ID "\",\"names\":[\"three\"]}]");
	assert_int_equal(rtstate_storage(at("lib"), at("run"), ID, &m), 0);
	assert_string_equal(m.name, "one");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_docker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_containerd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_storage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_list, setup, teardown),
	};

	return cmocka_run_group_tests_name("runtime_state", tests, NULL, NULL);
}
