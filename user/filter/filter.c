// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include <string.h>

#include "filter/filter.h"

/*
 * A name must match whole; an id by a prefix of at least the 12 digits
 * `docker ps` shows, so that a short name made of hex letters ("cafe", "db")
 * never also selects every container whose id happens to start with it.
 */
bool filter_matches(const struct container *ct, const char *want)
{
	size_t n = strlen(want);

	if (ct->meta.name[0] && !strcmp(ct->meta.name, want))
		return true;
	if (!strcmp(ct->id, want)) /* LXC and nspawn: the id is the name */
		return true;
	return n >= FILTER_MIN_ID_PREFIX && n <= strlen(ct->id) && !strncmp(ct->id, want, n);
}

bool filter_pass(struct filter *f, const struct record *r)
{
	int i;

	if (f->scope == SCOPE_HOST)
		return !r->ct;
	if (f->scope == SCOPE_CONTAINERS && !r->ct)
		return false;
	if (!f->n_match)
		return true;
	if (!r->ct)
		return false;
	for (i = 0; i < f->n_match && i < FILTER_MAX_MATCH; i++)
		if (filter_matches(r->ct, f->match[i])) {
			f->hits[i]++;
			return true;
		}
	return false;
}

void filter_report_unmatched(const struct filter *f, bool names_known, FILE *out)
{
	int i;

	for (i = 0; i < f->n_match && i < FILTER_MAX_MATCH; i++) {
		if (f->hits[i])
			continue;
		/* the pattern is the user's own, but it goes to a terminal: printable ASCII only */
		fputs("privtrace: --container ", out);
		for (const char *c = f->match[i]; *c; c++)
			fputc(*c > 0x20 && *c < 0x7f ? *c : '?', out);
		fprintf(out, " matched no event%s\n",
			names_known ? "" : ": no container runtime named a container, so only an id (or a "
					   "prefix of 12 or more digits) can match");
	}
}
