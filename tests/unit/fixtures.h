/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Hand-built events shared by the format tests. */
#ifndef PT_TEST_FIXTURES_H
#define PT_TEST_FIXTURES_H

#include <string.h>
#include "privtrace.h"

#define INIT_USERNS 4026531837u

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

#endif
