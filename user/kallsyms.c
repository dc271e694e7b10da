// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"

/*
 * /proc/kallsyms is generated as it is read (~40 ms for 120,000 symbols on
 * the 6.18 host): it is read once, into memory, and scanned there twice.
 */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap + 1), *bigger;
	size_t got;

	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			bigger = realloc(buf, cap + 1);
			if (!bigger) {
				free(buf);
				return NULL;
			}
			buf = bigger;
		}
	}
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

/* One "ADDR TYPE NAME[\t[MODULE]]" line at *p: its address and name; *p moves past it. */
static int next_symbol(char **p, unsigned long long *addr, const char **name, size_t *name_len)
{
	char *line = *p, *end, *nl;

	if (!*line)
		return 0;
	nl = strchr(line, '\n');
	*p = nl ? nl + 1 : line + strlen(line);
	*addr = strtoull(line, &end, 16);
	if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ') {
		*name = NULL; /* not a symbol line: skipped */
		return 1;
	}
	*name = end + 3;
	*name_len = strcspn(*name, " \t\n");
	return 1;
}

int kallsyms_ranges(FILE *f, const char *const *names, int n, __u64 (*ranges)[2])
{
	unsigned long long addr;
	const char *name;
	size_t len, name_len;
	char *buf, *p;
	int i, found = 0;

	for (i = 0; i < n; i++)
		ranges[i][0] = ranges[i][1] = 0;
	buf = slurp(f, &len);
	if (!buf)
		return 0;
	/* pass 1: where each function starts */
	for (p = buf; next_symbol(&p, &addr, &name, &name_len);) {
		if (!name || !addr)
			continue;
		for (i = 0; i < n; i++)
			if (!ranges[i][0] && strlen(names[i]) == name_len &&
			    !memcmp(name, names[i], name_len))
				ranges[i][0] = addr;
	}
	/* pass 2: it ends where the closest symbol above it starts (the table is not sorted) */
	for (p = buf; next_symbol(&p, &addr, &name, &name_len);) {
		if (!name)
			continue;
		for (i = 0; i < n; i++)
			if (ranges[i][0] && addr > ranges[i][0] &&
			    (!ranges[i][1] || addr < ranges[i][1]))
				ranges[i][1] = addr;
	}
	free(buf);
	for (i = 0; i < n; i++) {
		if (ranges[i][0] && !ranges[i][1])
			ranges[i][0] = 0;
		if (ranges[i][0])
			found++;
	}
	return found;
}
