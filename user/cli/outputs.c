// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli/outputs.h"

int outputs_open(struct outputs *o, const struct env *env)
{
	bool to_stdout = env->n_sinks == 0;
	char err[256];
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < env->n_sinks; i++) {
		if (!strcmp(env->sinks[i], "stdout")) {
			to_stdout = true;
			continue;
		}
		err[0] = '\0';
		o->sinks[o->n_sinks] = sink_open(env->sinks[i], err, sizeof(err));
		if (!o->sinks[o->n_sinks]) {
			fprintf(stderr, "privtrace: --sink %s: %s\n", env->sinks[i],
				err[0] ? err : "cannot be opened");
			goto fail;
		}
		o->n_sinks++;
	}
	if (env->write_path) {
		o->out = fopen(env->write_path, "a");
		if (!o->out) {
			fprintf(stderr, "privtrace: cannot open --write %s: %s\n", env->write_path,
				strerror(errno));
			goto fail;
		}
	} else if (to_stdout) {
		o->out = stdout;
	}
	o->json = env->output == OUT_JSON ||
		  (env->output == OUT_AUTO && o->out && !isatty(fileno(o->out)));
	return 0;
fail:
	outputs_close(o, env, 0, &(unsigned long long){ 0 });
	return -1;
}

int outputs_close(struct outputs *o, const struct env *env, int flush_ms,
		  unsigned long long *dropped)
{
	int i, ret = 0;

	for (i = 0; i < o->n_sinks; i++)
		*dropped += sink_close(o->sinks[i], flush_ms);
	o->n_sinks = 0;
	if (o->out && o->out != stdout && fclose(o->out)) {
		fprintf(stderr, "privtrace: closing %s: %s\n", env->write_path, strerror(errno));
		ret = -1;
	}
	o->out = NULL;
	return ret;
}
