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
 *
 * The overcommit check comes with every mmap and brk, so walking the stack
 * for it (bpf_get_stack, about a microsecond) would cost more than the mmap.
 * Under tp_btf/cap_capable the program's context sits on the kernel stack a
 * fixed distance below cap_capable()'s return address, so that one word
 * names the caller: the loader finds the distance at start by making one
 * check of each kind itself (PT_CALIB_*) and sets noise_ra_off; until then,
 * under the other hooks, and whenever the word is neither of the two callers
 * it was calibrated on, the stack is walked.
 */
#ifndef PT_NOISE_BPF_H
#define PT_NOISE_BPF_H

#include "maps.bpf.h"

#define PT_CAP_SETPCAP 8
#define PT_CAP_SYS_PTRACE 19
#define PT_CAP_SYS_ADMIN 21
#define PT_NOISE_FRAMES 16

/*
 * bss, written by the loader (user/kernel/loader.c): the ranges between load and
 * attach (kallsyms is read while the verifier works), the rest once the
 * programs run
 */
__u64 noise_ranges[PT_NOISE_FUNCS][2]; /* [start, end) of each noise caller */
__u64 capable_range[2];                /* [start, end) of security_capable() */
__u32 noise_ra_off;   /* bytes from ctx to cap_capable()'s return address; 0 unknown */
__u32 calib_tid;      /* the loader's thread making the calibration checks */
__u32 calib_phase;    /* enum pt_calib_phase */
__u64 calib_words[PT_CALIB_PHASES][PT_CALIB_WORDS];

/* tp_btf/cap_capable only: copy the stack above ctx for the loader's own check. */
static __always_inline bool calibrating(void *ctx, int cap)
{
	__u32 phase = calib_phase;

	if (!phase || (__u32)bpf_get_current_pid_tgid() != calib_tid)
		return false;
	if ((phase == PT_CALIB_VM && cap == PT_CAP_SYS_ADMIN) ||
	    (phase == PT_CALIB_CAPABLE && cap == PT_CAP_SETPCAP))
		bpf_probe_read_kernel(calib_words[phase], sizeof(calib_words[phase]), ctx);
	return true;
}

static __always_inline bool in_range(__u64 ip, int from, int to)
{
	int j;

	for (j = from; j < to; j++)
		if (ip >= noise_ranges[j][0] && ip < noise_ranges[j][1])
			return true;
	return false;
}

struct frames {
	__u64 ips[PT_NOISE_FRAMES];
	long n;     /* frames in ips */
	bool noise;
};

static long frame_is_noise(__u64 i, void *ctx)
{
	struct frames *f = ctx;

	if (i >= PT_NOISE_FRAMES || i >= f->n)
		return 1;
	f->noise = in_range(f->ips[i], 0, PT_NOISE_FUNCS);
	return f->noise;
}

/* ra_slot: the program is tp_btf/cap_capable, where noise_ra_off applies. */
static __always_inline bool cap_is_noise(void *ctx, int cap, bool ra_slot)
{
	struct frames f = {};
	__u32 off = noise_ra_off;
	long n;

	if (cap != PT_CAP_SYS_ADMIN && cap != PT_CAP_SYS_PTRACE)
		return false;
	/*
	 * CAP_SYS_ADMIN is noise only from the overcommit accounting. The
	 * word names the caller only while the stack looks as it did at
	 * calibration: a second program on the tracepoint puts another frame
	 * in between. A word that is neither caller the calibration saw means
	 * the stack has moved, and it is walked.
	 */
	if (ra_slot && cap == PT_CAP_SYS_ADMIN && off && off < PT_CALIB_WORDS * 8) {
		__u64 ra = 0;

		bpf_probe_read_kernel(&ra, sizeof(ra), (void *)ctx + off);
		if (in_range(ra, 0, PT_NOISE_VM_FUNCS))
			return true;
		if (ra >= capable_range[0] && ra < capable_range[1])
			return false;
	}
	n = bpf_get_stack(ctx, f.ips, sizeof(f.ips), 0);
	if (n <= 0)
		return false;
	f.n = n / sizeof(__u64);
	bpf_loop(PT_NOISE_FRAMES, frame_is_noise, &f, 0);
	return f.noise;
}

#endif /* PT_NOISE_BPF_H */
