// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Command line: argp with a struct env of defaults, as libbpf-tools do. */
#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config.h"
#include "cli/options.h"
#include "lib/escape.h"
#include "privtrace.h"

const char *argp_program_version = "privtrace 0.1";

static const char doc[] =
	"Trace privileged accesses: capability checks, credential changes and\n"
	"file-permission denials, with uids as the host and as the task's user\n"
	"namespace see them.\n"
	"\n"
	"USAGE: privtrace [OPTIONS]                    trace the whole machine\n"
	"       privtrace [OPTIONS] run -- CMD [ARGS]  trace CMD and its descendants\n"
	"       privtrace record -w FILE [OPTIONS] [run -- CMD [ARGS]]\n"
	"                                              record everything into a capture\n"
	"       privtrace report [OPTIONS] FILE...     ask captures and JSON lines\n"
	"                                              (privtrace report --help)\n"
	"       privtrace verify [OPTIONS]             is each container's root kept from\n"
	"                                              being host root? (privtrace verify --help)\n"
	"\n"
	"EXAMPLES:\n"
	"    privtrace                     # every privileged access, as a table\n"
	"    privtrace -o json -w ev.json  # JSON lines into ev.json\n"
	"    privtrace --denied-only       # only denials and refused changes\n"
	"    privtrace --uid 1000 -d 60    # one user, for a minute\n"
	"    privtrace --containers-only   # what containers do with privilege\n"
	"    privtrace --container web     # one container, by name or id prefix\n"
	"    privtrace run -- su - alice   # what `su` does with privilege\n"
	"    privtrace record -w inc.ptcap # a capture for `privtrace report` later\n"
	"    privtrace --probe             # which hooks this kernel allows\n";

enum {
	OPT_DENIED_ONLY = 0x100,
	OPT_ALL_CAPS,
	OPT_NO_COALESCE,
	OPT_UID,
	OPT_CGROUP,
	OPT_RINGBUF_KB,
	OPT_PROBE,
	OPT_BACKEND,
	OPT_USAGE,
	OPT_CONTAINER,
	OPT_CONTAINERS_ONLY,
	OPT_HOST_ONLY,
	OPT_DOCKER_SOCKET,
	OPT_NO_METADATA,
	OPT_METADATA_WAIT_MS,
	OPT_SINK,
	OPT_HEALTH_INTERVAL,
	OPT_CONFIG,
	OPT_ROTATE_MB,
	OPT_KEEP,
};

