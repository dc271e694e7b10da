// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Seeds for fuzz_event (its input format is in fuzz_event.c): a few events
 * of each kind, from the unit tests' fixtures, with and without what
 * enrichment adds; and for fuzz_report, a capture and JSON lines of those
 * records. Made again when struct pt_event changes:
 *   make build/fuzz/gen_seeds && build/fuzz/gen_seeds tests/fuzz/corpus
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "enrich/record.h"
#include "format/capture.h"
#include "format/json.h"
#include "sink/capture.h"

static struct wbuf caps[8], lines;
static int n_caps;

/* The record fuzz_event would make of e and no enrichment: into the report seeds. */
static void keep(const struct pt_event *e)
{
	struct record r;

	record_init(&r, e, e->task.ts_ns);
	r.seq = n_caps + 1;
	capture_record(&caps[n_caps++], &r);
	json_record(&lines, &r);
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void report_seeds(const char *dir)
{
	struct capture_opts o = { 0 };
	char path[512], err[128];
	struct sink *s;
	int i;

	snprintf(path, sizeof(path), "%s/report/events.json", dir);
	write_file(path, lines.buf, lines.len);
	snprintf(path, sizeof(path), "%s/report/one.ptcap", dir);
	unlink(path);
	o.path = path;
	s = sink_capture_open(&o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "%s: %s\n", path, err);
		exit(1);
	}
	sink_capture_header(s, "format=privtrace capture\nhost=seed\n");
	for (i = 0; i < n_caps; i++) {
		struct sink_msg m = { .real_ns = 1795511046123456789ULL + i, .cap = caps[i].buf,
				      .cap_len = caps[i].len };

		sink_write(s, &m);
	}
	sink_close(s, 0);
}

static void seed(const char *dir, const char *name, const struct pt_event *e, const char *extra,
		 size_t extra_len)
{
	char path[512];
	FILE *f;

	keep(e);
	snprintf(path, sizeof(path), "%s/event/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(e, sizeof(*e), 1, f) != 1 || fwrite(extra, 1, extra_len, f) != extra_len ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

#define SEED(name, e, lit) seed(dir, name, &(e), lit, sizeof(lit) - 1)

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	struct pt_event e;

	/* container root denied CAP_SYS_ADMIN, in a Docker container, names known */
	e = base(PT_EV_CAP);
	e.cap.cap = CAP_SYS_ADMIN;
	e.ret = -EPERM;
	e.task.ts_ns = 1795511046123456789ULL;
	SEED("cap-docker", e, "\xff/system.slice/docker-" DOCKER_ID ".scope\0marc\0root\0"
	     DOCKER_ID "\0web\0nginx:1.27\0\0\0\0");
	/* a setuid(0) refused on the host, no enrichment */
	e = host_user(PT_EV_CRED, 1000);
	e.syscall = PT_SYS_setuid;
	e.ret = -EPERM;
	e.change.args[0] = 0;
	SEED("cred-host", e, "");
	/* a setuid exec */
	e = host_user(PT_EV_EXEC, 1000);
	e.syscall = PT_SYS_execve;
	set_path(&e, "/usr/bin/passwd", 16);
	SEED("exec-setuid", e, "\x20\0\0alice\0");
	/* a Kubernetes pod reading a host root-only file, hostile bytes in the path */
	e = base(PT_EV_FILE);
	e.syscall = PT_SYS_openat;
	e.flags = PT_F_HOST_ROOT_FILE | PT_F_OWNER | PT_F_IN_SYSCALL;
	e.file.mode = 0100600;
	set_path(&e, "/host/etc/\x1b[31mshadow\xe2\x80\xae", 25);
	SEED("file-k8s", e, "\x9b/kubepods/pod" K8S_POD_UID "/" K8S_ID "\0\0root\0" K8S_ID
	     "\0app\0quay.io/org/app:v2\0api-7d9\0prod\0" K8S_POD_UID "\0app\0");
	/* an ia32 open denied, folded repeats */
	e = ia32_open_denied();
	e.repeat = 12;
	e.repeat_first_ns = 1000;
	SEED("file-ia32-repeat", e, "\x08");
	report_seeds(dir);
	return 0;
}
