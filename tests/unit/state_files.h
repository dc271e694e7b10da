/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Fake runtime state for the runtime tests: files written under a temporary
 * root, as a runtime would leave them on disk. The including test defines
 * `static char root[64]` and fills it (mkdtemp) before the first put().
 */
#ifndef PT_TEST_STATE_FILES_H
#define PT_TEST_STATE_FILES_H

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* root/rel with text in it, the directories on the way made. */
static inline void put(const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#endif
