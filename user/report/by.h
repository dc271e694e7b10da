/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * --by KEY[,KEY...]: events counted by any combination of container, cap,
 * path, user, process, reason, hour, action, outcome, uid, ns-uid; granted
 * and denied apart, the most first.
 */
#ifndef PT_REPORT_BY_H
#define PT_REPORT_BY_H

#include "enrich/record.h"
#include "lib/wbuf.h"
#include "report/tally.h"

#define BY_MAX_KEYS 6

enum by_key {
	BY_CONTAINER, BY_CAP, BY_PATH, BY_USER, BY_PROCESS, BY_REASON, BY_HOUR, BY_ACTION,
	BY_OUTCOME, BY_UID, BY_NS_UID, BY_KEYS
};

struct by_view {
	enum by_key keys[BY_MAX_KEYS];
	int n_keys;
	struct tally t;
	struct wbuf key;  /* the current record's key, reused */
};

/* "container,cap": 0, or -1 with the reason in err */
int by_parse(struct by_view *b, const char *spec, char *err, size_t len);
void by_add(struct by_view *b, const struct record *r);
void by_text(struct wbuf *w, const struct by_view *b);
void by_json(struct wbuf *w, const struct by_view *b);
void by_csv(struct wbuf *w, const struct by_view *b);
void by_free(struct by_view *b);

#endif
