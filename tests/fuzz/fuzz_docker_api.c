// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The Docker API client's HTTP reader and inspect parser: the input is a
 * daemon's whole answer. Its reader is static (it is fed from recv), so the
 * file is included here, and the archive's docker_api.o is then not linked.
 *
 * The first byte is how the answer arrives: 0 all at once, else in pieces
 * of that many bytes. The reader must give the same result both ways (the
 * framing cannot depend on where reads split), a body only with status 200,
 * never more than the bounds, and then docker_meta_from_json must fill
 * only NUL-terminated fields.
 */
#include "enrich/docker_api.c"

#include "fuzz.h"

struct result {
	int err;
	bool done;
	int status;
	char *body;
	size_t body_len;
};

/* As exchange() does: feed until done, then the close. */
static void run(const char *p, size_t n, size_t piece, struct result *res)
{
	struct http_reader *r = calloc(1, sizeof(*r));
	size_t off = 0, take;
	int err = 0;

	fuzz_check(r, "out of memory");
	while (!err && !r->done && off < n) {
		take = piece && piece < n - off ? piece : n - off;
		err = http_feed(r, p + off, take);
		off += take;
		fuzz_check(r->head_len <= DOCKER_HEAD_MAX && r->body_len <= DOCKER_BODY_MAX,
			   "bounds: head %zu body %zu", r->head_len, r->body_len);
		if (r->body)
			fuzz_check(r->body_len < r->body_cap && !r->body[r->body_len],
				   "body not NUL-terminated in its buffer");
	}
	if (!err && !r->done)
		err = http_eof(r);
	res->err = err;
	res->done = r->done;
	res->status = r->status;
	res->body = r->body;
	res->body_len = r->body_len;
	free(r);
}

static void check_meta(const struct ct_meta *m)
{
	const char *f[] = { m->name, m->image, m->pod_name, m->pod_namespace, m->pod_uid,
			    m->k8s_container };
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		fuzz_check(memchr(f[i], 0, CT_NAME_LEN), "field %zu not NUL-terminated", i);
	fuzz_check(m->init_pid >= 0, "init_pid %d", m->init_pid);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result whole, parts;
	struct ct_meta meta;

	if (!size)
		return 0;
	run((const char *)data + 1, size - 1, 0, &whole);
	run((const char *)data + 1, size - 1, data[0] ? data[0] : 1, &parts);
	fuzz_check(whole.err == parts.err && whole.done == parts.done &&
			   whole.status == parts.status,
		   "whole: err %d done %d status %d; in pieces of %u: err %d done %d status %d",
		   whole.err, whole.done, whole.status, data[0] ? data[0] : 1, parts.err,
		   parts.done, parts.status);
	if (!whole.err && whole.status == 200) {
		fuzz_check(whole.body_len == parts.body_len &&
				   (!whole.body_len || !memcmp(whole.body, parts.body, whole.body_len)),
			   "bodies differ: %zu and %zu bytes", whole.body_len, parts.body_len);
		if (!docker_meta_from_json(whole.body ? whole.body : "", whole.body_len, &meta))
			check_meta(&meta);
	}
	free(whole.body);
	free(parts.body);
	return 0;
}
