// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/outputs.h"

int outputs_open(struct outputs *o, const struct env *env)
{
	bool to_stdout = env->n_sinks == 0, text;
	char err[256];
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < env->n_sinks; i++)
		if (!strcmp(env->sinks[i], "stdout"))
			to_stdout = true;
	if (env->write_path || to_stdout) {
		/* the table on a terminal, JSON lines elsewhere, unless -o says */
		text = env->output == OUT_TEXT ||
		       (env->output == OUT_AUTO && !env->write_path && isatty(STDOUT_FILENO));
		err[0] = '\0';
		o->sinks[0] = sink_main_open(env->write_path, text, err, sizeof(err));
		if (!o->sinks[0]) {
			fprintf(stderr, "privtrace: cannot open --write %s: %s\n", env->write_path,
				err[0] ? err : "failed");
			return -1;
		}
		o->n_sinks = 1;
		o->text_main = text;
	}
	for (i = 0; i < env->n_sinks; i++) {
		if (!strcmp(env->sinks[i], "stdout"))
			continue;
		err[0] = '\0';
		o->sinks[o->n_sinks] = sink_open(env->sinks[i], err, sizeof(err));
		if (!o->sinks[o->n_sinks]) {
			fprintf(stderr, "privtrace: --sink %s: %s\n", env->sinks[i],
				err[0] ? err : "cannot be opened");
			outputs_close(o, 0, &(unsigned long long){ 0 });
			return -1;
		}
		o->n_sinks++;
	}
	return 0;
}

void outputs_settle(struct outputs *o, int timeout_ms)
{
	int i;

	for (i = 0; i < o->n_sinks; i++)
		sink_settle(o->sinks[i], timeout_ms);
}

void outputs_close(struct outputs *o, int flush_ms, unsigned long long *dropped)
{
	int i;

	for (i = 0; i < o->n_sinks; i++)
		*dropped += sink_close(o->sinks[i], flush_ms);
	o->n_sinks = 0;
}
