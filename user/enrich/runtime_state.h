/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What container runtimes leave on disk, read when no API answers (the
 * daemon is down, or it is a runtime without one). These are the runtimes'
 * private files, not interfaces: each reader takes only a few well-known
 * fields and treats the rest, and the files themselves, as untrusted (size
 * bounded, regular files only, strict JSON).
 *
 * Each fills *out (zeroed first) and returns 0 if it found the container,
 * -ENOENT if not, another -errno if a file was unreadable or malformed.
 * A NULL root is the runtime's default (below); ids are checked with
 * docker_ref_ok() before they become part of a path.
 */
#ifndef PT_RUNTIME_STATE_H
#define PT_RUNTIME_STATE_H

#include "enrich/container.h"

#define STATE_DOCKER_ROOT	"/var/lib/docker"
#define STATE_CONTAINERD_ROOT	"/run/containerd/io.containerd.runtime.v2.task"
#define STATE_CRIO_ROOT		"/run/containers/storage"	/* containers/storage runroot */
#define STATE_STORAGE_ROOT	"/var/lib/containers/storage"	/* containers/storage graph root */
#define STATE_RUNC_ROOT		"/run/runc"	/* runc's --root when run by root, by hand or by a script */

#define STATE_FILE_MAX		(1 << 20)	/* one container's config */
#define STATE_LIST_MAX		(16 << 20)	/* containers.json: every container of the host */

/*
 * Docker: <root>/containers/<id>/config.v2.json (Name, Config.Image,
 * State.Pid, Config.Labels) and hostconfig.json (UsernsMode).
 */
int rtstate_docker(const char *root, const char *id, struct ct_meta *out);

/*
 * containerd's runc shim bundle <root>/<namespace>/<id>/ in every namespace
 * (k8s.io for Kubernetes, moby for Docker, default for ctr): config.json's
 * io.kubernetes.cri.* annotations, init.pid, and whether linux.namespaces
 * lacks a user namespace (userns_host).
 */
int rtstate_containerd(const char *root, const char *id, struct ct_meta *out);
/* ... in the one namespace ns */
int rtstate_containerd_in(const char *root, const char *ns, const char *id, struct ct_meta *out);

/*
 * The OCI bundle CRI-O and Podman keep in <dir>/<driver>-containers/<id>/
 * userdata/, run root first (CRI-O's config.json and both runtimes' pidfile
 * are there), then graph root (Podman's config.json): io.kubernetes.*
 * annotations, pidfile, userns_host as for containerd.
 */
int rtstate_crio(const char *run_root, const char *graph_root, const char *id, struct ct_meta *out);

/*
 * containers/storage's own list, shared by Podman and CRI-O:
 * <graph_root>/<driver>-containers/containers.json and
 * volatile-containers.json (--rm and transient containers; also under
 * run_root): names[0], the image name from the "metadata" document the
 * runtime stored (else the image id), and CRI-O's pod-name there.
 */
int rtstate_storage(const char *graph_root, const char *run_root, const char *id,
		    struct ct_meta *out);

/*
 * runc's own state, <root>/<id>/state.json, for containers runc runs with
 * no daemon above it (`runc run` of a bundle): init_process_pid, and
 * userns_host when config.namespaces has no NEWUSER. The name is the id.
 * -ESRCH when that pid no longer started when the state says (stopped).
 */
int rtstate_runc(const char *root, const char *id, struct ct_meta *out);

/* The container ids under runc's root, into ids (at most max); their count or -errno. */
int rtstate_runc_list(const char *root, char (*ids)[CT_ID_LEN], int max);

/*
 * The tasks of containerd's runc shim, <root>/<namespace>/<id>, every
 * namespace: "namespace/id" into ids (at most max); their count or -errno.
 */
int rtstate_containerd_list(const char *root, char (*ids)[2 * CT_ID_LEN], int max);

#endif
