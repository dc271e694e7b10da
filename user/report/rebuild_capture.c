// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "event/decode.h"
#include "format/capture.h"
#include "report/rebuild_capture.h"

struct cursor {
	const char *p, *end;
	bool bad;
};

static void take(struct cursor *c, void *dst, size_t n)
{
	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = true;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, c->p, n);
	c->p += n;
}

/* A u16-length string into dst (size bytes, NUL-terminated); too long for it: bad. */
static void take_str(struct cursor *c, char *dst, size_t size)
{
	__u16 n;

	take(c, &n, sizeof(n));
	if (c->bad || n >= size || (size_t)(c->end - c->p) < n || memchr(c->p, '\0', n)) {
		c->bad = true;
		dst[0] = '\0';
		return;
	}
	memcpy(dst, c->p, n);
	dst[n] = '\0';
	c->p += n;
}

static void take_container(struct cursor *c, struct container *ct)
{
	__u8 rt, flags;
	__u32 ids[3];

	take(c, &rt, 1);
	take(c, &flags, 1);
	take(c, ids, sizeof(ids));
	if (rt == CT_RT_NONE || rt >= CT_RT_MAX)
		c->bad = true;
	ct->runtime = (enum ct_runtime)rt;
	ct->meta_done = flags & CAP_CT_META_DONE;
	ct->meta.userns_host = flags & CAP_CT_USERNS_HOST;
	ct->meta.init_pid = (int)ids[0];
	ct->meta.init_mntns = ids[1];
	ct->meta.init_pidns = ids[2];
	take_str(c, ct->id, sizeof(ct->id));
	take_str(c, ct->pod_uid, sizeof(ct->pod_uid));
	take_str(c, ct->cgroup, sizeof(ct->cgroup));
	take_str(c, ct->meta.name, sizeof(ct->meta.name));
	take_str(c, ct->meta.image, sizeof(ct->meta.image));
	take_str(c, ct->meta.pod_name, sizeof(ct->meta.pod_name));
	take_str(c, ct->meta.pod_namespace, sizeof(ct->meta.pod_namespace));
	take_str(c, ct->meta.pod_uid, sizeof(ct->meta.pod_uid));
	take_str(c, ct->meta.k8s_container, sizeof(ct->meta.k8s_container));
}

int rebuild_capture(const char *p, size_t len, struct rebuilt *b, const char **why)
{
	struct cursor c = { .p = p, .end = p + len };
	__u64 real_ns, first_real_ns, seq;
	__u32 rec_len;
	__u16 event_len;
	__u8 head[4], has;
	__s8 ns_match;

	take(&c, &rec_len, 4);
	take(&c, head, 4);
	take(&c, &real_ns, 8);
	take(&c, &first_real_ns, 8);
	take(&c, &seq, 8);
	take(&c, &event_len, 2);
	take(&c, &has, 1);
	take(&c, &ns_match, 1);
	if (c.bad || head[0] != CAP_REC_EVENT || rec_len != len) {
		*why = "not an event record";
		return -1;
	}
	if (event_len < offsetof(struct pt_event, path) || event_len > sizeof(b->e)) {
		*why = "event of an impossible length";
		return -1;
	}
	memset(&b->e, 0, sizeof(b->e));
	take(&c, &b->e, event_len);
	if (c.bad || b->e.path_len != event_len - offsetof(struct pt_event, path) ||
	    (b->e.path_len && b->e.path[b->e.path_len - 1]) || !decode_event(&b->e, sizeof(b->e))) {
		*why = "malformed event";
		return -1;
	}
	record_init(&b->r, &b->e, real_ns);
	/* a repeat's first time as the live record had it, whatever the clocks did since */
	b->r.first_real_ns = first_real_ns;
	b->r.seq = seq;
	b->r.ns_match = ns_match < 0 ? -1 : ns_match > 0;
	if (has & CAP_HAS_CGROUP_PATH) {
		take_str(&c, b->cgroup_path, sizeof(b->cgroup_path));
		b->r.cgroup_path = b->cgroup_path;
	}
	if (has & CAP_HAS_HOST_USER) {
		take_str(&c, b->host_user, sizeof(b->host_user));
		b->r.host_user = b->host_user;
	}
	if (has & CAP_HAS_NS_USER) {
		take_str(&c, b->ns_user, sizeof(b->ns_user));
		b->r.ns_user = b->ns_user;
	}
	if (has & CAP_HAS_CT) {
		memset(&b->ct, 0, sizeof(b->ct));
		take_container(&c, &b->ct);
		b->r.ct = &b->ct;
	}
	if (c.bad || c.p != c.end || (has & ~(CAP_HAS_CGROUP_PATH | CAP_HAS_HOST_USER |
					      CAP_HAS_NS_USER | CAP_HAS_CT))) {
		*why = "malformed enrichment";
		return -1;
	}
	/* the picture is the event's own maps, made as the enrich stage makes it */
	userns_map_from_task(&b->e.task, &b->map);
	b->r.map = &b->map;
	return 0;
}
