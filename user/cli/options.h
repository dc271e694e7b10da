/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_OPTIONS_H
#define PT_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "filter/filter.h"
#include "lib/parse.h"
#include "sink/sink.h"
#include "kernel/probe.h"

enum output_format { OUT_AUTO = 0, OUT_TEXT, OUT_JSON };


#define MAX_CONTAINER_MATCH FILTER_MAX_MATCH
#define MAX_SINKS SINK_MAX
#define MAX_DOCKER_SOCKETS 8

/* Everything the command line sets, with the defaults of options_init(). */
struct env {
	enum output_format output;
	const char *write_path;     /* NULL: stdout */
	unsigned long duration_s;   /* 0: until a signal */
	bool denied_only;
	bool all_caps;
	bool no_coalesce;           /* --no-coalesce: no flood folded in the kernel */
	bool verbose;
	bool exit_now;              /* --help or --version was printed */
	bool probe;                 /* --probe: print what the kernel offers, exit */
	struct backend_want backend; /* --backend FAMILY=KIND; all auto */
	unsigned int uid;           /* PT_ID_UNMAPPED: any */
	const char *cgroup_path;    /* NULL: any */
	unsigned long ringbuf_kb;
	char **run_argv;            /* `run -- CMD ARGS...`, NULL-terminated; NULL: system-wide */
	enum scope scope;           /* --containers-only / --host-only */
	int n_scopes;               /* how many of those were given: one at most */
	const char *containers[MAX_CONTAINER_MATCH]; /* --container NAME|ID-PREFIX */
	int n_containers;
	const char *docker_sockets[MAX_DOCKER_SOCKETS]; /* --docker-socket; none given: the default */
	int n_docker_sockets;
	bool no_metadata;           /* --no-metadata: never ask a runtime */
	const char *sinks[MAX_SINKS]; /* --sink SPEC (user/sink/sink.h); none and no --write: stdout */
	int n_sinks;
	unsigned long health_interval_s; /* --health-interval: a health record this often; 0 never */
	unsigned long metadata_wait_ms; /* hold a new container's events this long for its name */
	bool record;                /* `record`: the main output (-w) is a capture (user/sink/capture.h) */
	unsigned long rotate_mb;    /* record --rotate-mb: 0 never */
	unsigned long keep;         /* record --keep: 0 the default */
};

#define PT_DEFAULT_RINGBUF_KB 4096UL /* ~5,600 events of 736 bytes; mapped twice, 8 MiB of RSS once used */
#define PT_DEFAULT_METADATA_WAIT_MS 500UL
#define PT_DEFAULT_HEALTH_INTERVAL_S 60UL
#define PT_DEFAULT_DOCKER_SOCKET "/var/run/docker.sock"

void options_init(struct env *env);

/*
 * Parse argv into env. Returns 0 on success, 1 when help or the version was
 * printed (exit 0), -1 on bad input after printing one clear line to err.
 * --config PATH, wherever it is, is read first (user/cli/config.h): the command
 * line overrides the file (lists such as --container add to it).
 */
int options_parse(struct env *env, int argc, char **argv, FILE *err);

/*
 * One setting of a config file: NAME a long option's whole name, VALUE its
 * value or NULL for a flag, parsed as --NAME VALUE would be. env keeps
 * VALUE: it must live as long. Returns 0, or -1 with the reason in why.
 */
int options_parse_one(struct env *env, const char *name, char *value, char *why, size_t why_len);


#endif
