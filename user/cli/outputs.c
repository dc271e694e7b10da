// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/outputs.h"
#include "sink/capture.h"

int outputs_open(struct outputs *o, const struct env *env)
{
	bool to_stdout = false, text;
	const char *main_path = env->record ? NULL : env->write_path;
	char err[256];
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < env->n_sinks; i++)
		if (!strcmp(env->sinks[i], "stdout"))
			to_stdout = true;
	/* no sink named: stdout, unless this is a recording (its output is the capture) */
	if (!env->n_sinks && !env->record)
		to_stdout = true;
	if (env->record) {
		struct capture_opts co = { .path = env->write_path, .rotate_bytes = env->rotate_mb << 20,
					   .keep = env->keep ? env->keep : 10 };

		err[0] = '\0';
		o->capture = o->sinks[0] = sink_capture_open(&co, err, sizeof(err));
		if (!o->capture) {
			fprintf(stderr, "privtrace: cannot record into %s: %s\n", env->write_path, err);
			return -1;
		}
		o->n_sinks = 1;
	}
	if (main_path || to_stdout) {
		/* the table on a terminal, JSON lines elsewhere, unless -o says */
		text = env->output == OUT_TEXT ||
		       (env->output == OUT_AUTO && !main_path && isatty(STDOUT_FILENO));
		err[0] = '\0';
		o->sinks[o->n_sinks] = sink_main_open(main_path, text, err, sizeof(err));
		if (!o->sinks[o->n_sinks]) {
			fprintf(stderr, "privtrace: cannot open --write %s: %s\n",
				main_path ? main_path : "stdout", err[0] ? err : "failed");
			outputs_close(o, 0, &(unsigned long long){ 0 });
			return -1;
		}
		o->n_sinks++;
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
