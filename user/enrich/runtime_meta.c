// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "enrich/docker_api.h"
#include "enrich/runtime_meta.h"
#include "enrich/runtime_state.h"

enum source {
	SRC_END = 0,
	SRC_DOCKER_API,
	SRC_DOCKER_DISK,
	SRC_CONTAINERD_DISK,
	SRC_CRIO_DISK,
	SRC_STORAGE_DISK,
};

/*
 * Cheapest and most telling first. Docker's API is asked for the others too:
 * Kubernetes on cri-dockerd runs its pods as Docker containers, and Podman's
 * socket answers in Docker's dialect. Docker's own containers also have a
 * bundle in containerd's "moby" namespace (init.pid) when all else fails.
 */
static const enum source order[CT_RT_MAX][5] = {
	[CT_RT_DOCKER] = { SRC_DOCKER_API, SRC_DOCKER_DISK, SRC_CONTAINERD_DISK },
	[CT_RT_CONTAINERD] = { SRC_CONTAINERD_DISK, SRC_DOCKER_API, SRC_DOCKER_DISK },
	[CT_RT_CRIO] = { SRC_CRIO_DISK, SRC_STORAGE_DISK, SRC_DOCKER_API },
	[CT_RT_PODMAN] = { SRC_STORAGE_DISK, SRC_CRIO_DISK, SRC_DOCKER_API },
};

static bool something(const struct ct_meta *m)
{
	return m->name[0] || m->image[0] || m->pod_name[0] || m->pod_namespace[0] ||
	       m->pod_uid[0] || m->k8s_container[0] || m->init_pid;
}

static bool complete(const struct ct_meta *m)
{
	return m->name[0] && m->image[0] && m->init_pid;
}

static void fill(char *dst, const char *src)
{
	if (!dst[0])
		memcpy(dst, src, CT_NAME_LEN);
}

static void merge(struct ct_meta *dst, const struct ct_meta *src)
{
	fill(dst->name, src->name);
	fill(dst->image, src->image);
	fill(dst->pod_name, src->pod_name);
	fill(dst->pod_namespace, src->pod_namespace);
	fill(dst->pod_uid, src->pod_uid);
	fill(dst->k8s_container, src->k8s_container);
	if (!dst->init_pid)
		dst->init_pid = src->init_pid;
	/* only ever set on the runtime's word; a source that cannot tell says false */
	dst->userns_host |= src->userns_host;
}

static int docker_api(const struct runtime_cfg *cfg, const char *id, struct ct_meta *m)
{
	int i, n = cfg->n_docker_sockets;
	int timeout = cfg->timeout_ms > 0 ? cfg->timeout_ms : RUNTIME_TIMEOUT_MS;

	if (n > RUNTIME_MAX_SOCKETS)
		n = RUNTIME_MAX_SOCKETS;
	for (i = 0; i < n; i++)
		if (cfg->docker_sockets[i] && !docker_inspect(cfg->docker_sockets[i], id, timeout, m))
			return 0;
	return -1;
}

static int ask(const struct runtime_cfg *cfg, enum source src, const char *id, struct ct_meta *m)
{
	switch (src) {
	case SRC_DOCKER_API:
		return docker_api(cfg, id, m);
	case SRC_DOCKER_DISK:
		return rtstate_docker(cfg->docker_root, id, m);
	case SRC_CONTAINERD_DISK:
		return rtstate_containerd(cfg->containerd_root, id, m);
	case SRC_CRIO_DISK:
		return rtstate_crio(cfg->crio_root, cfg->storage_root, id, m);
	case SRC_STORAGE_DISK:
		return rtstate_storage(cfg->storage_root, cfg->crio_root, id, m);
	default:
		return -1;
	}
}

int runtime_query(const struct runtime_cfg *cfg, const struct container *c, struct ct_meta *out)
{
	struct ct_meta m;
	int i;

	memset(out, 0, sizeof(*out));
	if (!cfg || !c || c->runtime <= CT_RT_NONE || c->runtime >= CT_RT_MAX || !c->id[0])
		return -1;
	/* their names are their ids: nothing more to ask */
	if (c->runtime == CT_RT_LXC || c->runtime == CT_RT_NSPAWN) {
		snprintf(out->name, sizeof(out->name), "%s", c->id);
		return 0;
	}
	for (i = 0; i < 5 && order[c->runtime][i] != SRC_END && !complete(out); i++) {
		if (ask(cfg, order[c->runtime][i], c->id, &m) || !something(&m))
			continue;
		merge(out, &m);
	}
	return something(out) ? 0 : -1;
}
