// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The soak test's load (tests/soak/run.sh), run as root:
 *
 *   soakload churn PARENT TAG FIRST COUNT SECRET UID LINGER_MS MAP
 *     COUNT container cgroups made and removed one after the other, as a
 *     runtime would: PARENT/docker-<64 hex>.scope is made, a child writes
 *     itself into its cgroup.procs, drops to UID (setgroups, setresgid,
 *     setresuid) and execs cat SECRET, which is denied; once the child is
 *     reaped (and LINGER_MS after), the cgroup is removed. Each cgroup's
 *     inode (its cgroup v2 id) and container id go to MAP as "INODE ID"
 *     lines, written before the child runs. The id is TAG (8 hex), then
 *     FIRST + i in 56 hex digits: unique per run and per cgroup.
 *
 *   soakload pace RATE SECONDS DIR UID
 *     Drops to UID, then opens DIR/p<i> RATE times a second (a steady
 *     clock, not a burst) for SECONDS (0: until SIGTERM): DIR is root's
 *     and 0700, so each open is denied, each on its own path (no flood for
 *     the kernel to fold). Prints "pace: N opens in S s" at the end.
 *
 * Exit 0, or 1 with a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int drop_to(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid)) {
		perror("soakload: dropping privileges");
		return -1;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int churn(const char *parent, const char *tag, unsigned long long first,
		 unsigned long long count, const char *secret, uid_t uid, long linger_ms,
		 const char *mapfile)
{
	char cg[4096], procs[4200];
	unsigned long long i;
	FILE *map;

	if (strlen(tag) != 8) {
		fprintf(stderr, "soakload: TAG must be 8 hex digits\n");
		return 1;
	}
	map = fopen(mapfile, "a");
	if (!map) {
		perror(mapfile);
		return 1;
	}
	setvbuf(map, NULL, _IOLBF, 0);
	for (i = 0; i < count && !stop; i++) {
		struct stat st;
		int status, tries;
		pid_t pid;

		snprintf(cg, sizeof(cg), "%s/docker-%s%056llx.scope", parent, tag, first + i);
		if (mkdir(cg, 0755)) {
			fprintf(stderr, "soakload: mkdir %s: %s\n", cg, strerror(errno));
			fclose(map);
			return 1;
		}
		if (stat(cg, &st)) {
			fprintf(stderr, "soakload: stat %s: %s\n", cg, strerror(errno));
			rmdir(cg);
			fclose(map);
			return 1;
		}
		fprintf(map, "%llu %s%056llx\n", (unsigned long long)st.st_ino, tag, first + i);
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
		pid = fork();
		if (pid < 0) {
			perror("soakload: fork");
			rmdir(cg);
			fclose(map);
			return 1;
		}
		if (pid == 0) {
			int fd = open(procs, O_WRONLY | O_CLOEXEC);

			if (fd < 0 || write(fd, "0", 1) != 1) {
				fprintf(stderr, "soakload: joining %s: %s\n", cg, strerror(errno));
				_exit(100);
			}
			close(fd);
			if (drop_to(uid))
				_exit(101);
			fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, 2);
				close(fd);
			}
			execl("/bin/cat", "cat", secret, (char *)NULL);
			_exit(102);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) >= 100) {
			fprintf(stderr, "soakload: the child in %s failed (%d)\n", cg, WEXITSTATUS(status));
			rmdir(cg);
			fclose(map);
			return 1;
		}
		if (linger_ms > 0) {
			struct timespec ts = { linger_ms / 1000, (linger_ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
		/* a task reaped may still hold its css for a moment: EBUSY */
		for (tries = 0; rmdir(cg); tries++) {
			struct timespec ts = { 0, 1000000L };

			if (errno != EBUSY || tries >= 5000) {
				fprintf(stderr, "soakload: rmdir %s: %s\n", cg, strerror(errno));
				fclose(map);
				return 1;
			}
			nanosleep(&ts, NULL);
		}
	}
	fclose(map);
	return 0;
}

static int pace(double rate, double seconds, const char *dir, uid_t uid)
{
	unsigned long long n = 0;
	struct timespec next;
	char path[4096];
	long period_ns;
	double t0;

	if (rate <= 0 || rate > 1e6) {
		fprintf(stderr, "soakload: RATE must be in (0, 1e6]\n");
		return 1;
	}
	if (drop_to(uid))
		return 1;
	period_ns = (long)(1e9 / rate);
	clock_gettime(CLOCK_MONOTONIC, &next);
	t0 = now_s();
	while (!stop && (seconds <= 0 || now_s() - t0 < seconds)) {
		int fd;

		snprintf(path, sizeof(path), "%s/p%llu", dir, n);
		fd = open(path, O_RDONLY);
		if (fd >= 0) {
			close(fd);
			fprintf(stderr, "soakload: %s opened: it should be denied\n", path);
			return 1;
		}
		n++;
		next.tv_nsec += period_ns;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	printf("pace: %llu opens in %.1f s\n", n, now_s() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (argc == 10 && !strcmp(argv[1], "churn"))
		return churn(argv[2], argv[3], strtoull(argv[4], NULL, 10), strtoull(argv[5], NULL, 10),
			     argv[6], (uid_t)strtoul(argv[7], NULL, 10), strtol(argv[8], NULL, 10),
			     argv[9]);
	if (argc == 6 && !strcmp(argv[1], "pace"))
		return pace(strtod(argv[2], NULL), strtod(argv[3], NULL), argv[4],
			    (uid_t)strtoul(argv[5], NULL, 10));
	fprintf(stderr, "usage: soakload churn PARENT TAG FIRST COUNT SECRET UID LINGER_MS MAP\n"
			"       soakload pace RATE SECONDS DIR UID\n");
	return 1;
}
