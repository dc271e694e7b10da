// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A passwd file's lookup (passwd_lookup, user/enrich/user_names.h): the
 * first four bytes are the uid asked for, the rest the file. The answer is
 * compared with a plain reading of the same rule: the first line, not
 * commented out, "name:x:UID:" with UID exactly the uid's digits.
 */
#include <string.h>

#include "fuzz.h"
#include "enrich/user_names.h"

static int reference(const char *t, size_t len, __u32 uid, char *name, size_t size)
{
	size_t start = 0, end, c1, c2, i;
	unsigned long long v;

	while (start < len) {
		for (end = start; end < len && t[end] != '\n'; end++)
			;
		for (c1 = start; c1 < end && t[c1] != ':'; c1++)
			;
		for (c2 = c1 + 1; c2 < end && t[c2] != ':'; c2++)
			;
		if (t[start] != '#' && c1 < end && c2 < end && c1 > start && c1 - start < size) {
			v = 0;
			for (i = c2 + 1; i < end && t[i] >= '0' && t[i] <= '9' && v <= 0xffffffffULL; i++)
				v = v * 10 + (t[i] - '0');
			if (i > c2 + 1 && i < end && t[i] == ':' && v == uid) {
				memcpy(name, t + start, c1 - start);
				name[c1 - start] = '\0';
				return 0;
			}
		}
		start = end + 1;
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char got[USER_NAME_LEN], want[USER_NAME_LEN];
	const char *t = (const char *)data + 4;
	size_t len = size - 4, n;
	__u32 uid;
	int a, b;

	if (size < 4)
		return 0;
	memcpy(&uid, data, 4);
	/* uids a passwd has: small ones, so the fuzzer finds matching lines */
	if (uid & 0x80000000u)
		uid &= 0xffff;
	for (n = 1; n <= sizeof(got); n += sizeof(got) - 1) {
		memset(got, 'X', sizeof(got));
		a = passwd_lookup(t, len, uid, got, n);
		b = reference(t, len, uid, want, n);
		fuzz_check(a == b, "uid %u, size %zu: %d, the rule says %d", uid, n, a, b);
		if (!a) {
			fuzz_check(!strcmp(got, want), "uid %u: '%s', the rule says '%s'", uid, got, want);
			fuzz_check(strlen(got) < n && !strpbrk(got, ":\n"), "name '%s'", got);
		}
	}
	return 0;
}
