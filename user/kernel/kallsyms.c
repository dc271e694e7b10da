// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kernel/kallsyms.h"

/*
 * /proc/kallsyms is generated as it is read (~30 ms for 120,000 symbols on
 * the 6.18 host, ten times that under emulation), so as little of it is
 * read as the answer needs. Its first part, the kernel's own symbols, is
 * sorted by address (scripts/kallsyms sorts it); then come the modules'
 * (a tab and [module] after the name), BPF's and others', in no order. A
 * built-in function therefore ends where the next line with a higher
 * address starts, and once every name is found there and closed, the rest
 * is not read. Otherwise (a name missing, or found past the sorted part)
 * the whole table is read and each function ends at the closest symbol
 * above it anywhere.
 */

struct sym {
	unsigned long long addr;
	const char *name;
	size_t name_len;
	bool module; /* past the sorted part */
};

/* One "ADDR TYPE NAME[\t[MODULE]]" line at *p, complete (newline-ended); *p moves past it. */
static bool next_symbol(char **p, const char *end, struct sym *s)
{
	char *line = *p, *nl, *after;

	nl = memchr(line, '\n', end - line);
	if (!nl)
		return false;
	*p = nl + 1;
	s->addr = strtoull(line, &after, 16);
	if (after == line || after + 3 > nl || after[0] != ' ' || after[2] != ' ') {
		s->name = NULL; /* not a symbol line: skipped */
		return true;
	}
	s->name = after + 3;
	s->name_len = strcspn(s->name, " \t\n");
	s->module = s->name[s->name_len] == '\t';
	return true;
}

static bool is_name(const struct sym *s, const char *name)
{
	return s->name && strlen(name) == s->name_len && !memcmp(s->name, name, s->name_len);
}

/*
 * The sorted part, as far as it has been read: starts and ends, each end the
 * first line after the start with a higher address. True when every name is
 * found and closed there: nothing further can change the answer.
 */
static bool scan_sorted(char **p, const char *end, const char *const *names, int n,
			__u64 (*ranges)[2], bool *left_sorted)
{
	struct sym s;
	int i, open;

	while (next_symbol(p, end, &s)) {
		if (!s.name)
			continue;
		if (s.module) {
			*left_sorted = true;
			return false;
		}
		for (i = 0, open = 0; i < n; i++) {
			if (ranges[i][0] && !ranges[i][1] && s.addr > ranges[i][0])
				ranges[i][1] = s.addr;
			if (!ranges[i][0] && s.addr && is_name(&s, names[i]))
				ranges[i][0] = s.addr;
			open += !ranges[i][1];
		}
		if (!open)
			return true;
	}
	return false;
}

/* The whole table, in any order: two passes, as the unsorted parts need. */
static void scan_all(char *buf, const char *end, const char *const *names, int n,
		     __u64 (*ranges)[2])
{
	struct sym s;
	char *p;
	int i;

	for (i = 0; i < n; i++)
		ranges[i][0] = ranges[i][1] = 0;
	/* pass 1: where each function starts */
	for (p = buf; next_symbol(&p, end, &s);)
		for (i = 0; s.name && s.addr && i < n; i++)
			if (!ranges[i][0] && is_name(&s, names[i]))
				ranges[i][0] = s.addr;
	/* pass 2: it ends where the closest symbol above it starts */
	for (p = buf; next_symbol(&p, end, &s);)
		for (i = 0; s.name && i < n; i++)
			if (ranges[i][0] && s.addr > ranges[i][0] &&
			    (!ranges[i][1] || s.addr < ranges[i][1]))
				ranges[i][1] = s.addr;
}

/*
 * The text is megabytes, read once, on a thread of its own: mapped and
 * unmapped, not malloc'd, so that it leaves no thread arena behind holding
 * its pages for the rest of the run (malloc_trim does not shrink those).
 */
int kallsyms_ranges(FILE *f, const char *const *names, int n, __u64 (*ranges)[2])
{
	size_t cap = 1 << 20, len = 0, got;
	char *buf = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *bigger, *scan;
	bool done = false, left_sorted = false;
	int i, found = 0;

	for (i = 0; i < n; i++)
		ranges[i][0] = ranges[i][1] = 0;
	if (buf == MAP_FAILED)
		return 0;
	scan = buf;
	while (!done && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (!left_sorted) {
			done = scan_sorted(&scan, buf + len, names, n, ranges, &left_sorted);
			if (done)
				break;
		}
		if (len == cap) {
			size_t off = scan - buf;

			bigger = mremap(buf, cap, cap * 2, MREMAP_MAYMOVE);
			if (bigger == MAP_FAILED) {
				munmap(buf, cap);
				return 0;
			}
			cap *= 2;
			buf = bigger;
			scan = buf + off;
		}
	}
	if (!done)
		scan_all(buf, buf + len, names, n, ranges);
	munmap(buf, cap);
	for (i = 0; i < n; i++) {
		if (ranges[i][0] && !ranges[i][1])
			ranges[i][0] = 0;
		if (ranges[i][0])
			found++;
	}
	return found;
}
