// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A Docker Engine API socket that is slow or dead, for the tests of what
 * privtrace does when a runtime does not answer in time.
 *   fakedocker SOCKET DELAY_MS NAME IMAGE  answer every request after
 *                                          DELAY_MS with a container of
 *                                          that name and image
 *   fakedocker SOCKET hang                 accept, read, never answer
 * Runs until killed; prints "ready" once it listens.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 64

static void answer(int fd, const char *name, const char *image)
{
	char body[512], msg[1024];
	int n;

	n = snprintf(body, sizeof(body),
		     "{\"Name\":\"/%s\",\"Config\":{\"Image\":\"%s\",\"Labels\":{}},"
		     "\"State\":{\"Pid\":0},\"HostConfig\":{\"UsernsMode\":\"\"}}",
		     name, image);
	n = snprintf(msg, sizeof(msg),
		     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		     "Content-Length: %d\r\nConnection: close\r\n\r\n%s", n, body);
	if (write(fd, msg, n) != n)
		perror("fakedocker: write");
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int conns[MAX_CONNS], nconns = 0, lfd, hang, delay_ms = 0;
	char buf[4096];

	if (argc < 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: fakedocker SOCKET DELAY_MS NAME IMAGE | SOCKET hang\n");
		return 2;
	}
	hang = !strcmp(argv[2], "hang");
	if (!hang && (argc < 5 || (delay_ms = atoi(argv[2])) < 0)) {
		fprintf(stderr, "fakedocker: DELAY_MS NAME IMAGE expected\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	strcpy(sa.sun_path, argv[1]);
	unlink(argv[1]);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 16)) {
		perror("fakedocker: listen");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0)
			continue;
		/* the request: read what came, answer or keep it waiting */
		if (read(fd, buf, sizeof(buf)) < 0) {
			close(fd);
			continue;
		}
		if (hang) {
			if (nconns == MAX_CONNS)
				close(conns[--nconns]);
			conns[nconns++] = fd;
			continue;
		}
		poll(NULL, 0, delay_ms);
		answer(fd, argv[3], argv[4]);
		close(fd);
	}
}
