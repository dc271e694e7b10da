// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "verify/trace.h"

#define MAX_ARGS 64

int trace_files_make(struct trace_files *t, const char *records, const char *what)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(t->base, sizeof(t->base), "%.200s/privtrace-verify.XXXXXX",
		 tmp && *tmp == '/' && strlen(tmp) <= 200 ? tmp : "/tmp");
	if (!mkdtemp(t->base)) {
		fprintf(stderr, "privtrace verify: %s: cannot make a private directory: %s\n", what,
			strerror(errno));
		return -1;
	}
	t->own_records = !records;
	if (records)
		snprintf(t->records, sizeof(t->records), "%.299s", records);
	else
		snprintf(t->records, sizeof(t->records), "%.255s/records.json", t->base);
	snprintf(t->err, sizeof(t->err), "%.255s/tracer.err", t->base);
	t->from = trace_size(t->records);
	return 0;
}

void trace_files_remove(struct trace_files *t)
{
	if (t->own_records)
		unlink(t->records);
	unlink(t->err);
	if (rmdir(t->base))
		fprintf(stderr, "privtrace verify: could not remove %s: %s\n", t->base, strerror(errno));
}

int trace_args_json(char **args, struct trace_files *t)
{
	args[0] = "-o";
	args[1] = "json";
	args[2] = "-w";
	args[3] = t->records;
	return 4;
}

/* waitpid with a deadline: the status, or -1 once timeout_ms passed */
static int wait_for(pid_t pid, int timeout_ms, int *status)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	int waited;

	for (waited = 0; waited < timeout_ms; waited += 50) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		nanosleep(&tick, NULL);
	}
	return -1;
}

/* The tracer's last line on stderr but its summary: what stopped it. */
static void trace_last_words(const char *err_path, char *buf, size_t len)
{
	FILE *e = fopen(err_path, "re");
	char line[512];

	buf[0] = 0;
	while (e && fgets(line, sizeof(line), e))
		if (strncmp(line, "privtrace: summary", 18)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(buf, len, "%.200s", line);
		}
	if (e)
		fclose(e);
}

int trace_run(char *const *args, int out_fd, const char *err_path, int timeout_s, char *why,
	      size_t why_len)
{
	char *argv[MAX_ARGS + 2] = { "privtrace" }, last[256];
	int i, n, status = 0;
	pid_t pid;

	for (i = 0; args[i]; i++) {
		if (i == MAX_ARGS) {
			snprintf(why, why_len, "too many arguments for the tracer");
			return -1;
		}
		argv[i + 1] = args[i];
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_len, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		int out = out_fd >= 0 ? out_fd : open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (err < 0 || out < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		signal(SIGPIPE, SIG_DFL);
		/* this very binary: the tracer is privtrace itself */
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	if (wait_for(pid, timeout_s * 1000, &status)) {
		kill(pid, SIGTERM);
		if (wait_for(pid, 10000, &status)) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
		n = snprintf(why, why_len, "privtrace's tracer did not end within %d s", timeout_s);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		return 0;
	} else if (WIFEXITED(status)) {
		n = snprintf(why, why_len, "privtrace's tracer exited with %d", WEXITSTATUS(status));
	} else {
		n = snprintf(why, why_len, "privtrace's tracer was killed by signal %d",
			     WTERMSIG(status));
	}
	/* its own last word, with the cause: its stderr goes with the directory */
	trace_last_words(err_path, last, sizeof(last));
	if (last[0] && n > 0 && (size_t)n < why_len)
		snprintf(why + n, why_len - (size_t)n, ": %s", last);
	return -1;
}

long trace_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (long)st.st_size;
}

int trace_records(const char *path, long from, void (*fn)(const struct json_val *rec, void *arg),
		  void *arg)
{
	FILE *f = fopen(path, "re");
	size_t cap = 0;
	char *line = NULL;
	ssize_t n;

	if (!f)
		return -1;
	if (from && fseek(f, from, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		struct json_val rec;

		if (!json_parse(line, (size_t)n, &rec) && rec.type == JSON_OBJECT)
			fn(&rec, arg);
	}
	free(line);
	fclose(f);
	return 0;
}

void trace_cite(const struct json_val *rec, struct cited *c)
{
	char action[16] = "", cap[32] = "", sys[24] = "", path[160] = "", outcome[16] = "";
	char err[24] = "", code[32] = "", reason[200] = "";
	long long seq = 0;
	int len;

	json_get_int(rec, JSON_PATH("event", "sequence"), &seq);
	json_get_string(rec, JSON_PATH("event", "action"), action, sizeof(action));
	json_get_string(rec, JSON_PATH("privtrace", "capability", "name"), cap, sizeof(cap));
	json_get_string(rec, JSON_PATH("privtrace", "syscall"), sys, sizeof(sys));
	json_get_string(rec, JSON_PATH("file", "path"), path, sizeof(path));
	json_get_string(rec, JSON_PATH("event", "outcome"), outcome, sizeof(outcome));
	json_get_string(rec, JSON_PATH("privtrace", "errno"), err, sizeof(err));
	json_get_string(rec, JSON_PATH("privtrace", "reason"), code, sizeof(code));
	json_get_string(rec, JSON_PATH("event", "reason"), reason, sizeof(reason));
	c->seq = seq > 0 ? (unsigned long long)seq : 0;
	c->ok = !strcmp(outcome, "success");
	c->file = !strcmp(action, "file");
	/* the path is the traced task's: the outputs escape every evidence line */
	len = snprintf(c->text, sizeof(c->text), "record #%llu: %s%s%s%s%s%s%s: %s%s%s", c->seq,
		       action, cap[0] ? " " : "", cap, sys[0] ? (cap[0] ? " in " : " ") : "", sys,
		       path[0] ? " " : "", path, outcome, err[0] ? " " : "", err);
	if (code[0] && len > 0 && (size_t)len < sizeof(c->text))
		snprintf(c->text + len, sizeof(c->text) - (size_t)len, " (%s: %s)", code, reason);
}
