/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What privtrace knows of the container an event came from: the identity the
 * cgroup path gives at once (runtime and id), and what the runtime itself
 * tells later (name, image, Kubernetes pod). The enrich stage attaches one of
 * these to every event of a container; host events have none.
 */
#ifndef PT_CONTAINER_H
#define PT_CONTAINER_H

#include <stdbool.h>

#define CT_ID_LEN 65     /* 64 hex digits and the NUL (Docker, containerd, CRI-O, Podman) */
#define CT_NAME_LEN 256
#define CT_PATH_LEN 512

/* container.runtime */
enum ct_runtime {
	CT_RT_NONE = 0,      /* the host, not a container */
	CT_RT_DOCKER,        /* "docker": /docker/<id>, docker-<id>.scope */
	CT_RT_CONTAINERD,    /* "containerd": cri-containerd-<id>.scope, kubepods/.../<id> */
	CT_RT_CRIO,          /* "cri-o": crio-<id>.scope */
	CT_RT_PODMAN,        /* "podman": libpod-<id>.scope, /libpod_parent/libpod-<id> */
	CT_RT_LXC,           /* "lxc": /lxc/<name>, lxc.payload.<name> */
	CT_RT_NSPAWN,        /* "systemd-nspawn": machine-<name>.scope */
	CT_RT_MAX,
};

/* What the runtime said (or its on-disk state); empty strings when unknown. */
struct ct_meta {
	char name[CT_NAME_LEN];          /* container.name, without Docker's leading '/' */
	char image[CT_NAME_LEN];         /* container.image.name */
	char pod_name[CT_NAME_LEN];      /* kubernetes.pod.name */
	char pod_namespace[CT_NAME_LEN]; /* kubernetes.namespace */
	char pod_uid[CT_NAME_LEN];       /* kubernetes.pod.uid */
	char k8s_container[CT_NAME_LEN]; /* kubernetes.container.name */
	int init_pid;                    /* host pid of the container's first process, 0 unknown */
	unsigned int init_mntns;         /* its mount and pid namespaces (inode numbers), */
	unsigned int init_pidns;         /* 0 unknown: the namespace cross-check */
	bool userns_host;                /* the runtime says: no user namespace of its own (--userns=host) */
};

struct container {
	enum ct_runtime runtime;
	char id[CT_ID_LEN];          /* full id; for LXC and nspawn the name */
	char pod_uid[CT_NAME_LEN];   /* from a kubepods cgroup path, "" otherwise */
	char cgroup[CT_PATH_LEN];    /* the cgroup path it was recognised from */
	bool meta_done;              /* the runtime was asked (meta is what it said, maybe nothing) */
	struct ct_meta meta;
};

/* "docker", "containerd", ...; NULL for CT_RT_NONE. */
const char *ct_runtime_name(enum ct_runtime rt);

#endif
