// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The config file: each line becomes one long option, handed to the caller's
 * apply (the command line's own parser: options_parse_one), so a setting
 * means and checks exactly what its option does. Syntax in config.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli/config.h"
#include "lib/escape.h"
#include "lib/open_regular.h"

#define CONFIG_MAX_SIZE (1024 * 1024) /* a FIFO or /dev/zero must not hold the start */

struct line {
	char buf[CONFIG_MAX_LINE + 1];
	size_t len;
	bool too_long, nul;
};

/* One line without its newline: 1, or 0 at the end, -1 on a read error (errno). */
static int read_line(FILE *f, struct line *l, size_t *total)
{
	int c;

	l->len = 0;
	l->too_long = l->nul = false;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (++*total > CONFIG_MAX_SIZE)
			return -1;
		if (!c)
			l->nul = true;
		if (l->len < CONFIG_MAX_LINE)
			l->buf[l->len++] = c;
		else
			l->too_long = true;
	}
	l->buf[l->len] = '\0';
	if (c == EOF && ferror(f))
		return -1;
	return c != EOF || l->len || l->too_long;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *skip_blanks(char *s)
{
	while (blank(*s))
		s++;
	return s;
}

/* the end of a line's content: '\0', or a '#' that starts a comment */
static bool at_end(const char *s)
{
	return !*s || *s == '#';
}

/*
 * The value after '=': quoted (unescaped in place) or bare (up to a comment,
 * trailing blanks dropped). *why on error.
 */
static char *parse_value(char *s, const char **why)
{
	char *in, *out;

	if (*s != '"') {
		char *end = s;

		/* a '#' after a blank starts a comment; "a#b" is a value */
		while (*end && !(*end == '#' && blank(end[-1]))) /* s[-1]: the '=' (now a NUL) or a blank */
			end++;
		while (end > s && blank(end[-1]))
			end--;
		*end = '\0';
		return s;
	}
	for (in = out = s + 1; *in != '"'; in++, out++) {
		if (!*in) {
			*why = "unterminated quote";
			return NULL;
		}
		if (*in == '\\') {
			if (in[1] != '"' && in[1] != '\\') {
				*why = "in quotes, a backslash goes only before \" or \\";
				return NULL;
			}
			in++;
		}
		*out = *in;
	}
	if (!at_end(skip_blanks(in + 1))) {
		*why = "text after the closing quote";
		return NULL;
	}
	*out = '\0';
	return s + 1;
}

/* One line: 0 (a setting applied, or nothing to do) or -1 with the reason in why. */
static int apply_line(char *s, config_apply apply, void *arg, char *why, size_t why_len)
{
	const char *bad = NULL;
	char *name, *value = NULL, *kept;

	s = skip_blanks(s);
	if (at_end(s))
		return 0;
	name = s;
	while (*s && *s != '=' && !blank(*s))
		s++;
	if (s == name) {
		snprintf(why, why_len, "a setting name is missing before '='");
		return -1;
	}
	if (blank(*s))
		*s++ = '\0';
	s = skip_blanks(s);
	if (*s == '=') {
		*s = '\0'; /* the name may end right at '=' */
		value = parse_value(skip_blanks(s + 1), &bad);
		if (!value) {
			snprintf(why, why_len, "%s", bad);
			return -1;
		}
	} else if (!at_end(s)) {
		snprintf(why, why_len, "'=' expected after '%.80s'", name);
		return -1;
	}
	if (!strcmp(name, "run")) {
		snprintf(why, why_len, "'run' is not allowed in a config file: give it on the command "
				       "line (privtrace --config FILE run -- CMD)");
		return -1;
	}
	/* what the setting is applied to points into its value: kept for the life of the process */
	kept = value ? strdup(value) : NULL;
	if (value && !kept) {
		snprintf(why, why_len, "%s", strerror(errno));
		return -1;
	}
	if (apply(arg, name, kept, why, why_len)) {
		free(kept); /* a refused value is never stored */
		return -1;
	}
	return 0;
}

/*
 * The file, if it is a regular one: a FIFO (or a device) named by --config
 * must neither block the start nor be read. Opened without blocking, then
 * checked on the descriptor itself (no window for a swap), then read as usual.
 */
/* a FIFO or a device is never opened for reading (lib/open_regular.h) */
static FILE *open_config(const char *path, FILE *err)
{
	struct wbuf ew = WBUF_INIT;
	FILE *f = NULL;
	int fd = open_regular(AT_FDCWD, path, 0, CONFIG_MAX_SIZE);

	if (fd == -EINVAL)
		fprintf(err, "privtrace: %s: not a regular file: give a config file\n",
			escape_text_cstr(&ew, path));
	else if (fd == -EFBIG)
		fprintf(err, "privtrace: %s: larger than %d bytes: not a config file\n",
			escape_text_cstr(&ew, path), CONFIG_MAX_SIZE);
	else if (fd < 0)
		fprintf(err, "privtrace: %s: cannot read: %s\n", escape_text_cstr(&ew, path),
			strerror(-fd));
	if (fd < 0)
		goto out;
	/* blocking again for the reads (a regular file never blocks anyway) */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "r");
	if (!f) {
		fprintf(err, "privtrace: %s: cannot read: %s\n", escape_text_cstr(&ew, path),
			strerror(errno));
		close(fd);
	}
out:
	wbuf_free(&ew);
	return f;
}

int config_load(const char *path, config_apply apply, void *arg, FILE *err)
{
	static struct line l; /* 4 KiB: not on the stack */
	unsigned int lineno = 0, bad = 0;
	size_t total = 0;
	struct wbuf ew = WBUF_INIT;
	char why[512];
	FILE *f;
	int r;

	f = open_config(path, err);
	if (!f)
		return -1;
	while ((r = read_line(f, &l, &total)) > 0) {
		lineno++;
		if (l.nul) {
			snprintf(why, sizeof(why), "a NUL byte: this is not a text file");
		} else if (l.too_long) {
			snprintf(why, sizeof(why), "line longer than %d bytes", CONFIG_MAX_LINE);
		} else if (!apply_line(l.buf, apply, arg, why, sizeof(why))) {
			continue;
		}
		/* what the line said is quoted in why: escaped, as the path */
		fprintf(err, "privtrace: %s:%u: ", escape_text_cstr(&ew, path), lineno);
		fprintf(err, "%s\n", escape_text_cstr(&ew, why));
		bad++;
	}
	if (r < 0) {
		if (total > CONFIG_MAX_SIZE)
			fprintf(err, "privtrace: %s: larger than %d bytes: not a config file\n", path,
				CONFIG_MAX_SIZE);
		else
			fprintf(err, "privtrace: %s: cannot read: %s\n", path, strerror(errno));
		bad++;
	}
	fclose(f);
	wbuf_free(&ew);
	return bad ? -1 : 0;
}
