/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PT_CREDS_BPF_H
#define PT_CREDS_BPF_H

#include "maps.bpf.h"

/* Did an exec raise privileges: another euid/egid, or capabilities gained? */
static __always_inline bool raised(const struct pt_creds *o, const struct pt_creds *n)
{
	return n->host.euid != o->host.euid || n->host.egid != o->host.egid ||
	       (n->cap_permitted & ~o->cap_permitted) || (n->cap_effective & ~o->cap_effective);
}

#endif
