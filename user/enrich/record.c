// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "enrich/record.h"
#include "event/names.h"

void record_init(struct record *r, const struct pt_event *e, __u64 real_ns)
{
	/* field by field: the explanation's text is not cleared first (a flood makes many records) */
	r->e = e;
	r->real_ns = real_ns;
	r->first_real_ns = e->repeat ? real_ns - (e->task.ts_ns - e->repeat_first_ns) : 0;
	r->seq = 0;
	r->ct = NULL;
	r->cgroup_path = NULL;
	r->map = NULL;
	r->host_user = NULL;
	r->ns_user = NULL;
	r->ns_match = -1;
	r->action = event_action(e);
	r->ok = event_success(e);
	r->severity = r->ok ? RECORD_SEV_NOTICE : RECORD_SEV_WARNING;
	explain_event(e, r->ok, &r->why);
}
