// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The config file (config_load, user/cli/config.h): the input is the file,
 * read from a memfd through /proc/self/fd (a regular file, no disk), and
 * each setting goes to options_parse_one as privtrace would hand it. A name
 * handed over is one word; a line's values are kept by our apply, then
 * freed with the input's env (privtrace keeps them for its life).
 */
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "fuzz.h"
#include "cli/config.h"
#include "cli/options.h"

static int fd = -1;
static char path[64];
static FILE *nowhere;

struct kept {
	struct env env;
	char *values[4096];
	size_t n;
};

static int apply(void *arg, const char *name, char *value, char *why, size_t why_len)
{
	struct kept *k = arg;
	int ret;

	/* a "#" inside a name is no comment: only at a line's start or after a blank */
	fuzz_check(name[0] && !strpbrk(name, " \t\r\v\f=") && name[0] != '#',
		   "setting name '%s'", name);
	ret = options_parse_one(&k->env, name, value, why, why_len);
	if (!ret && value) {
		fuzz_check(k->n < sizeof(k->values) / sizeof(k->values[0]), "too many values");
		k->values[k->n++] = value;
	}
	if (ret)
		fuzz_check(why[0] && memchr(why, 0, why_len), "refused without a reason");
	return ret;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fd = memfd_create("pt-fuzz-config", MFD_CLOEXEC);
	nowhere = fz_nowhere();
	if (fd < 0 || !nowhere) {
		perror("fuzz_config: memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kept k;
	size_t i;

	fuzz_check(!ftruncate(fd, 0) && pwrite(fd, data, size, 0) == (ssize_t)size, "memfd");
	options_init(&k.env);
	k.n = 0;
	(void)config_load(path, apply, &k, nowhere);
	for (i = 0; i < k.n; i++)
		free(k.values[i]);
	return 0;
}
