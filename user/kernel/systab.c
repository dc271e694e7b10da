// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "kernel/systab.h"

#define X32_SYSCALL_BIT 0x40000000u

static void fill(unsigned char *row, const struct systab_entry *t, size_t n, unsigned int strip)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned int nr = t[i].nr & ~strip;

		if (nr < PT_NR_MAX)
			row[nr] = t[i].ent;
	}
}

void systab_fill(struct pt_systab *t)
{
	int i;

	memset(t, 0, sizeof(*t));
	fill(t->sys[PT_ABI_64], systab_64, systab_64_len, 0);
	fill(t->sys[PT_ABI_IA32], systab_ia32, systab_ia32_len, 0);
	fill(t->sys[PT_ABI_X32], systab_x32, systab_x32_len, X32_SYSCALL_BIT);
	for (i = 0; i < 2; i++) {
		t->loader_nr[PT_ABI_64][i] = systab_64_loader[i];
		t->loader_nr[PT_ABI_IA32][i] = systab_ia32_loader[i];
		t->loader_nr[PT_ABI_X32][i] = systab_x32_loader[i] & ~X32_SYSCALL_BIT;
	}
}
