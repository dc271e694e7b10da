// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The command line (options_parse, user/cli/options.h): the input split at
 * NULs is argv after "privtrace". Messages and --help go nowhere. A line
 * naming --config is skipped: the file could be any on this host, and
 * fuzz_config reads config files. The answer is one of the three, and
 * what was set is within the limits options.h gives.
 */
#include <string.h>

#include "fuzz.h"
#include "cli/options.h"

#define MAX_ARGS 64

static FILE *nowhere;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	nowhere = fz_nowhere();
	if (!nowhere)
		exit(1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2], *buf = malloc(size + 1), *p, *end;
	FILE *out = stdout;
	struct env env;
	int argc = 0, ret;

	fuzz_check(buf, "out of memory");
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = "privtrace";
	for (p = buf, end = buf + size; p <= end && argc <= MAX_ARGS; p += strlen(p) + 1) {
		/* --conf, --config=..., a prefix argp takes for it */
		if (!strncmp(p, "--conf", 6))
			goto out;
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	options_init(&env);
	stdout = nowhere;
	ret = options_parse(&env, argc, argv, nowhere);
	stdout = out;
	fuzz_check(ret == 0 || ret == 1 || ret == -1, "options_parse gave %d", ret);
	if (ret == 0) {
		fuzz_check(env.n_containers >= 0 && env.n_containers <= MAX_CONTAINER_MATCH,
			   "%d containers", env.n_containers);
		fuzz_check(env.n_sinks >= 0 && env.n_sinks <= MAX_SINKS, "%d sinks", env.n_sinks);
		fuzz_check(env.n_docker_sockets >= 0 && env.n_docker_sockets <= MAX_DOCKER_SOCKETS,
			   "%d docker sockets", env.n_docker_sockets);
		fuzz_check(env.n_scopes <= 1, "%d scopes", env.n_scopes);
		fuzz_check(env.output == OUT_AUTO || env.output == OUT_TEXT || env.output == OUT_JSON,
			   "output %d", env.output);
		if (env.run_argv)
			fuzz_check(env.run_argv[0], "run with no command");
	}
	if (ret == 1)
		fuzz_check(env.exit_now, "1 without help or version");
out:
	free(buf);
	return 0;
}
