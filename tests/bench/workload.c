// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Benchmark workload: one kind of syscall in a tight loop, timed with
 * CLOCK_MONOTONIC, so a tracer's cost shows up as nanoseconds per operation.
 *   workload open   N PATH   open+close a readable file (the common, silent path)
 *   workload denied N PATH   open a file the caller may not read (3 events each)
 *   workload mmap   N        anonymous mmap+munmap (the hidden CAP_SYS_ADMIN check)
 *   workload cred   N        as root: effective uid to 65534 and back (2 changes each)
 *   workload chmod  N PATH   chmod PATH 0600 and 0644 in turn: each sets its ctime (silent
 *                            for a host task; what the ctime tracepoints cost everyone)
 * Prints "<mode> <ns per op>". With WORKLOAD_HOLD set it then waits to be
 * killed, so that its pid is still alive for whoever looks it up (the
 * replay benchmark's enrich stage, as a live tracer's would find it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long i, n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
	const char *path = argc > 3 ? argv[3] : NULL;
	double t0, t1;

	if (n <= 0 || (strcmp(mode, "mmap") && strcmp(mode, "cred") && !path)) {
		fprintf(stderr, "usage: workload open|denied|chmod N PATH | workload mmap|cred N\n");
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (!strcmp(mode, "mmap")) {
			/* writable private: accounted, so the kernel asks CAP_SYS_ADMIN */
			void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED)
				return 1;
			munmap(p, 4096);
		} else if (!strcmp(mode, "chmod")) {
			if (chmod(path, i & 1 ? 0644 : 0600)) {
				fprintf(stderr, "workload: chmod %s: %s\n", path, strerror(errno));
				return 1;
			}
		} else if (!strcmp(mode, "cred")) {
			if (setresuid(-1, 65534, -1) || setresuid(-1, 0, -1)) {
				fprintf(stderr, "workload: setresuid: %s\n", strerror(errno));
				return 1;
			}
		} else {
			int fd = open(path, O_RDONLY);

			if (fd >= 0)
				close(fd);
			else if (!strcmp(mode, "open") || errno != EACCES) {
				fprintf(stderr, "workload: open %s: %s\n", path, strerror(errno));
				return 1;
			}
		}
	}
	t1 = now_ns();
	printf("%s %.1f\n", mode, (t1 - t0) / n);
	if (getenv("WORKLOAD_HOLD")) {
		fflush(stdout);
		for (;;)
			pause();
	}
	return 0;
}
