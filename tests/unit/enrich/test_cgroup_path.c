// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Container recognition from cgroup paths (user/enrich/cgroup_path.c): every
 * runtime layout, the host, look-alikes that must not pass, and hostile
 * paths (a container can name its own sub-cgroups).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "enrich/cgroup_path.h"

#define A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define UID "6f1b3a2c-9d4e-4f5a-8b7c-1d2e3f4a5b6c"
#define UID_ "6f1b3a2c_9d4e_4f5a_8b7c_1d2e3f4a5b6c"

static struct container c;

static void expect(const char *path, enum ct_runtime rt, const char *id, const char *pod)
{
	memset(&c, 0x5a, sizeof(c));
	if (!cgroup_path_parse(path, &c))
		fail_msg("not recognised: %s", path);
	assert_int_equal(c.runtime, rt);
	assert_string_equal(c.id, id);
	assert_string_equal(c.pod_uid, pod);
	assert_false(c.meta_done);
	assert_string_equal(c.meta.name, "");
}

static void host(const char *path)
{
	memset(&c, 0x5a, sizeof(c));
	if (cgroup_path_parse(path, &c))
		fail_msg("taken for a container (%d %s): %s", c.runtime, c.id, path);
	assert_int_equal(c.runtime, CT_RT_NONE);
	assert_string_equal(c.id, "");
	assert_string_equal(c.cgroup, "");
}

