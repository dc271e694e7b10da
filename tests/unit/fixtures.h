/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Hand-built events, containers and namespace maps shared by the unit tests. */
#ifndef PT_TEST_FIXTURES_H
#define PT_TEST_FIXTURES_H

#include <errno.h>
#include <linux/capability.h> /* CAP_* numbers, as the kernel has them */
#include <stdio.h>
#include <string.h>
#include "enrich/container.h"
#include "privtrace.h"
#include "enrich/userns_map.h"

#define INIT_USERNS 4026531837u

/* pt_event.sys_caps_granted/denied and cap_effective bits */
#define CAPBIT(c) (1ULL << (c))
#define DAC_READ_CAPS (CAPBIT(CAP_DAC_OVERRIDE) | CAPBIT(CAP_DAC_READ_SEARCH))

/* A full Docker container id, and what `docker ps` shows of it. */
#define DOCKER_ID "3f2a9c81d0b74e5f8a6c2d1e0f9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a"
#define DOCKER_SHORT_ID "3f2a9c81d0b7"
/* A containerd container of a Kubernetes pod, and the pod's uid. */
#define K8S_ID "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d"
#define K8S_POD_UID "5b1f0c3e-7d2a-4e9b-8c6f-1a2b3c4d5e6f"

static inline void ids(struct pt_ids *v, __u32 uid, __u32 gid)
{
	v->uid = v->euid = v->suid = v->fsuid = uid;
	v->gid = v->egid = v->sgid = v->fsgid = gid;
}

/* A process in a container's user namespace: ns 0 is host 100000. */
static inline struct pt_event base(__u32 kind)
{
	struct pt_event e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.hook = PT_HOOK_SYSCALL_TP;
	e.task.pid = 4011;
	e.task.tid = 4012;
	e.task.ns_pid = 7;
	e.task.ns_tid = 8;
	e.task.ppid = 4000;
	e.task.userns_inum = 4026532177u;
	e.task.userns_level = 1;
	e.task.userns_owner = 1000;
	e.task.mntns_inum = 4026532178u;
	e.task.pidns_inum = 4026532179u;
	e.task.cgroupns_inum = 4026531835u;
	e.task.cgroup_id = 8812;
	strcpy(e.task.comm, "cat");
	ids(&e.cred.host, 100000, 100000);
	ids(&e.cred.ns, 0, 0);
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	return e;
}

/* A user on the host (init user namespace): all ids mapped to themselves. */
static inline struct pt_event host_user(__u32 kind, __u32 uid)
{
	struct pt_event e = base(kind);

	e.task.userns_inum = INIT_USERNS;
	e.task.userns_level = 0;
	e.task.userns_owner = 0;
	ids(&e.cred.host, uid, uid);
	ids(&e.cred.ns, uid, uid);
	e.cred.cap_effective = e.cred.cap_permitted = 0;
	return e;
}

static inline void set_path(struct pt_event *e, const char *p, size_t len)
{
	memcpy(e->path, p, len);
	e->path_len = len;
}

/*
 * A Docker container as the enrich stage fills it once the Engine API
 * answered; name and image may be "" (not told yet, or never).
 */
static inline void docker_container(struct container *ct, const char *name, const char *image)
{
	memset(ct, 0, sizeof(*ct));
	ct->runtime = CT_RT_DOCKER;
	snprintf(ct->id, sizeof(ct->id), "%s", DOCKER_ID);
	snprintf(ct->cgroup, sizeof(ct->cgroup), "/system.slice/docker-%s.scope", DOCKER_ID);
	ct->meta_done = true;
	snprintf(ct->meta.name, sizeof(ct->meta.name), "%s", name);
	snprintf(ct->meta.image, sizeof(ct->meta.image), "%s", image);
	ct->meta.init_pid = 3990;
}

/*
 * A container of a Kubernetes pod under containerd: the pod uid comes from
 * the kubepods cgroup path at once, the rest from the runtime.
 */
