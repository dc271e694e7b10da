// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Cgroup paths (user/enrich/cgroup_path.h) and the mountinfo reader that
 * finds the cgroup2 mount (cgroup_v2_mount): the input up to a NUL is a
 * path as /proc/PID/cgroup shows it; the whole input is a mountinfo.
 * A container is only ever recognised on a canonical path, with an id of
 * its runtime's form, and what is kept of the path is a whole-component
 * prefix of it.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "fuzz.h"
#include "enrich/cgroup_path.h"
#include "enrich/cgroup_resolve.h"

static void check_container(const char *path, const struct container *c)
{
	size_t n, i, len = strlen(path);

	fuzz_check(c->runtime > CT_RT_NONE && c->runtime < CT_RT_MAX, "runtime %d", c->runtime);
	fuzz_check(cgroup_path_canonical(path), "a container on a path not canonical: %s", path);
	fuzz_check(memchr(c->id, 0, sizeof(c->id)) && c->id[0], "id empty or unterminated");
	fuzz_check(memchr(c->pod_uid, 0, sizeof(c->pod_uid)), "pod_uid unterminated");
	fuzz_check(memchr(c->cgroup, 0, sizeof(c->cgroup)), "cgroup unterminated");
	n = strlen(c->id);
	for (i = 0; i < n; i++)
		fuzz_check((unsigned char)c->id[i] >= 0x20 && c->id[i] != 0x7f,
			   "a control byte in the id of %s", path);
	if (c->runtime <= CT_RT_PODMAN) {
		fuzz_check(n == 64, "id of %zu bytes for runtime %d: %s", n, c->runtime, c->id);
		for (i = 0; i < n; i++)
			fuzz_check((c->id[i] >= '0' && c->id[i] <= '9') ||
					   (c->id[i] >= 'a' && c->id[i] <= 'f'),
				   "id not lowercase hex: %s", c->id);
	}
	n = strlen(c->cgroup);
	fuzz_check(n && !strncmp(c->cgroup, path, n) && (n == len || path[n] == '/'),
		   "cgroup '%s' is not a whole-component prefix of %s", c->cgroup, path);
}

static void check_mount(const uint8_t *data, size_t size, size_t dir_size)
{
	char dir[PATH_MAX];
	bool v1 = true;
	FILE *f;
	int ret;

	f = fmemopen((void *)data, size, "r");
	fuzz_check(f, "fmemopen");
	memset(dir, 'X', sizeof(dir));
	ret = cgroup_v2_mount(f, dir, dir_size, &v1);
	fclose(f);
	fuzz_check(ret == 0 || ret == -ENOENT || ret == -ENAMETOOLONG, "cgroup_v2_mount: %d", ret);
	if (!ret)
		fuzz_check(memchr(dir, 0, dir_size), "the mount's dir overruns %zu bytes", dir_size);
	fuzz_check(dir[dir_size] == 'X', "written past the %zu bytes given", dir_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct container c;
	char *path = malloc(size + 1);

	fuzz_check(path, "out of memory");
	memcpy(path, data, size);
	path[size] = '\0';
	if (cgroup_path_parse(path, &c))
		check_container(path, &c);
	else
		fuzz_check(c.runtime == CT_RT_NONE && !c.id[0], "not a container, yet filled");
	(void)cgroup_path_canonical(path);
	free(path);
	if (size) {
		check_mount(data, size, 24);
		check_mount(data, size, PATH_MAX - 1);
	}
	return 0;
}
