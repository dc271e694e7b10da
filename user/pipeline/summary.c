// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "event/names.h"
#include "pipeline/summary.h"

void summary_add(struct summary *s, const struct record *r)
{
	const struct pt_event *e = r->e;
	const char *action = r->action;
	int i;

	for (i = 0; i < SUMMARY_ACTIONS; i++) {
		if (!s->action[i])
			s->action[i] = action;
		if (!strcmp(s->action[i], action))
			break;
	}
	if (i == SUMMARY_ACTIONS)
		return;
	/* a repeat record stands for its count of events */
	if (r->ok)
		s->ok[i] += e->repeat ? e->repeat : 1;
	else
		s->failed[i] += e->repeat ? e->repeat : 1;
	if (e->repeat) {
		s->folded += e->repeat;
		s->repeat_records++;
	}
}

void summary_print(FILE *out, const struct summary *s, unsigned long long lost,
		   unsigned long long untracked, unsigned long long filtered,
		   unsigned long long unnamed, unsigned long long sink_dropped,
		   unsigned long long unsent_at_exit)
{
	unsigned long long total = 0;
	int i;

	for (i = 0; i < SUMMARY_ACTIONS && s->action[i]; i++)
		total += s->ok[i] + s->failed[i];
	fprintf(out, "privtrace: summary: %llu events", total);
	for (i = 0; i < SUMMARY_ACTIONS && s->action[i]; i++)
		fprintf(out, ", %s %llu ok %llu failed", s->action[i], s->ok[i], s->failed[i]);
	if (s->folded)
		fprintf(out, "; coalesced %llu into %llu repeat records", s->folded, s->repeat_records);
	fprintf(out, "; lost %llu", lost);
	if (untracked)
		fprintf(out, "; untracked syscalls %llu", untracked);
	if (filtered)
		fprintf(out, "; filtered %llu", filtered);
	if (unnamed)
		fprintf(out, "; unnamed %llu", unnamed);
	if (sink_dropped) {
		fprintf(out, "; dropped by sinks %llu", sink_dropped);
		/* queued when the last health record went out (it among them): never sent */
		if (unsent_at_exit && unsent_at_exit <= sink_dropped)
			fprintf(out, " (%llu of them queued after the last health record, it included, "
				     "never sent)", unsent_at_exit);
	}
	if (s->malformed)
		fprintf(out, "; malformed %llu", s->malformed);
	fputc('\n', out);
}
