// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stddef.h>
#include <string.h>

#include "format/capture.h"

#define put_val(w, v) wbuf_put((w), &(v), sizeof(v))

/* A u16 length and the bytes; longer strings cannot come from the enrich stage's buffers. */
static void put_str(struct wbuf *w, const char *s)
{
	size_t n = s ? strnlen(s, 0xffff) : 0;
	__u16 len = (__u16)n;

	put_val(w, len);
	wbuf_put(w, s, n);
}

/* The record's length, known once it is written, goes back in its first field. */
static void close_record(struct wbuf *w, size_t start)
{
	__u32 len;

	if (w->oom)
		return;
	len = (__u32)(w->len - start);
	memcpy(w->buf + start, &len, sizeof(len));
}

static void open_record(struct wbuf *w, __u8 type, __u64 real_ns)
{
	__u8 head[8] = { 0 };

	head[4] = type;
	wbuf_put(w, head, sizeof(head));
	put_val(w, real_ns);
}

static void put_container(struct wbuf *w, const struct container *ct)
{
	__u8 rt = (__u8)ct->runtime;
	__u8 flags = (ct->meta_done ? CAP_CT_META_DONE : 0) |
		     (ct->meta.userns_host ? CAP_CT_USERNS_HOST : 0);
	__u32 ids[3] = { (__u32)ct->meta.init_pid, ct->meta.init_mntns, ct->meta.init_pidns };

	put_val(w, rt);
	put_val(w, flags);
	wbuf_put(w, ids, sizeof(ids));
	put_str(w, ct->id);
	put_str(w, ct->pod_uid);
	put_str(w, ct->cgroup);
	put_str(w, ct->meta.name);
	put_str(w, ct->meta.image);
	put_str(w, ct->meta.pod_name);
	put_str(w, ct->meta.pod_namespace);
	put_str(w, ct->meta.pod_uid);
	put_str(w, ct->meta.k8s_container);
}

void capture_record(struct wbuf *w, const struct record *r)
{
	const struct pt_event *e = r->e;
	size_t start = w->len;
	/* the path's unused tail is not kept: decode_event bounded path_len */
	__u16 event_len = (__u16)(offsetof(struct pt_event, path) + e->path_len);
	__u8 has = (r->cgroup_path ? CAP_HAS_CGROUP_PATH : 0) | (r->host_user ? CAP_HAS_HOST_USER : 0) |
		   (r->ns_user ? CAP_HAS_NS_USER : 0) | (r->ct ? CAP_HAS_CT : 0);
	__s8 ns_match = (__s8)r->ns_match;

	open_record(w, CAP_REC_EVENT, r->real_ns);
	put_val(w, r->first_real_ns);
	put_val(w, r->seq);
	put_val(w, event_len);
	put_val(w, has);
	put_val(w, ns_match);
	wbuf_put(w, e, event_len);
	if (r->cgroup_path)
		put_str(w, r->cgroup_path);
	if (r->host_user)
		put_str(w, r->host_user);
	if (r->ns_user)
		put_str(w, r->ns_user);
	if (r->ct)
		put_container(w, r->ct);
	close_record(w, start);
}

void capture_metric(struct wbuf *w, const char *msgid, __u64 real_ns, const char *json,
		    size_t json_len)
{
	size_t start = w->len;

	open_record(w, CAP_REC_METRIC, real_ns);
	put_str(w, msgid);
	wbuf_put(w, json, json_len);
	close_record(w, start);
}
