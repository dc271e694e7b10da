// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A ring-buffer sample through decode and every formatter: the input's
 * first sizeof(struct pt_event) bytes are the sample (any other size must
 * be refused), the rest what enrichment would add: a byte of flags, then
 * NUL-separated strings (cgroup path, host user, namespace user, container
 * id, name, image, pod name, namespace, pod uid, Kubernetes container).
 *
 * Every form must be one line of safe UTF-8 (fuzz.h); the JSON line must
 * parse with our own reader; and the same record made again from its JSON
 * line (rebuild_json) and from its capture record (rebuild_capture) must
 * write the very same JSON line.
 */
#include <string.h>

#include "fuzz.h"
#include "enrich/record.h"
#include "enrich/userns_map.h"
#include "event/decode.h"
#include "format/capture.h"
#include "format/json.h"
#include "format/syslog.h"
#include "format/text.h"
#include "lib/json_scan.h"
#include "report/rebuild_capture.h"
#include "report/rebuild_json.h"

enum {
	X_CT = 1, X_META_DONE = 2, X_USERNS_HOST = 4, X_NS_MATCH = 8, X_NS_MATCH_YES = 16,
	X_HOST_USER = 32, X_NS_USER = 64, X_CGROUP = 128,
};

static struct wbuf json, text, sd, cap, again;
static struct rebuilt rb;

/* The next NUL-terminated string of the rest into dst (cut to fit); "" when none is left. */
static void take(const char **p, const char *end, char *dst, size_t size)
{
	size_t n = 0;

	while (*p < end && **p && n + 1 < size)
		dst[n++] = *(*p)++;
	while (*p < end && **p)
		(*p)++;
	if (*p < end)
		(*p)++;
	dst[n] = '\0';
}

static void one_line(const char *what, const struct wbuf *w, bool lf)
{
	fuzz_check(!w->oom, "%s: out of memory", what);
	fuzz_check(w->len, "%s: nothing written", what);
	if (lf)
		fuzz_check(w->buf[w->len - 1] == '\n', "%s: no newline at the end", what);
	fz_check_safe(what, w->buf, w->len, lf);
}

