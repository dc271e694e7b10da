/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The Docker Engine API, asked over its unix socket for one container
 * (GET /containers/<id>/json). Podman's Docker-compatible socket answers
 * the same. The daemon's answer is untrusted input: the whole exchange is
 * bounded in time, the body in size, and HTTP and JSON are parsed strictly.
 */
#ifndef PT_DOCKER_API_H
#define PT_DOCKER_API_H

#include <stdbool.h>
#include <stddef.h>

#include "enrich/container.h"

#define DOCKER_BODY_MAX (1 << 20)	/* inspect answers are a few KiB */
#define DOCKER_HEAD_MAX (16 << 10)	/* status line and headers */

/*
 * Ask the daemon at sock_path about container id (letters, digits, '_',
 * '.', '-'; a full id or a name), all of it connect to last byte within
 * timeout_ms. Blocking, thread-safe.
 *   0        *out filled from the answer (docker_meta_from_json)
 *   -ESRCH   the daemon answered 404: not its container
 *   other -errno, *out zeroed: -ENOENT / -ECONNREFUSED nobody listens there,
 *   -ETIMEDOUT, -EMSGSIZE (head or body too big), -EPROTO (malformed HTTP),
 *   -EIO (another status), -EBADMSG (body not a JSON object),
 *   -EINVAL (bad id, path or timeout)
 */
int docker_inspect(const char *sock_path, const char *id, int timeout_ms, struct ct_meta *out);

/*
 * GET path (from '/': "/info", "/containers/json") from the daemon at
 * sock_path, under the same bounds: 0 and the body (malloc'd, the
 * caller's; not NUL-terminated), or the errors of docker_inspect.
 */
int docker_get(const char *sock_path, const char *path, int timeout_ms, char **body,
	       size_t *body_len);

/*
 * An id or name as runtimes make them ([A-Za-z0-9][A-Za-z0-9_.-]*, shorter
 * than CT_NAME_LEN): safe as it is in a request line or as one path
 * component (no '/', never "." or "..").
 */
bool docker_ref_ok(const char *id);

/*
 * *out (zeroed first) from a Docker container document: the inspect answer,
 * or config.v2.json on disk, which use the same names. Name without its
 * leading '/', Config.Image, State.Pid, HostConfig.UsernsMode == "host", and
 * the io.kubernetes.{pod.name,pod.namespace,pod.uid,container.name} labels
 * Kubernetes (dockershim, cri-dockerd) puts in Config.Labels.
 * 0, or -EBADMSG if buf is not a JSON object.
 */
int docker_meta_from_json(const char *buf, size_t len, struct ct_meta *out);

#endif
