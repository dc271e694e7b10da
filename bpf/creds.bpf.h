/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PT_CREDS_BPF_H
#define PT_CREDS_BPF_H

#include "emit.bpf.h"

/* Did an exec raise privileges: another euid/egid, or capabilities gained? */
static __always_inline bool raised(const struct pt_creds *o, const struct pt_creds *n)
{
	return n->host.euid != o->host.euid || n->host.egid != o->host.egid ||
	       (n->cap_permitted & ~o->cap_permitted) || (n->cap_effective & ~o->cap_effective);
}

/* Fill an exec event from the credentials before and after and submit it. */
static __always_inline void exec_event_submit(struct pt_event *e, const struct pt_creds *old,
					      const struct pt_creds *now,
					      struct linux_binprm *bprm)
{
	long n;

	e->cred = *old;
	e->change.new_cred = *now;
	if (BPF_CORE_READ_BITFIELD_PROBED(bprm, secureexec))
		e->flags |= PT_F_SECUREEXEC;
	n = bpf_probe_read_kernel_str(e->path, sizeof(e->path), BPF_CORE_READ(bprm, filename));
	if (n > 0) {
		e->path_len = n;
		if (n == sizeof(e->path))
			e->flags |= PT_F_PATH_TRUNC;
	}
	bpf_ringbuf_submit(e, 0);
}

#endif
