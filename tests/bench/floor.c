// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * floor [raw|syscall-tp]: load and attach the benchmark's floor
 * (floor.bpf.c), empty programs on the raw syscall tracepoints (raw, the
 * default) or on openat's own (syscall-tp), with cap_capable either way;
 * say so on stdout and hold them until SIGINT or SIGTERM. A hook the kernel
 * lacks (cap_capable before 6.14, the ctime tracepoints before 6.13) is
 * left out and named.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include <bpf/btf.h>

#include "floor.skel.h"

static volatile sig_atomic_t done;

static void on_signal(int sig)
{
	(void)sig;
	done = 1;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	struct bpf_link *links[12] = {};
	struct floor_bpf *skel;
	struct bpf_program *prog;
	int n = 0, i;
	bool tp = argc > 1 && !strcmp(argv[1], "syscall-tp");

	if (argc > 2 || (argc == 2 && !tp && strcmp(argv[1], "raw"))) {
		fprintf(stderr, "usage: floor [raw|syscall-tp]\n");
		return 2;
	}
	libbpf_set_print(quiet);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	skel = floor_bpf__open();
	if (skel) {
		struct btf *vmlinux = btf__load_vmlinux_btf();

		/* the capability:cap_capable tracepoint came in 6.14 */
		if (!vmlinux || btf__find_by_name_kind(vmlinux, "btf_trace_cap_capable",
						       BTF_KIND_TYPEDEF) <= 0) {
			fprintf(stderr, "floor: no cap_capable tracepoint here, left out\n");
			bpf_program__set_autoload(skel->progs.floor_cap_capable, false);
		}
		/* the timestamp tracepoints came in 6.13 */
		if (!vmlinux || btf__find_by_name_kind(vmlinux, "btf_trace_inode_set_ctime_to_ts",
						       BTF_KIND_TYPEDEF) <= 0) {
			fprintf(stderr, "floor: no ctime tracepoints here, left out\n");
			bpf_program__set_autoload(skel->progs.floor_ctime_set, false);
			bpf_program__set_autoload(skel->progs.floor_ctime_xchg, false);
			bpf_program__set_autoload(skel->progs.floor_ctime_skip, false);
		}
		btf__free(vmlinux);
		bpf_program__set_autoload(skel->progs.floor_sys_enter, !tp);
		bpf_program__set_autoload(skel->progs.floor_sys_exit, !tp);
		bpf_program__set_autoload(skel->progs.floor_tp_enter_openat, tp);
		bpf_program__set_autoload(skel->progs.floor_tp_exit_openat, tp);
		if (floor_bpf__load(skel)) {
			floor_bpf__destroy(skel);
			skel = NULL;
		}
	}
	if (!skel) {
		fprintf(stderr, "floor: cannot load: %s\n", strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, skel->obj) {
		if (n == 12)
			break;
		if (!bpf_program__autoload(prog))
			continue;
		links[n] = bpf_program__attach(prog);
		if (!links[n])
			fprintf(stderr, "floor: %s not attached: %s\n", bpf_program__name(prog),
				strerror(errno));
		else
			n++;
	}
	printf("floor: attached\n");
	fflush(stdout);
	while (!done)
		pause();
	for (i = 0; i < n; i++)
		bpf_link__destroy(links[i]);
	floor_bpf__destroy(skel);
	return 0;
}