static const struct argp_option opts[] = {
	{ "output", 'o', "FORMAT", 0, "text (default on a terminal) or json (default otherwise)", 0 },
	{ "write", 'w', "PATH", 0, "append events to PATH instead of stdout", 0 },
	{ "duration", 'd', "SECONDS", 0, "stop after SECONDS", 0 },
	{ "denied-only", OPT_DENIED_ONLY, NULL, 0, "only denials and failed changes", 0 },
	{ "all-caps", OPT_ALL_CAPS, NULL, 0,
	  "also show the capability checks hidden as noise (see README)", 0 },
	{ "no-coalesce", OPT_NO_COALESCE, NULL, 0,
	  "report every event of a flood, none folded into repeat records (see README)", 0 },
	{ "uid", OPT_UID, "UID", 0, "only tasks whose host real or effective uid is UID", 0 },
	{ "cgroup", OPT_CGROUP, "PATH", 0, "only tasks in this cgroup v2 directory", 0 },
	{ "ringbuf-kb", OPT_RINGBUF_KB, "KB", 0,
	  "ring buffer size in KiB, a power of two >= 4 (default 4096)", 0 },
	{ "probe", OPT_PROBE, NULL, 0,
	  "print what this kernel offers and which programs would be used, then exit (with -v: "
	  "each program's instructions and what the verifier processed)", 0 },
	{ "backend", OPT_BACKEND, "FAMILY=KIND", 0,
	  "force a program kind: capability=fexit|tracepoint|kprobe|auto, "
	  "syscalls=raw|tracepoint|auto, credentials|exec|file=lsm|tracepoint|auto (repeatable)", 0 },
	{ "container", OPT_CONTAINER, "NAME|ID", 0,
	  "only this container: its name, or its id or a prefix of 12 or more digits (repeatable)", 0 },
	{ "containers-only", OPT_CONTAINERS_ONLY, NULL, 0, "only tasks in containers", 0 },
	{ "host-only", OPT_HOST_ONLY, NULL, 0, "only tasks outside containers", 0 },
	{ "docker-socket", OPT_DOCKER_SOCKET, "PATH", 0,
	  "Docker Engine API socket for container names and images (repeatable; default "
	  PT_DEFAULT_DOCKER_SOCKET ")", 0 },
	{ "no-metadata", OPT_NO_METADATA, NULL, 0,
	  "do not ask container runtimes for names and images (ids only)", 0 },
	{ "metadata-wait-ms", OPT_METADATA_WAIT_MS, "MS", 0,
	  "hold a new container's first events up to MS for its name (default 500, 0: never)", 0 },
	{ "sink", OPT_SINK, "SPEC", 0,
	  "send records to SPEC instead of stdout (repeatable; stdout is a spec too): file:PATH, "
	  "syslog+udp://HOST:PORT, "
	  "syslog+tcp://HOST:PORT, syslog+unix://PATH; a syslog spec takes ?facility=NAME&queue=N", 0 },
	{ "health-interval", OPT_HEALTH_INTERVAL, "SECONDS", 0,
	  "a health record (events seen, written, lost, dropped) this often (default 60, 0: never)", 0 },
	{ "config", OPT_CONFIG, "PATH", 0,
	  "read settings from PATH first (`name = value` lines, names as the long options); "
	  "the command line overrides it", 0 },
	{ "rotate-mb", OPT_ROTATE_MB, "MB", 0,
	  "record: a new capture file once FILE reaches MB MiB (FILE.1, FILE.2, ... the older)", 0 },
	{ "keep", OPT_KEEP, "N", 0, "record: rotated files kept with --rotate-mb (default 10)", 0 },
	{ "verbose", 'v', NULL, 0, "show libbpf debug messages", 0 },
	{ "help", 'h', NULL, 0, "show this help", 0 },
	{ "version", 'V', NULL, 0, "show the version", 0 },
	{ "usage", OPT_USAGE, NULL, OPTION_HIDDEN, "show the short usage", 0 },
	{},
};

/*
 * argp_error() only prints under ARGP_NO_EXIT; returning an error stops the
 * parse there, so a bad value is never used. The message quotes what was
 * given, escaped: a value or a config line must not drive the terminal.
 */
