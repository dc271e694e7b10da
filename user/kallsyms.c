// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"

int kallsyms_ranges(FILE *f, const char *const *names, int n, __u64 (*ranges)[2])
{
	char line[512], name[256], type;
	unsigned long long addr;
	int i, found = 0;

	for (i = 0; i < n; i++)
		ranges[i][0] = ranges[i][1] = 0;
	/* pass 1: where each function starts */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || !addr)
			continue;
		for (i = 0; i < n; i++)
			if (!ranges[i][0] && !strcmp(name, names[i]))
				ranges[i][0] = addr;
	}
	/* pass 2: it ends where the closest symbol above it starts */
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		for (i = 0; i < n; i++)
			if (ranges[i][0] && addr > ranges[i][0] &&
			    (!ranges[i][1] || addr < ranges[i][1]))
				ranges[i][1] = addr;
	}
	for (i = 0; i < n; i++) {
		if (ranges[i][0] && !ranges[i][1])
			ranges[i][0] = 0;
		if (ranges[i][0])
			found++;
	}
	return found;
}
