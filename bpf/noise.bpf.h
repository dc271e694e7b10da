/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capability checks that deny or grant nothing a user would call an access.
 * The kernel asks some questions with CAP_OPT_NOAUDIT only to pick a
 * behaviour, and the cap_capable tracepoint does not carry that flag:
 *  - security_vm_enough_memory_mm() / cap_vm_enough_memory(): CAP_SYS_ADMIN
 *    on every mmap/brk, to decide whether root may dip into the overcommit
 *    reserve (cap_vm_enough_memory tail-calls cap_capable on 6.18, so its
 *    caller is the frame on the stack);
 *  - do_task_stat(): CAP_SYS_PTRACE for every /proc/PID/stat that ps and top
 *    read, to decide whether to show kernel addresses.
 * Such a check is recognised by its caller: the loader resolves these
 * functions' address ranges from /proc/kallsyms and the program looks for a
 * return address inside one of them, wherever it happens (exec sets up its
 * stack through the same accounting). --all-caps turns this off.
 */
#ifndef PT_NOISE_BPF_H
#define PT_NOISE_BPF_H

#include "maps.bpf.h"

#define PT_CAP_SYS_PTRACE 19
#define PT_CAP_SYS_ADMIN 21
#define PT_NOISE_FRAMES 16

extern const volatile __u64 noise_ranges[PT_NOISE_FUNCS][2];

static __always_inline bool cap_is_noise(void *ctx, int cap)
{
	__u64 ips[PT_NOISE_FRAMES];
	long n;
	int i, j;

	if (cap != PT_CAP_SYS_ADMIN && cap != PT_CAP_SYS_PTRACE)
		return false;
	n = bpf_get_stack(ctx, ips, sizeof(ips), 0);
	if (n <= 0)
		return false;
	for (i = 0; i < PT_NOISE_FRAMES; i++) {
		if (i * sizeof(__u64) >= n)
			break;
		for (j = 0; j < PT_NOISE_FUNCS; j++)
			if (ips[i] >= noise_ranges[j][0] && ips[i] < noise_ranges[j][1])
				return true;
	}
	return false;
}

#endif /* PT_NOISE_BPF_H */
