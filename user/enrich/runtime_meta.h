/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the runtime says of a container, from whichever source answers: the
 * Docker API (Docker, and Docker-compatible sockets such as Podman's), then
 * the runtimes' on-disk state. The container cache calls this from its
 * worker thread, never from the event path: it blocks, up to timeout_ms for
 * each Docker socket plus some file reads.
 */
#ifndef PT_RUNTIME_META_H
#define PT_RUNTIME_META_H

#include "enrich/container.h"

#define RUNTIME_MAX_SOCKETS 8
#define RUNTIME_TIMEOUT_MS 1000	/* when timeout_ms <= 0 */

struct runtime_cfg {
	const char *docker_sockets[RUNTIME_MAX_SOCKETS]; /* unix socket paths, tried in order */
	int n_docker_sockets;	/* 0: no API is asked */
	int timeout_ms;		/* per socket */
	/* NULL = defaults, STATE_*_ROOT in runtime_state.h */
	const char *docker_root, *containerd_root, *crio_root, *storage_root;
};

/*
 * Fill *out (zeroed first) for container c. Sources are asked in the order
 * that suits c->runtime, each filling only what earlier ones left empty,
 * until name, image and init pid are known. userns_host is true if any
 * source asked said so: Docker's HostConfig.UsernsMode "host", or an OCI
 * bundle without a user namespace. False is "not said": Docker's "" is the
 * daemon's default, host unless it runs with --userns-remap. LXC and
 * systemd-nspawn have only their name, which is the id. Blocking,
 * thread-safe (no globals), silent.
 * 0: something was found; -1: nothing is known.
 */
int runtime_query(const struct runtime_cfg *cfg, const struct container *c, struct ct_meta *out);

#endif
