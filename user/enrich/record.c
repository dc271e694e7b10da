// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "enrich/record.h"
#include "event/names.h"

void record_init(struct record *r, const struct pt_event *e, __u64 real_ns)
{
	memset(r, 0, sizeof(*r));
	r->e = e;
	r->real_ns = real_ns;
	if (e->repeat)
		r->first_real_ns = real_ns - (e->task.ts_ns - e->repeat_first_ns);
	r->ns_match = -1;
	r->action = event_action(e);
	r->ok = event_success(e);
	r->severity = r->ok ? RECORD_SEV_NOTICE : RECORD_SEV_WARNING;
	explain_event(e, &r->why);
}