static inline void k8s_container(struct container *ct)
{
	memset(ct, 0, sizeof(*ct));
	ct->runtime = CT_RT_CONTAINERD;
	snprintf(ct->id, sizeof(ct->id), "%s", K8S_ID);
	snprintf(ct->pod_uid, sizeof(ct->pod_uid), "%s", K8S_POD_UID);
	snprintf(ct->cgroup, sizeof(ct->cgroup),
		 "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod%s.slice/"
		 "cri-containerd-%s.scope", "5b1f0c3e_7d2a_4e9b_8c6f_1a2b3c4d5e6f", K8S_ID);
	ct->meta_done = true;
	snprintf(ct->meta.name, sizeof(ct->meta.name), "nginx");
	snprintf(ct->meta.image, sizeof(ct->meta.image), "docker.io/library/nginx:1.27");
	snprintf(ct->meta.pod_name, sizeof(ct->meta.pod_name), "web-7d9f8b6c5-x2k4q");
	snprintf(ct->meta.pod_namespace, sizeof(ct->meta.pod_namespace), "shop");
	snprintf(ct->meta.pod_uid, sizeof(ct->meta.pod_uid), "%s", K8S_POD_UID);
	snprintf(ct->meta.k8s_container, sizeof(ct->meta.k8s_container), "nginx");
}

/* The user namespace of base(): docker --userns-remap, ns 0 is host 100000. */
static inline void remapped_map(struct userns_map *m)
{
	memset(m, 0, sizeof(*m));
	m->root_is_host_root = false;
	snprintf(m->uid, sizeof(m->uid), "0:100000:65536");
	snprintf(m->gid, sizeof(m->gid), "0:100000:65536");
}

/*
 * Rootless Docker run by marc (uid 1000): container root is host 1000, the
 * rest of the namespace is his subordinate range. Its cat is refused the
 * host's /etc/shadow, bind-mounted in: owner (host 0) not mapped there.
 */
static inline void rootless_root(struct pt_event *e, struct userns_map *map)
{
	*e = base(PT_EV_FILE);
	ids(&e->cred.host, 1000, 1000);
	e->syscall = PT_SYS_openat;
	e->ret = -EACCES;
	e->sys_caps_granted = DAC_READ_CAPS;
	set_path(e, "/host/etc/shadow", 17);
	memset(map, 0, sizeof(*map));
	snprintf(map->uid, sizeof(map->uid), "0:1000:1,1:100000:65536");
	snprintf(map->gid, sizeof(map->gid), "0:1000:1,1:100000:65536");
}

/* A user's open of /root/.bashrc through the 32-bit ABI (int $0x80, number 5): EACCES. */
static inline struct pt_event ia32_open_denied(void)
{
	static const char path[] = "/root/.bashrc";
	struct pt_event e = host_user(PT_EV_FILE, 1000);

	e.syscall = PT_SYS_open;
	e.sys_nr = 5;
	e.flags = PT_F_ABI_IA32;
	e.ret = -EACCES;
	e.sys_caps_denied = DAC_READ_CAPS;
	set_path(&e, path, sizeof(path));
	return e;
}

/* The same user's setuid32(0) (number 213), refused. */
static inline struct pt_event ia32_setuid_refused(void)
{
	struct pt_event e = host_user(PT_EV_CRED, 1000);

	e.syscall = PT_SYS_setuid;
	e.sys_nr = 213;
	e.flags = PT_F_ABI_IA32;
	e.ret = -EPERM;
	e.change.new_cred = e.cred;
	e.sys_caps_denied = CAPBIT(CAP_SETUID);
	return e;
}

/* The init user namespace, as userns_map_from_task gives it for level 0. */
static inline void init_map(struct userns_map *m)
{
	memset(m, 0, sizeof(*m));
	m->root_is_host_root = true;
	snprintf(m->uid, sizeof(m->uid), "0:0:4294967295");
	snprintf(m->gid, sizeof(m->gid), "0:0:4294967295");
}

/*
 * A name a container chose (its name, image, pod, a user in its
 * /etc/passwd), built to forge a record or drive a terminal: quote and
 * newline, ESC and BEL, invalid UTF-8 (a stray byte, an overlong '/'),
 * a bidi override, a bidi isolate, a C1 control, a trailing backslash.
 */
#define HOSTILE "x\"}\n{\"a\":1}\x1b[2J\x07\xff\xc0\xaf\xe2\x80\xae\xe2\x81\xa6\xc2\x85\\"

#endif
