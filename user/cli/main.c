// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * privtrace: trace privileged accesses (capability checks, credential
 * changes, file-permission denials) with host and user-namespace ids.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/clock.h"
#include "enrich/enrich.h"
#include "filter/filter.h"
#include "kernel/loader.h"
#include "kernel/privileges.h"
#include "cli/capture_header.h"
#include "cli/options.h"
#include "cli/outputs.h"
#include "lib/escape.h"
#include "pipeline/stream.h"
#include "report/report.h"
#include "verify/verify.h"
#include "sink/capture.h"

static volatile sig_atomic_t got_signal, got_hup, wake_fd = -1;

/* Every signal ends the event loop's wait: a stop, a reopen, or the command's exit. */
static void on_signal(int signo)
{
	int saved = errno;

	if (signo == SIGHUP)
		got_hup = 1;
	else if (signo != SIGCHLD)
		got_signal = signo;
	if (wake_fd >= 0 && write(wake_fd, "", 1) < 0) {
		/* the pipe is full: a wake is pending anyway */
	}
	errno = saved;
}

#define SINK_FLUSH_MS 2000 /* at exit, what network sinks still queue gets this long */
#define SINK_LAST_MS 1000  /* ... and then the final health record */

/*
 * Start CMD stopped at a pipe, so its pid is in the traced tree before it
 * execs: nothing it does escapes the kernel-side filter.
 */
