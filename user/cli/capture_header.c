// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <argp.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli/capture_header.h"
#include "format/capture.h"
#include "lib/clock.h"
#include "lib/timefmt.h"
#include "privtrace.h"

/* argp_program_version, the one version string (cli/options.c) */

/* A value of one line: a newline or a control byte cannot start a line of its own. */
static void value(struct wbuf *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '\\') {
			wbuf_lit(w, "\\x");
			wbuf_ch(w, hex[c >> 4]);
			wbuf_ch(w, hex[c & 15]);
		} else {
			wbuf_ch(w, (char)c);
		}
	}
}

static void line(struct wbuf *w, const char *key, const char *v)
{
	wbuf_str(w, key);
	wbuf_ch(w, '=');
	value(w, v);
	wbuf_ch(w, '\n');
}

static void line_u64(struct wbuf *w, const char *key, __u64 v)
{
	wbuf_str(w, key);
	wbuf_ch(w, '=');
	wbuf_u64(w, v);
	wbuf_ch(w, '\n');
}

void capture_header(struct wbuf *w, const struct env *env, const struct probe *p, int argc,
		    char **argv)
{
	struct utsname u;
	__u64 now = clock_real_now();
	int i;

	line(w, "format", "privtrace capture");
	line_u64(w, "format_version", CAP_FORMAT_VERSION);
	line(w, "writer", argp_program_version);
	if (!uname(&u)) {
		line(w, "host", u.nodename);
		line(w, "kernel", u.release);
		line(w, "kernel_version", u.version);
		line(w, "machine", u.machine);
	}
	wbuf_lit(w, "started=");
	timefmt_rfc3339(w, now);
	wbuf_ch(w, '\n');
	line_u64(w, "started_ns", now);
	/* wall time of an event = its CLOCK_BOOTTIME + this */
	line_u64(w, "boot_offset_ns", clock_boot_to_real(0));
	line(w, "byte_order", "little");
	line_u64(w, "event_size", sizeof(struct pt_event));
	line(w, "backend.capability", cap_backend_name(p->cap));
	line(w, "backend.syscalls", sys_backend_name(p->sys));
	for (i = 0; i < FAM_LSM_MAX; i++) {
		wbuf_lit(w, "backend.");
		wbuf_str(w, probe_family_name(i));
		wbuf_ch(w, '=');
		value(w, probe_family_programs(p, i));
		wbuf_ch(w, '\n');
	}
	line(w, "coalesce", env->no_coalesce ? "off" : "on");
	wbuf_lit(w, "command=");
	for (i = 0; i < argc; i++) {
		if (i)
			wbuf_ch(w, ' ');
		value(w, argv[i]);
	}
	wbuf_ch(w, '\n');
}