static void test_docker(void **state)
{
	(void)state;
	expect("/docker/" A, CT_RT_DOCKER, A, "");
	assert_string_equal(c.cgroup, "/docker/" A);
	expect("/system.slice/docker-" A ".scope", CT_RT_DOCKER, A, "");
	assert_string_equal(c.cgroup, "/system.slice/docker-" A ".scope");
	/* a sub-cgroup made inside the container: still that container */
	expect("/docker/" A "/init.scope", CT_RT_DOCKER, A, "");
	assert_string_equal(c.cgroup, "/docker/" A "/init.scope");
	/* Docker in Docker, or a forged inner name: the outer one is the truth */
	expect("/docker/" A "/docker/" B, CT_RT_DOCKER, A, "");
	expect("/system.slice/docker-" A ".scope/docker/" B, CT_RT_DOCKER, A, "");
	/* dockershim under the kubelet, systemd driver */
	expect("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	       ".slice/docker-" A ".scope", CT_RT_DOCKER, A, UID);
}

static void test_kubernetes(void **state)
{
	(void)state;
	expect("/kubepods/burstable/pod" UID "/" A, CT_RT_CONTAINERD, A, UID);
	expect("/kubepods/besteffort/pod" UID "/" A, CT_RT_CONTAINERD, A, UID);
	expect("/kubepods/pod" UID "/" A, CT_RT_CONTAINERD, A, UID);
	expect("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_
	       ".slice/cri-containerd-" A ".scope", CT_RT_CONTAINERD, A, UID);
	assert_string_equal(c.cgroup, "/kubepods.slice/kubepods-besteffort.slice/"
			    "kubepods-besteffort-pod" UID_ ".slice/cri-containerd-" A ".scope");
	/* guaranteed QoS has no QoS slice */
	expect("/kubepods.slice/kubepods-pod" UID_ ".slice/cri-containerd-" A ".scope",
	       CT_RT_CONTAINERD, A, UID);
	/* kind and --cgroup-root: the kubepods slice under another one */
	expect("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/"
	       "kubelet-kubepods-burstable-pod" UID_ ".slice/cri-containerd-" A ".scope",
	       CT_RT_CONTAINERD, A, UID);
	/* static pods have a 32-hex hash for uid */
	expect("/kubepods/burstable/pod0123456789abcdef0123456789abcdef/" A,
	       CT_RT_CONTAINERD, A, "0123456789abcdef0123456789abcdef");
	/* the pod's own cgroup holds no container process of its own */
	host("/kubepods/burstable/pod" UID);
	host("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice");
	host("/kubepods.slice");
	host("/kubepods/burstable");
	/* a bare id needs the pod right above it */
	host("/kubepods/burstable/" A);
	host("/kubepods/pod" UID "/x/" A);
	/* not a uid */
	host("/kubepods/pod6f1b3a2c-9d4e-4f5a-8b7c-1d2e3f4a5b6/" A);
	host("/kubepods/pod" UID_ "/" A);
	host("/kubepods/podnothex-9d4e-4f5a-8b7c-1d2e3f4a5b6c/" A);
}

static void test_crio(void **state)
{
	(void)state;
	expect("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	       ".slice/crio-" A ".scope", CT_RT_CRIO, A, UID);
	expect("/kubepods/burstable/pod" UID "/crio-" A, CT_RT_CRIO, A, UID);
	/* conmon is the monitor, on the host side */
	host("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	     ".slice/crio-conmon-" A ".scope");
}

static void test_podman(void **state)
{
	(void)state;
	expect("/machine.slice/libpod-" A ".scope", CT_RT_PODMAN, A, "");
	expect("/machine.slice/libpod-" A ".scope/container", CT_RT_PODMAN, A, "");
	assert_string_equal(c.cgroup, "/machine.slice/libpod-" A ".scope/container");
	expect("/libpod_parent/libpod-" A, CT_RT_PODMAN, A, "");
	/* rootless */
	expect("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" A ".scope",
	       CT_RT_PODMAN, A, "");
	host("/machine.slice/libpod-conmon-" A ".scope");
	host("/libpod_parent/conmon");
}

static void test_lxc(void **state)
{
	(void)state;
	expect("/lxc/web1", CT_RT_LXC, "web1", "");
	expect("/lxc/web1/init.scope", CT_RT_LXC, "web1", "");
	expect("/lxc.payload.web1", CT_RT_LXC, "web1", "");
	expect("/lxc.payload.web1/system.slice/cron.service", CT_RT_LXC, "web1", "");
	expect("/lxc.payload/web1", CT_RT_LXC, "web1", "");
	expect("/user.slice/user-1000.slice/user@1000.service/lxc.payload.u1", CT_RT_LXC, "u1", "");
	/* the monitor */
	host("/lxc.monitor.web1");
	host("/lxc.monitor/web1");
	host("/lxc");
	host("/lxc.payload.");
	/* names are printed: visible ASCII, at most 64 bytes */
	host("/lxc/we b1");
	host("/lxc/web\0011");
	host("/lxc/web\x7f");
	host("/lxc/\xc3\xa9t\xc3\xa9");
	host("/lxc/" A "x");
	expect("/lxc/" A, CT_RT_LXC, A, "");
}

static void test_nspawn(void **state)
{
	(void)state;
	expect("/machine.slice/machine-my\\x2dbox.scope", CT_RT_NSPAWN, "my-box", "");
	expect("/machine.slice/machine-box.scope/payload", CT_RT_NSPAWN, "box", "");
	expect("/machine.slice/machine-a\\x2db\\x2Dc.scope", CT_RT_NSPAWN, "a-b-c", "");
	/* libvirt's QEMU VMs live here too: a host process */
	host("/machine.slice/machine-qemu\\x2d1\\x2dvm.scope");
	/* broken or dangerous escapes */
	host("/machine.slice/machine-a\\x2.scope");
	host("/machine.slice/machine-a\\x.scope");
	host("/machine.slice/machine-a\\.scope");
	host("/machine.slice/machine-a\\x0ab.scope");
	host("/machine.slice/machine-a\\x00b.scope");
	host("/machine.slice/machine-.scope");
	/* only under machine.slice */
	host("/machine-box.scope");
	host("/system.slice/machine-box.scope");
	host("/machine.slice");
	host("/machine.slice/systemd-nspawn@box.service");
}

static void test_host(void **state)
{
	(void)state;
	host("/");
	host("/init.scope");
	host("/user.slice");
	host("/user.slice/user-1000.slice/session-3.scope");
	host("/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service");
	host("/system.slice/ssh.service");
	host("/system.slice/docker.service");
	host("/system.slice/containerd.service");
	host("/docker");
	host("/docker/buildkit");
	host("/process_api/14fb1149e8aac7ae95a197aeea8a5e86");
}

static void test_lookalikes(void **state)
{
	(void)state;
	/* 64 hex exactly, lowercase only */
	host("/docker/0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef");
	host("/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde");
	host("/docker/" A "0");
	host("/docker/0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef");
	host("/docker/-123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	host("/system.slice/docker-" A ".scopex");
	host("/system.slice/docker-" A);
	host("/system.slice/docker-" A "0.scope");
	host("/system.slice/xdocker-" A ".scope");
	host("/system.slice/cri-containerd-" A ".service");
	host("/crio-" A ".scope.x");
	/* a bare id counts only right under /docker or a pod */
	host("/" A);
	host("/foo/" A);
	host("/dockers/" A);
}

static void test_hostile(void **state)
{
	char buf[12000];
	size_t n;
	int i;

	(void)state;
	memset(&c, 0x5a, sizeof(c));
	assert_false(cgroup_path_parse(NULL, &c));
	assert_int_equal(c.runtime, CT_RT_NONE);
	host("");
	host("docker/" A);
	/* not canonical: could stat() as one cgroup and read as another */
	host("//docker/" A);
	host("/docker//" A);
	host("/docker/" A "/");
	host("/./docker/" A);
	host("/docker/" A "/..");
	host("/docker/" A "/../../docker/" B);
	host("/docker/../docker/" A);
	/* newlines: the id component must be exactly the id */
	host("/docker/" A "\n");
	host("/docker\n/" A);
	host("/docker/\n" A);
	host("/system.slice/docker-" A ".scope\n0::/");
	host("/kubepods/pod" UID "\n/" A);
	/* below the container the names are the container's: still it */
	expect("/docker/" A "/x\ny", CT_RT_DOCKER, A, "");
	assert_string_equal(c.cgroup, "/docker/" A "/x\ny");

	/* long garbage */
	memset(buf, 'a', sizeof(buf) - 1);
	buf[0] = '/';
	buf[sizeof(buf) - 1] = 0;
	host(buf);
	for (i = 0; i + 2 < (int)sizeof(buf); i += 2)
		memcpy(buf + i, "/a", 2);
	host(buf);

	/* a deep tree below the container: recognised, the path cut at a '/' */
	n = (size_t)snprintf(buf, sizeof(buf), "/docker/%s", A);
	while (n + 3 < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "/ab");
	expect(buf, CT_RT_DOCKER, A, "");
	n = strlen(c.cgroup);
	assert_true(n < CT_PATH_LEN);
	assert_true(n > CT_PATH_LEN - 4);
	assert_memory_equal(c.cgroup, buf, n);
	assert_int_equal(buf[n], '/');

	/* the container's own component beyond the bound: not storable */
	n = 0;
	while (n < 600)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "/x");
	snprintf(buf + n, sizeof(buf) - n, "/docker/%s", A);
	host(buf);
	/* ... but just within it, it is */
	n = 0;
	while (n < CT_PATH_LEN - 1 - strlen("/docker/" A) - 1)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "/x");
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "/docker/%s", A);
	assert_true(n < CT_PATH_LEN);
	snprintf(buf + n, sizeof(buf) - n, "/%0600d", 0);
	expect(buf, CT_RT_DOCKER, A, "");
	assert_int_equal(strlen(c.cgroup), n);
}

static void test_canonical(void **state)
{
	(void)state;
	assert_true(cgroup_path_canonical("/"));
	assert_true(cgroup_path_canonical("/a"));
	assert_true(cgroup_path_canonical("/a/.b/..c/b..."));
	assert_false(cgroup_path_canonical(""));
	assert_false(cgroup_path_canonical("a"));
	assert_false(cgroup_path_canonical("//"));
	assert_false(cgroup_path_canonical("/a/"));
	assert_false(cgroup_path_canonical("/a/./b"));
	assert_false(cgroup_path_canonical("/a/../b"));
	assert_false(cgroup_path_canonical("/.."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_kubernetes),
		cmocka_unit_test(test_crio),
		cmocka_unit_test(test_podman),
		cmocka_unit_test(test_lxc),
		cmocka_unit_test(test_nspawn),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_lookalikes),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_canonical),
	};

	return cmocka_run_group_tests_name("cgroup_path", tests, NULL, NULL);
}