static error_t fail(struct argp_state *state, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static error_t fail(struct argp_state *state, const char *fmt, ...)
{
	struct wbuf w = WBUF_INIT;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	argp_error(state, "%s", escape_text_cstr(&w, msg));
	wbuf_free(&w);
	return EINVAL;
}

/*
 * options_parse() reads the command line twice: once only to find --config,
 * wherever it is, so the file is read first and the command line, parsed
 * after it, overrides it; then for real. A config file's settings go
 * through the same parser one at a time (options_parse_one).
 */
enum pass { PASS_FIND_CONFIG, PASS_ARGV, PASS_CONFIG_LINE };

struct parse_ctx {
	struct env *env;
	enum pass pass;
	const char *config; /* PASS_FIND_CONFIG: --config PATH */
	int n_config;
	bool help;          /* PASS_FIND_CONFIG: --help, --usage or --version: no file is read */
};

static error_t find_config(struct parse_ctx *ctx, int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_CONFIG:
		ctx->config = arg;
		ctx->n_config++;
		break;
	case 'h':
	case 'V':
	case OPT_USAGE:
		ctx->help = true;
		break;
	case ARGP_KEY_ARG:
		if (strcmp(arg, "record"))
			state->next = state->argc; /* `run`: the rest is the command's */
		break;
	}
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct parse_ctx *ctx = state->input;
	struct env *env = ctx->env;
	unsigned long v;

	if (ctx->pass == PASS_FIND_CONFIG)
		return find_config(ctx, key, arg, state);
	/*
	 * --help, --usage or --version said what was asked: the rest is
	 * taken and left alone. Not by moving state->next past argv: getopt may
	 * be inside a group of short options (-hw), whose next one would take
	 * its argument from beyond argv's end.
	 */
	if (env->exit_now)
		return 0;
	/* checks across options run once, on the command line, after the file */
	if (ctx->pass == PASS_CONFIG_LINE && key == ARGP_KEY_END)
		return 0;
	switch (key) {
	case OPT_CONFIG:
		break; /* already read (options_parse) */
	case 'o':
		if (!strcmp(arg, "text"))
			env->output = OUT_TEXT;
		else if (!strcmp(arg, "json"))
			env->output = OUT_JSON;
		else
			return fail(state, "invalid --output '%s': use text or json", arg);
		break;
	case 'w':
		if (!*arg)
			return fail(state, "--write needs a file path");
		env->write_path = arg;
		break;
	case 'd':
		if (parse_ulong(arg, 1, 31UL * 24 * 3600, &v))
			return fail(state, "invalid --duration '%s': a whole number of seconds, 1 or more", arg);
		env->duration_s = v;
		break;
	case OPT_DENIED_ONLY:
		env->denied_only = true;
		break;
	case OPT_ALL_CAPS:
		env->all_caps = true;
		break;
	case OPT_NO_COALESCE:
		env->no_coalesce = true;
		break;
	case OPT_UID:
		if (parse_ulong(arg, 0, PT_ID_UNMAPPED - 1, &v))
			return fail(state, "invalid --uid '%s': a numeric host uid", arg);
		env->uid = v;
		break;
	case OPT_CGROUP:
		env->cgroup_path = arg;
		break;
	case OPT_RINGBUF_KB:
		if (parse_ulong(arg, 4, 1UL << 20, &v) || (v & (v - 1)))
			return fail(state, "invalid --ringbuf-kb '%s': a power of two from 4 to 1048576", arg);
		env->ringbuf_kb = v;
		break;
	case OPT_PROBE:
		env->probe = true;
		break;
	case OPT_BACKEND:
		if (backend_parse(arg, &env->backend))
			return fail(state, "invalid --backend '%s': use capability=fexit|tracepoint|kprobe|auto, "
					   "syscalls=raw|tracepoint|auto or "
					   "credentials|exec|file=lsm|tracepoint|auto", arg);
		break;
	case OPT_CONTAINER:
		if (!*arg || strlen(arg) > 255)
			return fail(state, "invalid --container '%s': a container name or id prefix", arg);
		if (env->n_containers == MAX_CONTAINER_MATCH)
			return fail(state, "too many --container options (at most %d)", MAX_CONTAINER_MATCH);
		env->containers[env->n_containers++] = arg;
		break;
	case OPT_CONTAINERS_ONLY:
	case OPT_HOST_ONLY:
		env->scope = key == OPT_HOST_ONLY ? SCOPE_HOST : SCOPE_CONTAINERS;
		if (++env->n_scopes > 1)
			return fail(state, "--containers-only and --host-only exclude each other");
		break;
	case OPT_DOCKER_SOCKET:
		if (!*arg)
			return fail(state, "--docker-socket needs a socket path");
		if (env->n_docker_sockets == MAX_DOCKER_SOCKETS)
			return fail(state, "too many --docker-socket options (at most %d)", MAX_DOCKER_SOCKETS);
		env->docker_sockets[env->n_docker_sockets++] = arg;
		break;
	case OPT_NO_METADATA:
		env->no_metadata = true;
		break;
	case OPT_METADATA_WAIT_MS:
		if (parse_ulong(arg, 0, 10000, &v))
			return fail(state, "invalid --metadata-wait-ms '%s': milliseconds, 0 to 10000", arg);
		env->metadata_wait_ms = v;
		break;
	case OPT_SINK:
		if (!*arg)
			return fail(state, "--sink needs a spec: stdout, file:PATH, syslog+udp://HOST:PORT, "
					   "syslog+tcp://HOST:PORT or syslog+unix://PATH");
		if (env->n_sinks == MAX_SINKS)
			return fail(state, "too many --sink options (at most %d)", MAX_SINKS);
		env->sinks[env->n_sinks++] = arg;
		break;
	case OPT_HEALTH_INTERVAL:
		if (parse_ulong(arg, 0, 86400, &v))
			return fail(state, "invalid --health-interval '%s': seconds, 0 to 86400", arg);
		env->health_interval_s = v;
		break;
	case OPT_ROTATE_MB:
		if (parse_ulong(arg, 1, 1UL << 20, &v))
			return fail(state, "invalid --rotate-mb '%s': MiB, 1 or more", arg);
		env->rotate_mb = v;
		break;
	case OPT_KEEP:
		if (parse_ulong(arg, 1, 10000, &v))
			return fail(state, "invalid --keep '%s': rotated files, 1 to 10000", arg);
		env->keep = v;
		break;
	case ARGP_KEY_END:
		if (env->scope == SCOPE_HOST && env->n_containers)
			return fail(state, "--host-only and --container exclude each other");
		if (env->record && !env->write_path)
			return fail(state, "record needs the capture's path: privtrace record -w FILE");
		if (env->record && env->output != OUT_AUTO)
			return fail(state, "record writes a capture, not text or JSON: -o is for the live "
					   "output (privtrace report -o ... reads the capture)");
		if (!env->record && (env->rotate_mb || env->keep))
			return fail(state, "--rotate-mb and --keep are for record: privtrace record -w FILE "
					   "--rotate-mb MB");
		if (env->keep && !env->rotate_mb)
			return fail(state, "--keep counts rotated files: it goes with --rotate-mb MB");
		break;
	case 'v':
		env->verbose = true;
		break;
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP & ~ARGP_HELP_EXIT_OK);
		env->exit_now = true;
		break;
	case OPT_USAGE:
		argp_state_help(state, stdout, ARGP_HELP_USAGE);
		env->exit_now = true;
		break;
	case 'V':
		printf("%s\n", argp_program_version);
		env->exit_now = true;
		break;
	case ARGP_KEY_ARG:
		if (!strcmp(arg, "record") && state->arg_num == 0) {
			env->record = true;
			break;
		}
		if (strcmp(arg, "run"))
			return fail(state, "unexpected argument '%s' (did you mean: run -- %s)", arg, arg);
		/* everything after `run` (and an optional `--`) is the command */
		if (state->next < state->argc && !strcmp(state->argv[state->next], "--"))
			state->next++;
		if (state->next >= state->argc)
			return fail(state, "run needs a command: privtrace run -- CMD [ARGS]");
		env->run_argv = &state->argv[state->next];
		state->next = state->argc;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

void options_init(struct env *env)
{
	memset(env, 0, sizeof(*env));
	env->uid = PT_ID_UNMAPPED;
	env->ringbuf_kb = PT_DEFAULT_RINGBUF_KB;
	env->metadata_wait_ms = PT_DEFAULT_METADATA_WAIT_MS;
	env->health_interval_s = PT_DEFAULT_HEALTH_INTERVAL_S;
}

static int run_argp(struct parse_ctx *ctx, int argc, char **argv, unsigned int flags, FILE *err)
{
	static const struct argp argp = { .options = opts, .parser = parse_opt, .doc = doc };
	FILE *saved = stderr;
	int ret;

	/*
	 * ARGP_NO_EXIT lets the caller (and the unit tests) decide; argp writes
	 * its messages to stderr, which is pointed at err for the parse.
	 * ARGP_IN_ORDER hands us `run` before the command's own options could
	 * be taken for ours; ARGP_NO_HELP because --help is ours, so we know
	 * it was asked for.
	 */
	stderr = err;
	ret = argp_parse(&argp, argc, argv, flags | ARGP_NO_EXIT | ARGP_IN_ORDER | ARGP_NO_HELP,
			 NULL, ctx);
	stderr = saved;
	return ret;
}

/* A config file's setting, as config_load() hands it over (user/cli/config.h). */
static int apply_setting(void *arg, const char *name, char *value, char *why, size_t why_len)
{
	return options_parse_one(arg, name, value, why, why_len);
}

int options_parse(struct env *env, int argc, char **argv, FILE *err)
{
	struct parse_ctx ctx = { .env = env, .pass = PASS_FIND_CONFIG };

	/* silent: a bad option stops it, no file is read, the next pass says what is wrong */
	if (!run_argp(&ctx, argc, argv, ARGP_NO_ERRS, err) && ctx.config && !ctx.help) {
		if (ctx.n_config > 1 || !*ctx.config) {
			fprintf(err, "privtrace: %s\n", ctx.n_config > 1 ? "--config given more than once" :
									"--config needs a file path");
			return -1;
		}
		if (config_load(ctx.config, apply_setting, env, err))
			return -1;
	}
	ctx.pass = PASS_ARGV;
	/* what was asked for was answered: an option left without its argument after it is moot */
	if (run_argp(&ctx, argc, argv, 0, err))
		return env->exit_now ? 1 : -1;
	return env->exit_now ? 1 : 0;
}

int options_parse_one(struct env *env, const char *name, char *value, char *why, size_t why_len)
{
	struct parse_ctx ctx = { .env = env, .pass = PASS_CONFIG_LINE };
	char opt[64], msg[512] = "", *argv[] = { "privtrace", opt, value, NULL };
	const struct argp_option *o;
	char *reason;
	FILE *f;
	int ret;

	/* the whole name: argp would take a prefix of one */
	for (o = opts; o->name || o->key; o++)
		if (o->name && !strcmp(o->name, name))
			break;
	if (!o->name || (o->flags & OPTION_HIDDEN)) {
		snprintf(why, why_len, "unknown setting '%.80s'%s", name,
			 name[0] == '-' ? " (names go without the leading --)" : "");
		return -1;
	}
	if (o->key == 'h' || o->key == 'V' || o->key == OPT_PROBE || o->key == OPT_CONFIG) {
		snprintf(why, why_len, "'%s' is not allowed in a config file", name);
		return -1;
	}
	if (!o->arg && value) {
		snprintf(why, why_len, "'%s' takes no value", name);
		return -1;
	}
	if (o->arg && !value) {
		snprintf(why, why_len, "'%s' needs a value: %s = %s", name, name, o->arg);
		return -1;
	}
	/* `--name VALUE`: getopt takes VALUE as it is, even "" or one starting with '-' */
	snprintf(opt, sizeof(opt), "--%s", name);
	f = fmemopen(msg, sizeof(msg) - 1, "w");
	if (!f) {
		snprintf(why, why_len, "%s", strerror(errno));
		return -1;
	}
	ret = run_argp(&ctx, value ? 3 : 2, argv, 0, f);
	fclose(f);
	if (!ret)
		return 0;
	/* argp's first line: "privtrace: REASON" */
	reason = msg;
	if (!strncmp(reason, "privtrace: ", 11))
		reason += 11;
	reason[strcspn(reason, "\n")] = '\0';
	snprintf(why, why_len, "%s", *reason ? reason : "invalid value");
	return -1;
}