static pid_t spawn_held(char **argv, int *go_fd)
{
	int fds[2];
	pid_t pid;
	char c;

	if (pipe2(fds, O_CLOEXEC)) {
		fprintf(stderr, "privtrace: pipe: %s\n", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "privtrace: fork: %s\n", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[1]);
		signal(SIGPIPE, SIG_DFL);
		if (read(fds[0], &c, 1) != 1)
			_exit(127); /* privtrace gave up before starting us */
		execvp(argv[0], argv);
		fprintf(stderr, "privtrace: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(fds[0]);
	*go_fd = fds[1];
	return pid;
}

/*
 * What is traced, in the words of the options that narrow it: "the whole
 * machine", "command su", "containers only (--containers-only)", "uid 1000
 * in container web". The command's name is the user's own argument; a
 * container's is theirs too (escaped all the same: it goes to a terminal).
 */
static void describe_scope(const struct env *env, char *buf, size_t len)
{
	struct wbuf w = WBUF_INIT;
	int i;

	if (env->run_argv) {
		wbuf_lit(&w, "command ");
		escape_text(&w, env->run_argv[0], strlen(env->run_argv[0]));
	} else if (env->scope == SCOPE_CONTAINERS) {
		wbuf_lit(&w, "containers only (--containers-only)");
	} else if (env->scope == SCOPE_HOST) {
		wbuf_lit(&w, "the host only, no container (--host-only)");
	} else if (!env->n_containers) {
		wbuf_lit(&w, "the whole machine");
	}
	for (i = 0; i < env->n_containers; i++) {
		wbuf_str(&w, i ? " or " : w.len ? ", in container " : "container ");
		escape_text(&w, env->containers[i], strlen(env->containers[i]));
	}
	if (env->uid != PT_ID_UNMAPPED) {
		wbuf_lit(&w, ", host uid ");
		wbuf_u64(&w, env->uid);
	}
	if (env->cgroup_path) {
		wbuf_lit(&w, ", in cgroup ");
		escape_text(&w, env->cgroup_path, strlen(env->cgroup_path));
	}
	snprintf(buf, len, "%.*s", w.oom ? 0 : (int)w.len, w.buf ? w.buf : "");
	if (w.oom || !w.len)
		snprintf(buf, len, "what the options say");
	wbuf_free(&w);
}

/*
 * Container metadata from the runtimes: the Docker sockets given, else
 * DOCKER_HOST's when it names a unix socket, else Docker's default one.
 */
static struct enricher *start_enricher(const struct env *env)
{
	static const char *sockets[MAX_DOCKER_SOCKETS];
	const char *dh = getenv("DOCKER_HOST");
	struct enrich_cfg cfg = {
		.metadata = !env->no_metadata,
		.docker_sockets = sockets,
		.runtime_timeout_ms = 1000,
	};
	struct enricher *en;
	int i;

	for (i = 0; i < env->n_docker_sockets; i++)
		sockets[i] = env->docker_sockets[i];
	cfg.n_docker_sockets = i;
	if (!i) {
		sockets[0] = dh && !strncmp(dh, "unix://", 7) ? dh + 7 : PT_DEFAULT_DOCKER_SOCKET;
		cfg.n_docker_sockets = 1;
	}
	en = enricher_new(&cfg);
	if (!en)
		fprintf(stderr, "privtrace: cannot start the container metadata stage: %s\n",
			strerror(errno));
	return en;
}

/*
 * At exit, every folded count out as a repeat record and read, until the
 * kernel's count of folded events is all in the records read (a full ring
 * keeps a count back until the next try).
 */
static void drain_folded(struct privtrace_bpf *skel, struct stream *st)
{
	int i;

	if (!skel || !st->rb)
		return;
	for (i = 0; i < 16; i++) {
		if (loader_fold_sweep(skel, true) < 0)
			break;
		stream_poll(st, 0);
		if (loader_counter(skel, PT_CNT_FOLDED) <= st->folded_reported)
			break;
	}
	if (loader_counter(skel, PT_CNT_FOLDED) > st->folded_reported)
		fprintf(stderr, "privtrace: %llu folded events never got out as repeat records "
				"(ring buffer full at exit)\n",
			loader_counter(skel, PT_CNT_FOLDED) - st->folded_reported);
}

static int exit_code_of(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int main(int argc, char **argv)
{
	struct privtrace_bpf *skel = NULL;
	struct enricher *en = NULL;
	struct filter filter;
	struct stream st = { 0 };
	/*
	 * SA_RESTART: a write to a slow reader blocked when the signal came
	 * goes on (the wait for events is never restarted: the wake pipe ends
	 * it at once)
	 */
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	struct outputs outs = { 0 };
	struct loader_cfg lcfg;
	struct probe probe;
	struct env env;
	pid_t child = -1;
	int go_fd = -1, status = 0, ret = 1;
	__u64 start_ns, last_lost_ns, last_health_ns;
	bool child_done = false, term_sent = false, started = false;
	unsigned long long dropped = 0;
	char scope[512];

	/* reading files needs no kernel, no privilege: a program of its own */
	if (argc > 1 && !strcmp(argv[1], "report")) {
		argv[1] = "privtrace report"; /* what its messages start with */
		return report_main(argc - 1, argv + 1);
	}
	if (argc > 1 && !strcmp(argv[1], "verify")) {
		argv[1] = "privtrace verify";
		return verify_main(argc - 1, argv + 1);
	}
	options_init(&env);
	switch (options_parse(&env, argc, argv, stderr)) {
	case 1:
		return 0;
	case -1:
		return 2;
	}

	lcfg = (struct loader_cfg){
		.verbose = env.verbose, .run_mode = env.run_argv != NULL, .uid = env.uid,
		.cgroup_path = env.cgroup_path, .denied_only = env.denied_only,
		.all_caps = env.all_caps, .no_coalesce = env.no_coalesce,
		.ringbuf_kb = env.ringbuf_kb, .backend = env.backend,
	};
	if (env.probe) {
		if (loader_probe(&lcfg, &probe))
			return 1;
		probe_print(stdout, &probe);
		if (env.verbose && loader_print_programs(&lcfg, &probe, stdout))
			return 1;
		return 0;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* logrotate's signal: file sinks are reopened, the tracer goes on */
	sigaction(SIGHUP, &sa, NULL);
	/* the `run` command's exit ends the wait at once */
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	/* a closed output pipe is reported as a write error, not a silent death */
	signal(SIGPIPE, SIG_IGN);
	clock_init();

	/*
	 * The command is forked first, while privtrace has one thread and all
	 * of root's privileges: it runs with what it was given, not with what
	 * the tracer keeps.
	 */
	if (env.run_argv) {
		child = spawn_held(env.run_argv, &go_fd);
		if (child < 0)
			goto cleanup;
	}
	skel = loader_start(&lcfg, &probe);
	if (!skel)
		goto cleanup;
	/*
	 * Loading parsed the kernel's BTF and symbols (megabytes, some in a
	 * thread's arena): given back now, not kept for the whole run.
	 */
	malloc_trim(0);
	if (child > 0 && loader_trace_pid(skel, child)) {
		fprintf(stderr, "privtrace: cannot add pid %d to the traced tree\n", child);
		goto cleanup;
	}
	/*
	 * Loaded and attached: from here on privtrace parses what containers
	 * control with no more privilege than that needs. Before any other
	 * thread exists (the sinks' senders, the metadata worker), since
	 * credentials are per thread and new threads inherit them.
	 */
	if (privileges_drop(loader_maps_readable, skel, child > 0))
		goto cleanup;
	if (outputs_open(&outs, &env))
		goto cleanup;
	if (outs.capture) {
		struct wbuf hw = WBUF_INIT;

		capture_header(&hw, &env, &probe, argc, argv);
		wbuf_ch(&hw, '\0');
		sink_capture_header(outs.capture, hw.oom ? "" : hw.buf);
		wbuf_free(&hw);
	}
	en = start_enricher(&env);
	if (!en)
		goto cleanup;
	filter = (struct filter){ .scope = env.scope, .match = env.containers,
				  .n_match = env.n_containers };
	if (stream_open(&st, skel, outs.sinks, outs.n_sinks, outs.text_main, en, &filter,
			env.no_metadata ? 0 : env.metadata_wait_ms))
		goto cleanup;
	wake_fd = stream_wake_fd(&st);
	started = true;
	describe_scope(&env, scope, sizeof(scope));
	fprintf(stderr, "privtrace: tracing %s (capability checks: %s); %s\n", scope,
		cap_backend_name(probe.cap), env.run_argv ? "stops when it exits" : "Ctrl-C to stop");
	if (go_fd >= 0) {
		if (write(go_fd, "g", 1) != 1)
			fprintf(stderr, "privtrace: cannot start the command: %s\n", strerror(errno));
		close(go_fd);
		go_fd = -1;
	}

	/* monotonic and in ns: --duration N traces N seconds, not N-1 to N */
	start_ns = last_lost_ns = last_health_ns = clock_mono_now();
	for (;;) {
		__u64 now_ns;

		if (stream_poll(&st, 200) < 0) {
			fprintf(stderr, "privtrace: reading the ring buffer failed\n");
			goto cleanup;
		}
		if (st.write_error)
			goto cleanup;
		now_ns = clock_mono_now();
		if (now_ns - last_lost_ns >= 1000000000ULL) {
			/* floods that stopped: their counts out, a second late at most */
			loader_fold_sweep(skel, false);
			stream_check_lost(&st);
			last_lost_ns = now_ns;
		}
		if (env.health_interval_s &&
		    now_ns - last_health_ns >= env.health_interval_s * 1000000000ULL) {
			stream_health(&st);
			last_health_ns = now_ns;
		}
		if (got_hup) {
			got_hup = 0;
			stream_reopen(&st);
		}
		if (child > 0 && !child_done && waitpid(child, &status, WNOHANG) == child)
			child_done = true;
		if (child_done)
			break;
		if (env.duration_s && now_ns - start_ns >= env.duration_s * 1000000000ULL) {
			if (child < 0)
				break;
			got_signal = SIGTERM;
		}
		if (got_signal) {
			if (child < 0)
				break;
			/* a terminal's Ctrl-C reached the command too; SIGTERM did not */
			if (got_signal != SIGINT && !term_sent) {
				kill(child, SIGTERM);
				term_sent = true;
			}
		}
	}
	ret = child > 0 ? exit_code_of(status) : 0;

cleanup:
	if (go_fd >= 0)
		close(go_fd); /* the held child sees EOF and exits 127 */
	if (child > 0 && !child_done)
		waitpid(child, &status, 0);
	wake_fd = -1;
	drain_folded(skel, &st);
	stream_drain(&st);
	/*
	 * The last word of a sensor that stops: how it ends (a SIEM sees it stop
	 * on purpose), once the sinks have sent what they could, so that its
	 * counts are the final ones the summary repeats.
	 */
	outputs_settle(&outs, SINK_FLUSH_MS);
	/* the capture's last blocks were written (and synced) just now: their error is the run's */
	if (outs.capture && !st.write_error)
		st.write_error = sink_capture_error(outs.capture);
	if (started && env.health_interval_s)
		stream_health(&st);
	if (st.write_error) {
		fprintf(stderr, "privtrace: writing events failed: %s\n", strerror(st.write_error));
		ret = 1;
	}
	outputs_close(&outs, SINK_LAST_MS, &dropped);
	if (started)
		filter_report_unmatched(&st.filter, enricher_names_known(en), stderr);
	if (started)
		summary_print(stderr, &st.sum, st.lost_reported, st.untracked_reported, st.filtered,
			      st.named_late, dropped, st.unsent_at_exit);
	stream_close(&st);
	loader_stop(skel);
	if (en && env.verbose)
		enricher_print_stats(en, stderr);
	enricher_free(en);
	return ret;
}
