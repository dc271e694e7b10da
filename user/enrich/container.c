// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stddef.h>

#include "enrich/container.h"

/* container.runtime: the names ECS users know them by */
const char *ct_runtime_name(enum ct_runtime rt)
{
	static const char *const names[CT_RT_MAX] = {
		[CT_RT_DOCKER] = "docker",
		[CT_RT_CONTAINERD] = "containerd",
		[CT_RT_CRIO] = "cri-o",
		[CT_RT_PODMAN] = "podman",
		[CT_RT_LXC] = "lxc",
		[CT_RT_NSPAWN] = "systemd-nspawn",
	};

	return rt > CT_RT_NONE && rt < CT_RT_MAX ? names[rt] : NULL;
}
