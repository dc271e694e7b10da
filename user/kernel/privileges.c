// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "kernel/privileges.h"
#include "kernel/syscall_filter.h"

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

typedef unsigned long long capmask;

#define BIT(cap) (1ULL << (cap))

static int cap_get(capmask *eff, capmask *prm)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	if (syscall(SYS_capget, &h, d))
		return -errno;
	*eff = d[0].effective | (capmask)d[1].effective << 32;
	*prm = d[0].permitted | (capmask)d[1].permitted << 32;
	return 0;
}

/* the calling thread's sets; inheritable always empty */
static int cap_set(capmask eff, capmask prm)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = {
		{ .effective = (__u32)eff, .permitted = (__u32)prm },
		{ .effective = (__u32)(eff >> 32), .permitted = (__u32)(prm >> 32) },
	};

	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

int privileges_drop(int (*bpf_ok)(void *arg), void *arg, bool keep_kill)
{
	capmask eff, prm, keep;
	int err;

	err = cap_get(&eff, &prm);
	if (err)
		goto fail;
	keep = prm & (BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_SYS_PTRACE) |
		      (keep_kill ? BIT(CAP_KILL) : 0));
	/*
	 * The bounding set is left: it bounds what an exec could give, and
	 * no_new_privs and the filter's refusal of exec leave none to bound
	 * (dropping each of ~40 would be ~40 CAP_SETPCAP checks in every
	 * other tracer's and auditor's log at each start).
	 */
	/* what is still needed of bpf(), asked with nothing but the kept set */
	err = cap_set(keep, prm);
	if (err)
		goto fail;
	err = bpf_ok(arg);
	if (err == -EPERM && (prm & BIT(CAP_BPF))) {
		keep |= BIT(CAP_BPF);
		err = cap_set(keep, prm);
		if (err)
			goto fail;
		err = bpf_ok(arg);
		if (!err)
			fprintf(stderr, "privtrace: this kernel refuses bpf() without CAP_BPF "
					"(kernel.unprivileged_bpf_disabled, before Linux 6.5): "
					"CAP_BPF is kept to read the ring buffer's counters\n");
	}
	if (err) {
		fprintf(stderr, "privtrace: the BPF maps cannot be read once privileges are "
				"dropped: %s\n", strerror(-err));
		return -1;
	}
	err = cap_set(keep, keep);
	if (err)
		goto fail;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL) {
		err = -errno;
		goto fail;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		err = -errno;
		goto fail;
	}
	/* nothing to confirm: a refused drop is an error, never a quiet full set */
	err = cap_get(&eff, &prm);
	if (err || eff != keep || prm != keep) {
		fprintf(stderr, "privtrace: capabilities still held after the drop\n");
		return -1;
	}
	return syscall_filter_install();
fail:
	fprintf(stderr, "privtrace: dropping privileges failed: %s\n", strerror(-err));
	return -1;
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
