// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "kernel/privileges.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static const struct {
	int cap;
	const char *name, *without;
} optional[] = {
	{ CAP_DAC_READ_SEARCH, "CAP_DAC_READ_SEARCH",
	  "a cgroup id whose task is gone cannot be turned back into its directory "
	  "(open_by_handle_at): such events may lose their container" },
	{ CAP_SYS_PTRACE, "CAP_SYS_PTRACE",
	  "other users' /proc/PID/root and namespaces cannot be read: container user names "
	  "(privtrace.ns.user_name) and the namespace cross-check are missing" },
	{ CAP_SYSLOG, "CAP_SYSLOG",
	  "/proc/kallsyms shows no addresses: the noise filter is off, and more capability "
	  "checks are shown (none is lost)" },
};

static bool has(const struct __user_cap_data_struct d[2], int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

int privileges_check(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { { 0 } };
	bool admin;
	size_t i;

	if (syscall(SYS_capget, &h, d)) {
		perror("privtrace: capget");
		return -1;
	}
	admin = has(d, CAP_SYS_ADMIN);
	if (!admin && (!has(d, CAP_BPF) || !has(d, CAP_PERFMON))) {
		fprintf(stderr, "privtrace: this root lacks %s%s%s (its capabilities are bounded: a "
				"container, or a unit's CapabilityBoundingSet): loading and attaching "
				"the BPF programs needs CAP_BPF and CAP_PERFMON (dist/privtrace.service "
				"lists what privtrace needs)\n",
			has(d, CAP_BPF) ? "" : "CAP_BPF",
			!has(d, CAP_BPF) && !has(d, CAP_PERFMON) ? " and " : "",
			has(d, CAP_PERFMON) ? "" : "CAP_PERFMON");
		return -1;
	}
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if (!has(d, optional[i].cap))
			fprintf(stderr, "privtrace: no %s: %s\n", optional[i].name, optional[i].without);
	return 0;
}
