/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Which container a cgroup path belongs to, from nothing but the names the
 * runtimes give their cgroups: no I/O, so the enrich stage can label an
 * event at once and ask the runtime for the rest later.
 */
#ifndef PT_CGROUP_PATH_H
#define PT_CGROUP_PATH_H

#include <stdbool.h>
#include "enrich/container.h"

/*
 * path: a cgroup path as /proc/<pid>/cgroup shows it ("/docker/<id>/...").
 * Fills c->runtime, c->id, c->pod_uid and c->cgroup and returns true for a
 * container; returns false for the host, a runtime's monitor process
 * (conmon, lxc.monitor), a libvirt VM, and any path it cannot trust (not
 * canonical, an id that is not 64 lowercase hex, a name with control bytes).
 * *c is zeroed first either way. The outermost container on the path wins
 * (see cgroup_path.c). A path too long for c->cgroup is kept up to the last
 * whole component that fits, as long as the container's own component does.
 * c->cgroup is raw bytes from the kernel: escape it when printing.
 */
bool cgroup_path_parse(const char *path, struct container *c);

/*
 * "/" or "/a/b": how the kernel prints a cgroup path; no empty, "." or ".."
 * component, so a path cannot stat() as one cgroup and read as another.
 */
bool cgroup_path_canonical(const char *path);

#endif
