// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What `privtrace report` reads from files users hand it (incident
 * captures, JSON lines, gzip'd or not; user/report/source.h), each record
 * made again (rebuild_capture, rebuild_json) and written as JSON. The input
 * is the file, from a memfd through /proc/self/fd. Whatever it holds, each
 * record rebuilt must write a safe JSON line our reader takes, and that
 * line rebuilt must write itself again.
 */
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "fuzz.h"
#include "format/json.h"
#include "lib/json_scan.h"
#include "report/rebuild_capture.h"
#include "report/rebuild_json.h"
#include "report/source.h"

static int fd = -1;
static char path[64];
static FILE *nowhere;
static struct wbuf w, again;
static struct rebuilt rb, rb2;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fd = memfd_create("pt-fuzz-report", MFD_CLOEXEC);
	nowhere = fz_nowhere();
	if (fd < 0 || !nowhere) {
		perror("fuzz_report: memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

static void written_again(void)
{
	struct json_val root;
	const char *why = NULL;

	wbuf_reset(&w);
	json_record(&w, &rb.r);
	fuzz_check(!w.oom && w.len && w.buf[w.len - 1] == '\n', "json_record of a rebuilt record");
	fz_check_safe("rebuilt json", w.buf, w.len, 1);
	fuzz_check(!json_parse(w.buf, w.len - 1, &root) && root.type == JSON_OBJECT,
		   "json_scan refuses %.*s", (int)w.len, w.buf);
	fuzz_check(!rebuild_json(w.buf, w.len - 1, &rb2, &why), "rebuild_json refuses (%s) %.*s",
		   why, (int)w.len, w.buf);
	wbuf_reset(&again);
	json_record(&again, &rb2.r);
	fuzz_check(again.len == w.len && !memcmp(again.buf, w.buf, w.len),
		   "not the same line again:\n%.*s%.*s", (int)w.len, w.buf, (int)again.len,
		   again.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *err = stderr;
	const char *why;
	struct source *s;
	struct item it;
	int n = 0, ok;

	fuzz_check(!ftruncate(fd, 0) && pwrite(fd, data, size, 0) == (ssize_t)size, "memfd");
	/* its damage reports go nowhere; the sanitizers write to fd 2 still */
	stderr = nowhere;
	s = source_open(path);
	while (s && n++ < 10000 && source_next(s, &it)) {
		why = NULL;
		ok = -1;
		if (it.kind == ITEM_CAPTURE_EVENT)
			ok = rebuild_capture(it.p, it.len, &rb, &why);
		else if (it.kind == ITEM_JSON)
			ok = rebuild_json(it.p, it.len, &rb, &why);
		else
			fuzz_check(it.kind == ITEM_CAPTURE_METRIC && it.json, "item kind %d", it.kind);
		if (!ok)
			written_again();
		else if (why)
			fuzz_check(why[0], "refused without a reason");
	}
	if (s)
		source_close(s);
	stderr = err;
	return 0;
}