static void same_json(const char *what)
{
	fuzz_check(!again.oom, "out of memory");
	fuzz_check(again.len == json.len && !memcmp(again.buf, json.buf, json.len),
		   "%s made again writes\n%.*s\nnot\n%.*s", what, (int)again.len, again.buf,
		   (int)json.len, json.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pt_event sample;
	static struct container ct;
	static struct userns_map map;
	static char cgroup[CT_PATH_LEN], host_user[USER_NAME_LEN], ns_user[USER_NAME_LEN];
	const char *p = (const char *)data + sizeof(sample), *end = (const char *)data + size;
	const struct pt_event *e;
	struct json_val root;
	struct record r;
	const char *why = NULL;
	__u8 x = 0;
	static struct pt_cgroup_note note;

	/* a sample the size of a cgroup note: one string of path_len, a known op, or refused */
	if (size == sizeof(note)) {
		memcpy(&note, data, sizeof(note));
		if (decode_cgroup_note(&note, sizeof(note)))
			fuzz_check(note.path_len && note.path_len <= PT_PATH_LEN &&
				   strnlen(note.path, PT_PATH_LEN) + 1 == note.path_len &&
				   note.op >= PT_CG_MKDIR && note.op <= PT_CG_RMDIR,
				   "a malformed cgroup note taken");
		fuzz_check(!decode_event(&note, sizeof(note)), "a cgroup note taken for an event");
	}
	if (size < sizeof(sample)) {
		fuzz_check(!decode_event(data, size), "a sample of %zu bytes taken", size);
		return 0;
	}
	/* aligned, as the ring buffer's samples are */
	memcpy(&sample, data, sizeof(sample));
	/*
	 * decode must refuse a path without its NUL (the capture reader would
	 * refuse the record); then the NUL is put there, so that the rest of
	 * the input goes on to the formatters
	 */
	if (sample.path_len && sample.path_len <= PT_PATH_LEN && sample.path[sample.path_len - 1]) {
		fuzz_check(!decode_event(&sample, sizeof(sample)), "a path without its NUL taken");
		sample.path[sample.path_len - 1] = '\0';
	}
	e = decode_event(&sample, sizeof(sample));
	if (!e)
		return 0;
	fuzz_check(e->path_len <= PT_PATH_LEN && e->syscall < PT_SYS_MAX &&
		   (!e->path_len || !e->path[e->path_len - 1]), "decode let through");
	if (p < end)
		x = (__u8)*p++;
	record_init(&r, e, e->task.ts_ns);
	r.seq = e->task.ts_ns >> 7;
	if (e->repeat)
		r.first_real_ns = r.real_ns - (e->task.ts_ns & 0xffff);
	userns_map_from_task(&e->task, &map);
	r.map = &map;
	take(&p, end, cgroup, sizeof(cgroup));
	take(&p, end, host_user, sizeof(host_user));
	take(&p, end, ns_user, sizeof(ns_user));
	r.cgroup_path = x & X_CGROUP ? cgroup : NULL;
	r.host_user = x & X_HOST_USER ? host_user : NULL;
	r.ns_user = x & X_NS_USER ? ns_user : NULL;
	r.ns_match = x & X_NS_MATCH ? !!(x & X_NS_MATCH_YES) : -1;
	if (x & X_CT) {
		memset(&ct, 0, sizeof(ct));
		ct.runtime = (enum ct_runtime)(1 + e->task.cgroup_id % (CT_RT_MAX - 1));
		take(&p, end, ct.id, sizeof(ct.id));
		take(&p, end, ct.meta.name, sizeof(ct.meta.name));
		take(&p, end, ct.meta.image, sizeof(ct.meta.image));
		take(&p, end, ct.meta.pod_name, sizeof(ct.meta.pod_name));
		take(&p, end, ct.meta.pod_namespace, sizeof(ct.meta.pod_namespace));
		take(&p, end, ct.meta.pod_uid, sizeof(ct.meta.pod_uid));
		take(&p, end, ct.meta.k8s_container, sizeof(ct.meta.k8s_container));
		memcpy(ct.cgroup, cgroup, sizeof(ct.cgroup));
		memcpy(ct.pod_uid, ct.meta.pod_uid, sizeof(ct.pod_uid));
		ct.meta_done = x & X_META_DONE;
		ct.meta.userns_host = x & X_USERNS_HOST;
		ct.meta.init_pid = (int)(e->task.ppid & 0x7fffffff);
		ct.meta.init_mntns = e->task.mntns_inum;
		ct.meta.init_pidns = e->task.pidns_inum;
		r.ct = &ct;
	}

	wbuf_reset(&json);
	json_record(&json, &r);
	one_line("json", &json, true);
	fuzz_check(!json_parse(json.buf, json.len - 1, &root) && root.type == JSON_OBJECT,
		   "json_scan refuses the record: %.*s", (int)json.len, json.buf);

	wbuf_reset(&text);
	text_record(&text, &r);
	if (text.len)
		one_line("text", &text, true);

	wbuf_reset(&sd);
	syslog_header(&sd, SYSLOG_FACILITY_AUTHPRIV, r.severity, r.real_ns, "host", 1,
		      r.action);
	syslog_sd(&sd, &r);
	one_line("syslog", &sd, false);
	fuzz_check(sd.buf[sd.len - 1] == ']', "structured data not closed: %.*s", (int)sd.len,
		   sd.buf);

	wbuf_reset(&cap);
	capture_record(&cap, &r);
	fuzz_check(!cap.oom && cap.len >= 4, "capture record");
	fuzz_check(!rebuild_capture(cap.buf, cap.len, &rb, &why),
		   "rebuild_capture refuses its own record: %s", why);
	wbuf_reset(&again);
	json_record(&again, &rb.r);
	same_json("from its capture record,");

	fuzz_check(!rebuild_json(json.buf, json.len - 1, &rb, &why),
		   "rebuild_json refuses its own line (%s): %.*s", why, (int)json.len, json.buf);
	wbuf_reset(&again);
	json_record(&again, &rb.r);
	same_json("from its JSON line,");
	return 0;
}
