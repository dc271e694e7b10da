// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The runtimes' files on disk (user/enrich/runtime_state.h), written from
 * the input into a temporary root for one container id. The first byte
 * picks the runtime; the rest, split at its first NUL, is the two files
 * that runtime keeps (a part missing: that file absent):
 *   0 Docker      config.v2.json, hostconfig.json
 *   1 containerd  config.json, init.pid (namespace k8s.io)
 *   2 CRI-O       userdata/config.json, userdata/pidfile
 *   3 storage     containers.json, volatile-containers.json
 *   4 runc        state.json
 * The answer must be one of the documented ones and every field a C string.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "enrich/runtime_state.h"

#define ID "66a2398dece9dde7e763cc239dc985f7f918344001e725efa992fc3fd2de9bdf"

static char root[64];
static char paths[5][2][256];

static void mkdirs(const char *rel)
{
	char p[256], *s;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0700);
		*s = '/';
	}
	mkdir(p, 0700);
}

static void cleanup(void)
{
	char cmd[128];

	/* the harness's own mkdtemp directory, nothing else */
	if (root[0] && !strncmp(root, "/tmp/", 5) && strstr(root, "pt-fuzz-rt.")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd))
			fprintf(stderr, "fuzz_runtime_state: %s left behind\n", root);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *files[5][2] = {
		{ "docker/containers/" ID "/config.v2.json", "docker/containers/" ID "/hostconfig.json" },
		{ "containerd/k8s.io/" ID "/config.json", "containerd/k8s.io/" ID "/init.pid" },
		{ "run/overlay-containers/" ID "/userdata/config.json",
		  "run/overlay-containers/" ID "/userdata/pidfile" },
		{ "graph/overlay-containers/containers.json",
		  "graph/overlay-containers/volatile-containers.json" },
		{ "runc/" ID "/state.json", NULL },
	};
	int r, f;

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "/tmp/pt-fuzz-rt.XXXXXX");
	if (!mkdtemp(root)) {
		perror("fuzz_runtime_state: mkdtemp");
		exit(1);
	}
	atexit(cleanup);
	mkdirs("docker/containers/" ID);
	mkdirs("containerd/k8s.io/" ID);
	mkdirs("run/overlay-containers/" ID "/userdata");
	mkdirs("graph/overlay-containers");
	mkdirs("runc/" ID);
	for (r = 0; r < 5; r++)
		for (f = 0; f < 2; f++)
			if (files[r][f])
				snprintf(paths[r][f], sizeof(paths[r][f]), "%s/%s", root, files[r][f]);
	return 0;
}

static void put(const char *path, const uint8_t *p, size_t n, bool present)
{
	int fd;

	if (!path[0])
		return;
	if (!present) {
		unlink(path);
		return;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	fuzz_check(fd >= 0, "cannot write %s", path);
	fuzz_check(write(fd, p, n) == (ssize_t)n, "short write to %s", path);
	close(fd);
}

static void check_meta(const struct ct_meta *m, int err)
{
	const char *f[] = { m->name, m->image, m->pod_name, m->pod_namespace, m->pod_uid,
			    m->k8s_container };
	size_t i;

	fuzz_check(err == 0 || err == -ENOENT || err == -EBADMSG || err == -ESRCH ||
			   err == -EFBIG || err == -EINVAL || err == -ENAMETOOLONG,
		   "unexpected result %d", err);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		fuzz_check(memchr(f[i], 0, CT_NAME_LEN), "field %zu not NUL-terminated", i);
	fuzz_check(m->init_pid >= 0, "init_pid %d", m->init_pid);
	if (err) {
		static const struct ct_meta zero;

		fuzz_check(!memcmp(m, &zero, sizeof(zero)), "an error, yet *out not zeroed");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[2][192];
	const uint8_t *nul;
	struct ct_meta m;
	size_t n1;
	int which, err = 0;

	if (!size)
		return 0;
	which = data[0] % 5;
	data++;
	size--;
	nul = memchr(data, 0, size);
	n1 = nul ? (size_t)(nul - data) : size;
	put(paths[which][0], data, n1, true);
	put(paths[which][1], nul ? nul + 1 : data, nul ? size - n1 - 1 : 0, nul != NULL);
	switch (which) {
	case 0:
		snprintf(dir[0], sizeof(dir[0]), "%s/docker", root);
		err = rtstate_docker(dir[0], ID, &m);
		break;
	case 1:
		snprintf(dir[0], sizeof(dir[0]), "%s/containerd", root);
		err = rtstate_containerd(dir[0], ID, &m);
		break;
	case 2:
		snprintf(dir[0], sizeof(dir[0]), "%s/run", root);
		snprintf(dir[1], sizeof(dir[1]), "%s/graph", root);
		err = rtstate_crio(dir[0], dir[1], ID, &m);
		break;
	case 3:
		snprintf(dir[0], sizeof(dir[0]), "%s/graph", root);
		snprintf(dir[1], sizeof(dir[1]), "%s/run", root);
		err = rtstate_storage(dir[0], dir[1], ID, &m);
		break;
	case 4:
		snprintf(dir[0], sizeof(dir[0]), "%s/runc", root);
		err = rtstate_runc(dir[0], ID, &m);
		break;
	}
	check_meta(&m, err);
	/* the next input starts from no files but its own */
	put(paths[which][0], NULL, 0, false);
	put(paths[which][1], NULL, 0, false);
	return 0;
}
