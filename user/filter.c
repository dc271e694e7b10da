// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "filter.h"

void filter_init(struct filter *f, const struct env *env)
{
	f->scope = env->scope;
	f->match = env->containers;
	f->n_match = env->n_containers;
}

/* `docker ps` ids are any prefix of the full id; a name must match whole. */
static bool matches(const struct container *ct, const char *want)
{
	size_t n = strlen(want);

	if (ct->meta.name[0] && !strcmp(ct->meta.name, want))
		return true;
	return n <= strlen(ct->id) && !strncmp(ct->id, want, n);
}

bool filter_pass(const struct filter *f, const struct record *r)
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
	for (i = 0; i < f->n_match; i++)
		if (matches(r->ct, f->match[i]))
			return true;
	return false;
}

bool filter_needs_names(const struct filter *f)
{
	return f->n_match > 0;
}
