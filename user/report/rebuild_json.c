// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A JSON event record back into the event and the enrichment it was made
 * from (report/rebuilt.h), so that json_record writes the very line again.
 *
 * One pass over the line, no tree: the line is read as format/json.c writes
 * it, compact, each key dispatched where it stands and each value checked
 * for its one type and range as it is read. lib/json_scan.c is not used: it
 * checks a document whole and then scans each level again to walk it,
 * about 10 us for one 2.7 KB record before a field is taken, and `privtrace
 * report` has 6 us a line in all. Anything json_record does not write is
 * refused rather than guessed at: whitespace, an unknown or repeated key, a
 * value of another type, a number out of its field's range, a name this
 * build does not know. Every byte is untrusted; nothing is read outside
 * [p, p + len).
 *
 * What the line leaves unsaid is chosen so that the record says the same
 * again (rebuild_json's comment in rebuilt.h, and the notes below where a
 * choice is made); what record_init then decides (action, outcome, reason)
 * must be what the line says, or the line is refused.
 */
#include <string.h>

#include "event/explain.h"
#include "event/names.h"
#include "format/json.h"
#include "lib/timefmt.h"
#include "lib/utf8.h"
#include "report/rebuild_json.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the cursor ---- */

struct in {
	const char *p, *end;
	const char *why; /* the first thing found wrong */
};

static bool fail(struct in *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return false;
}

static bool eat(struct in *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return fail(c, "not privtrace's JSON: malformed");
}

static bool eat_lit(struct in *c, const char *s, size_t n)
{
	if ((size_t)(c->end - c->p) >= n && !memcmp(c->p, s, n)) {
		c->p += n;
		return true;
	}
	return false;
}

#define EAT_LIT(c, s) eat_lit((c), (s), sizeof(s) - 1)

/* ---- objects: keys by table, in its order (json.c's), each at most once ---- */

/* A key as it stands in the line, closing quote and colon included: one comparison. */
struct key {
	const char *name;
	unsigned char len;
};

#define K(s) { s "\":", sizeof(s) + 1 }

struct obj {
	const struct key *k;
	int n, next;   /* next: the first key that may still come */
	__u32 seen;    /* bit i: k[i] was there */
	bool first;
};

static bool obj_open(struct in *c, struct obj *o, const struct key *k, int n)
{
	o->k = k;
	o->n = n;
	o->next = 0;
	o->seen = 0;
	o->first = true;
	if (c->p < c->end && *c->p == '{') {
		c->p++;
		return true;
	}
	return fail(c, "an object expected");
}

/*
 * The next member: its key's index, the cursor at its value; -1 after the
 * closing brace, -2 on anything else (c->why says what).
 */
static int obj_next(struct in *c, struct obj *o)
{
	const char *k;
	size_t len;
	int i;

	if (c->p >= c->end)
		return fail(c, "not privtrace's JSON: cut short"), -2;
	if (*c->p == '}') {
		c->p++;
		return -1;
	}
	if (!o->first && !eat(c, ','))
		return -2;
	o->first = false;
	if (!eat(c, '"'))
		return -2;
	k = c->p;
	/*
	 * json_record writes the keys in the table's order, leaving some out:
	 * the next is tried first, compared where it stands. A key again, or
	 * before one already read, would come back elsewhere: refused too.
	 */
	i = o->next;
	if (i < o->n && (size_t)(c->end - k) >= o->k[i].len && !memcmp(k, o->k[i].name, o->k[i].len)) {
		c->p = k + o->k[i].len;
	} else {
		/* keys are json_record's own: printable ASCII, never an escape */
		while (c->p < c->end && *c->p != '"') {
			if ((unsigned char)*c->p < 0x20 || *c->p == '\\' || (unsigned char)*c->p >= 0x7f)
				return fail(c, "unknown field"), -2;
			c->p++;
		}
		len = c->p - k;
		for (i = 0; i < o->n; i++)
			if (o->k[i].len == len + 2 && !memcmp(o->k[i].name, k, len))
				break;
		if (i == o->n)
			return fail(c, "unknown field"), -2;
		if (i < o->next)
			return fail(c, "a field given twice or out of order"), -2;
		if (!eat(c, '"') || !eat(c, ':'))
			return -2;
	}
	o->seen |= 1u << i;
	o->next = i + 1;
	return i;
}

#define HAS(o, i) (((o)->seen >> (i)) & 1)
#define ALL(o, mask) (((o)->seen & (mask)) == (mask))
#define BIT(i) (1u << (i))

/* ---- values ---- */

/* An unsigned integer of at most max, as wbuf_u64 writes it (no sign, no leading zero). */
static bool take_uint(struct in *c, __u64 max, __u64 *v)
{
	const char *p = c->p;
	__u64 x = 0;

	if (p >= c->end || *p < '0' || *p > '9')
		return fail(c, "a number expected");
	if (*p == '0') {
		p++;
	} else {
		for (; p < c->end && *p >= '0' && *p <= '9'; p++)
			if (__builtin_mul_overflow(x, 10, &x) ||
			    __builtin_add_overflow(x, (__u64)(*p - '0'), &x))
				return fail(c, "a number out of range");
	}
	if (x > max)
		return fail(c, "a number out of range");
	/* a fraction or exponent, or digits after a leading zero: not one of ours */
	if (p < c->end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E'))
		return fail(c, "not an integer");
	c->p = p;
	*v = x;
	return true;
}

static bool take_u32(struct in *c, __u32 *v)
{
	__u64 x;

	if (!take_uint(c, 0xffffffffu, &x))
		return false;
	*v = (__u32)x;
	return true;
}

/* A __s32, as wbuf_s64 writes it ("-0" never). */
static bool take_s32(struct in *c, __s32 *v)
{
	bool neg = c->p < c->end && *c->p == '-';
	__u64 x;

	if (neg)
		c->p++;
	if (!take_uint(c, neg ? 0x80000000u : 0x7fffffffu, &x))
		return false;
	if (neg && !x)
		return fail(c, "not an integer");
	*v = neg ? (__s32)(-(__s64)x) : (__s32)x;
	return true;
}

static bool take_bool(struct in *c, bool *v)
{
	if (EAT_LIT(c, "true"))
		*v = true;
	else if (EAT_LIT(c, "false"))
		*v = false;
	else
		return fail(c, "a boolean expected");
	return true;
}

/*
 * A string of ours: a fixed word, a phrase of explain.c, a time, a number
 * as ECS's keyword: printable ASCII, nothing escaped. Its bytes, unquoted.
 */
static bool take_word(struct in *c, const char **w, size_t *n)
{
	const char *p;

	if (c->p >= c->end || *c->p != '"')
		return fail(c, "a string expected");
	c->p++;
	for (p = c->p; p < c->end && *p != '"'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f || *p == '\\')
			return fail(c, "a field of unexpected content");
	if (p >= c->end)
		return fail(c, "not privtrace's JSON: cut short");
	*w = c->p;
	*n = p - c->p;
	c->p = p + 1;
	return true;
}

static bool word_eq(const char *w, size_t n, const char *s)
{
	return s && strlen(s) == n && !memcmp(w, s, n);
}

/* The word, which must be s (else: why). */
static bool take_this(struct in *c, const char *s, const char *why)
{
	const char *w;
	size_t n;

	if (!take_word(c, &w, &n))
		return false;
	return word_eq(w, n, s) || fail(c, why);
}

/* A keyword holding a __u32 (file.uid, user.id): "1000". */
static bool take_u32_word(struct in *c, __u32 *v)
{
	struct in sub;
	const char *w;
	size_t n;

	if (!take_word(c, &w, &n))
		return false;
	sub = (struct in){ .p = w, .end = w + n };
	if (!take_u32(&sub, v) || sub.p != sub.end)
		return fail(c, sub.why ? sub.why : "a number expected");
	return true;
}

#define RFC3339_LEN (sizeof("2026-11-24T09:04:06.123456789Z") - 1)

/* A time as timefmt_rfc3339 writes it, and nothing it would write otherwise. */
static bool take_time(struct in *c, __u64 *ns, const char **w, size_t *n)
{
	/* room for what timefmt_rfc3339 writes, so the buffer is never grown */
	char tmp[2 * RFC3339_LEN];
	struct wbuf out = { .buf = tmp, .cap = sizeof(tmp) };

	if (!take_word(c, w, n))
		return false;
	if (*n != RFC3339_LEN || timefmt_parse_rfc3339(*w, *n, ns) != (int)*n)
		return fail(c, "a time expected");
	/* an offset, a leap second, a date past 2554 (the clock's u64 end): not one of ours */
	timefmt_rfc3339(&out, *ns);
	if (out.len != *n || memcmp(tmp, *w, *n))
		return fail(c, "a time not as privtrace writes it");
	return true;
}

/* A lowercase hex digit's value, or -1. */
static int lhex(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/*
 * A string escape_json wrote (a traced task's, a container's), decoded into
 * dst, at most cap bytes, no NUL added; *n its length. Only what
 * escape_json writes is taken (lib/escape.h): \", \\, \n, \t, \r; \u00XX
 * in lowercase for the other controls and the code points it escapes, and
 * for nothing else; UTF-8 as it is otherwise. So the same string comes
 * back only as the same text.
 *
 * escape_json writes a byte that is not UTF-8 as the characters \xNN, which
 * is also how it writes a backslash the task put before "xNN". The byte is
 * what the task had, so \xNN is taken back to it wherever escape_json would
 * have written that byte so: NN above 0x7f, and no valid UTF-8 with the
 * bytes just before it that were taken back too (c3 then a9 is "é", which
 * escape_json would have left as it is: then the second is the four
 * characters). Only such bytes can continue a sequence (a character of
 * the text is whole, an escape's is whole), so looking back three of them
 * decides. Either way escape_json(dst) is the text again.
 */
static bool take_text(struct in *c, char *dst, size_t cap, size_t *n)
{
	const unsigned char *p = (const unsigned char *)c->p, *end = (const unsigned char *)c->end;
	unsigned char *out = (unsigned char *)dst, tmp[4];
	size_t o = 0, k, m, raw = 0; /* raw: bytes just before out + o taken back from \xNN */
	unsigned int cp;
	int i, d, v;

	if (p >= end || *p != '"')
		return fail(c, "a string expected");
	p++;
	for (;;) {
		if (p >= end)
			return fail(c, "not privtrace's JSON: cut short");
		if (*p == '"')
			break;
		if (*p != '\\') {
			const unsigned char *q = p;

			if (*p < 0x20 || *p == 0x7f)
				return fail(c, "a string not as privtrace escapes it");
			if (*p < 0x80) {
				/* the common case: a run of plain ASCII */
				while (q < end && *q >= 0x20 && *q < 0x7f && *q != '"' && *q != '\\')
					q++;
				k = q - p;
			} else if (!(k = utf8_seq(p, end - p, &cp))) {
				return fail(c, "not privtrace's JSON: invalid UTF-8");
			} else if (utf8_dangerous(cp)) {
				return fail(c, "a string not as privtrace escapes it");
			}
			if (k > cap - o)
				return fail(c, "a string too long for its field");
			memcpy(out + o, p, k);
			o += k;
			p += k;
			raw = 0;
			continue;
		}
		if (end - p < 2)
			return fail(c, "not privtrace's JSON: cut short");
		k = 1;
		switch (p[1]) {
		case '"': tmp[0] = '"'; break;
		case 'n': tmp[0] = '\n'; break;
		case 'r': tmp[0] = '\r'; break;
		case 't': tmp[0] = '\t'; break;
		case 'u':
			if (end - p < 6)
				return fail(c, "not privtrace's JSON: cut short");
			for (i = 2, v = 0; i < 6; i++) {
				if ((d = lhex(p[i])) < 0)
					return fail(c, "a string not as privtrace escapes it");
				v = v << 4 | d;
			}
			cp = v;
			/* a NUL: escape_json stops there, and a C string cannot hold it */
			if (!cp || ((cp >= 0x20 || cp == '\n' || cp == '\t' || cp == '\r') &&
				    cp != 0x7f && !utf8_dangerous(cp)))
				return fail(c, "a string not as privtrace escapes it");
			k = utf8_put(cp, tmp);
			p += 4;
			break;
		case '\\':
			tmp[0] = '\\';
			/* lowercase only, as put_x writes it: an 'F' would come back 'f' */
			if (end - p < 5 || p[2] != 'x' || (i = lhex(p[3])) < 0 || (d = lhex(p[4])) < 0 ||
			    (v = i << 4 | d) < 0x80)
				break;
			if (o >= cap)
				return fail(c, "a string too long for its field");
			out[o] = v;
			for (m = 1; m <= raw && m <= 3; m++)
				if (utf8_seq(out + o - m, m + 1, &cp))
					break;
			if (m <= raw && m <= 3)
				break; /* it would make a character with those before it */
			o++;
			raw++;
			p += 5;
			continue;
		default: /* \/, \b, \f are JSON, not escape_json's */
			return fail(c, "a string not as privtrace escapes it");
		}
		if (k > cap - o)
			return fail(c, "a string too long for its field");
		memcpy(out + o, tmp, k);
		o += k;
		p += 2;
		raw = 0;
	}
	c->p = (const char *)p + 1;
	*n = o;
	return true;
}

/* take_text into a C string of size bytes. */
static bool take_cstr(struct in *c, char *dst, size_t size)
{
	size_t n;

	if (!take_text(c, dst, size - 1, &n))
		return false;
	dst[n] = '\0';
	return true;
}

/* The same, for a field json.c leaves out when empty (container.name...). */
static bool take_cstr_set(struct in *c, char *dst, size_t size)
{
	if (!take_cstr(c, dst, size))
		return false;
	return dst[0] || fail(c, "an empty field privtrace leaves out");
}

/*
 * The same few capability sets come on nearly every line (a root task's
 * full set, the empty one): the texts of the last few read are kept, per
 * thread, with their sets. A text is kept only once it was read whole, so
 * the same bytes are the same set.
 */
#define CAPS_SEEN 4
#define CAPS_TEXT_MAX (64 * 28 + 2) /* json.c's longest set */

static __thread struct caps_seen {
	__u64 mask;
	unsigned short len; /* 0: empty slot */
	char text[CAPS_TEXT_MAX];
} caps_seen[CAPS_SEEN];
static __thread unsigned int caps_next;

static bool caps_cached(struct in *c, __u64 *mask)
{
	const char *close = memchr(c->p, ']', c->end - c->p);
	size_t len;
	int i;

	if (!close)
		return false;
	len = close + 1 - c->p;
	for (i = 0; i < CAPS_SEEN; i++)
		if (caps_seen[i].len == len && !memcmp(caps_seen[i].text, c->p, len)) {
			*mask = caps_seen[i].mask;
			c->p = close + 1;
			return true;
		}
	return false;
}

static void caps_keep(const char *text, size_t len, __u64 mask)
{
	struct caps_seen *s = &caps_seen[caps_next++ % CAPS_SEEN];

	if (len > sizeof(s->text))
		return;
	memcpy(s->text, text, len);
	s->len = len;
	s->mask = mask;
}

/*
 * A capability set as caps() in json.c writes it: the names, or for a bit
 * this build has no name for its number, in number order. In order, each
 * name is found by trying the names after the last: a full set costs one
 * comparison a name.
 */
static bool take_caps(struct in *c, __u64 *mask)
{
	const char *p = c->p, *end = c->end, *name;
	int last = -1, b;
	size_t n = 0;

	*mask = 0;
	if (p >= end || *p != '[')
		return fail(c, "a capability set expected");
	if (caps_cached(c, mask))
		return true;
	p++;
	if (p < end && *p == ']') {
		c->p = p + 1;
		return true;
	}
	for (;;) {
		if (p >= end || *p != '"')
			return fail(c, "a capability set expected");
		p++;
		if (p < end && *p >= '1' && *p <= '9') {
			b = *p++ - '0';
			if (p < end && *p >= '0' && *p <= '9')
				b = b * 10 + (*p++ - '0');
			if (b <= last || b > 63 || cap_name(b) || p >= end || *p != '"')
				return fail(c, "an unknown capability");
			p++;
		} else {
			for (b = last + 1; b < 64; b++) {
				name = cap_name(b);
				if (!name)
					continue;
				n = strlen(name);
				if ((size_t)(end - p) > n && p[n] == '"' && !memcmp(p, name, n))
					break;
			}
			if (b == 64)
				return fail(c, "an unknown capability");
			p += n + 1;
		}
		*mask |= 1ULL << b;
		last = b;
		if (p >= end)
			return fail(c, "not privtrace's JSON: cut short");
		if (*p == ']')
			break;
		if (*p++ != ',')
			return fail(c, "not privtrace's JSON: malformed");
	}
	caps_keep(c->p, p + 1 - c->p, *mask);
	c->p = p + 1;
	return true;
}

/* One of the arrays of fixed words json.c writes whole ("[\"change\",\"user\"]"): which, or -1. */
static int take_fixed_array(struct in *c, const char *const *lits, int n)
{
	const char *p = c->p;
	size_t len;
	int i;

	while (p < c->end && *p != ']')
		p++;
	if (p >= c->end)
		return fail(c, "not privtrace's JSON: cut short"), -1;
	len = p + 1 - c->p;
	for (i = 0; i < n; i++)
		if (strlen(lits[i]) == len && !memcmp(lits[i], c->p, len)) {
			c->p = p + 1;
			return i;
		}
	return fail(c, "a field of unexpected content"), -1;
}

/* ---- what the line says, as it is read ---- */

enum { CAT_PROCESS, CAT_FILE, CAT_IAM };
static const char *const categories[] = { "[\"process\"]", "[\"file\"]", "[\"iam\"]" };

enum { TY_ACCESS, TY_START_CHANGE, TY_CHANGE, TY_CHANGE_GROUP, TY_CHANGE_USER, TY_DELETION,
       TY_CREATION };
static const char *const types[] = { "[\"access\"]", "[\"start\",\"change\"]", "[\"change\"]",
				     "[\"change\",\"group\"]", "[\"change\",\"user\"]",
				     "[\"deletion\"]", "[\"creation\"]" };

static const char *const accesses[] = { "[]", "[\"read\"]", "[\"write\"]", "[\"read\",\"write\"]" };

struct line {
	struct in in;
	struct rebuilt *b;
	__u64 real_ns, first_real_ns, seq;
	const char *ts, *end_ts; /* @timestamp and event.end: the same text */
	size_t ts_len, end_ts_len;
	int category, type;
	const char *action, *reason, *code, *err, *cap_word;
	size_t action_len, reason_len, code_len, err_len, cap_word_len;
	bool ok;
	int ns_match;
	/* which parts were there */
	__u32 top, event, file, user, pt, cap;
	bool ct_zeroed, has_pod_uid, has_cgroup_path;
	bool has_ns_user, has_root_is_host_root, has_map, root_is_host_root;
	int nargs; /* -1: no privtrace.args */
	const char *map_uid, *map_gid;
	size_t map_uid_len, map_gid_len;
	__u32 file_access;
	bool has_pfile;
};

/* ---- the objects, as json.c writes them ---- */

/* b->ct, cleared the first time a field of it is met (a host record has none: no cost). */
static struct container *ct_of(struct line *l)
{
	if (!l->ct_zeroed) {
		memset(&l->b->ct, 0, sizeof(l->b->ct));
		l->ct_zeroed = true;
	}
	return &l->b->ct;
}

static const struct key top_keys[] = { K("@timestamp"), K("ecs"), K("event"), K("file"),
					K("process"), K("user"), K("container"),
					K("orchestrator"), K("privtrace") };
enum { T_TS, T_ECS, T_EVENT, T_FILE, T_PROCESS, T_USER, T_CT, T_ORCH, T_PT };

static bool ecs_obj(struct line *l)
{
	static const struct key keys[] = { K("version") };
	struct in *c = &l->in;
	struct obj o;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0)
		if (!take_this(c, PT_ECS_VERSION, "another ecs.version"))
			return false;
	return i == -1 && (HAS(&o, 0) || fail(c, "no ecs.version"));
}

enum { EV_KIND, EV_CATEGORY, EV_TYPE, EV_ACTION, EV_OUTCOME, EV_SEQUENCE, EV_START, EV_END,
       EV_REASON };

static bool event_obj(struct line *l)
{
	static const struct key keys[] = { K("kind"), K("category"), K("type"), K("action"),
					   K("outcome"), K("sequence"), K("start"), K("end"),
					   K("reason") };
	struct in *c = &l->in;
	const char *w;
	__u64 end_ns;
	struct obj o;
	size_t n;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case EV_KIND:
			/* a metric record ("lost", "health", "dropped") has nothing to rebuild */
			ok = take_word(c, &w, &n) &&
			     (word_eq(w, n, "event") || fail(c, "not an event record"));
			break;
		case EV_CATEGORY:
			l->category = take_fixed_array(c, categories, ARRAY_SIZE(categories));
			ok = l->category >= 0;
			break;
		case EV_TYPE:
			l->type = take_fixed_array(c, types, ARRAY_SIZE(types));
			ok = l->type >= 0;
			break;
		case EV_ACTION:
			ok = take_word(c, &l->action, &l->action_len);
			break;
		case EV_OUTCOME:
			ok = take_word(c, &w, &n);
			if (ok && word_eq(w, n, "success"))
				l->ok = true;
			else if (ok && !word_eq(w, n, "failure"))
				ok = fail(c, "an unknown event.outcome");
			break;
		case EV_SEQUENCE:
			ok = take_uint(c, ~0ULL, &l->seq);
			break;
		case EV_START:
			ok = take_time(c, &l->first_real_ns, &w, &n);
			break;
		case EV_END:
			ok = take_time(c, &end_ns, &l->end_ts, &l->end_ts_len);
			break;
		default: /* EV_REASON */
			ok = take_word(c, &l->reason, &l->reason_len);
			break;
		}
		if (!ok)
			return false;
	}
	l->event = o.seen;
	if (i != -1)
		return false;
	if (!ALL(&o, BIT(EV_KIND) | BIT(EV_CATEGORY) | BIT(EV_TYPE) | BIT(EV_ACTION) |
			     BIT(EV_OUTCOME) | BIT(EV_SEQUENCE)))
		return fail(c, "not an event record: a field of event missing");
	return true;
}

/* An id in the task's namespace: a number, or null for one not mapped there. */
static bool take_ns_id(struct in *c, __u32 *v)
{
	if (EAT_LIT(c, "null")) {
		*v = PT_ID_UNMAPPED;
		return true;
	}
	return take_u32(c, v) && (*v != PT_ID_UNMAPPED || fail(c, "an unmapped id as a number"));
}

/* four octal digits, the permission bits */
static bool take_mode(struct in *c, __u32 *mode)
{
	const char *w;
	size_t n;
	int d;

	if (!take_word(c, &w, &n) || n != 4)
		return fail(c, "a mode not in octal");
	for (d = 0; d < 4; d++) {
		if (w[d] < '0' || w[d] > '7')
			return fail(c, "a mode not in octal");
		*mode = *mode << 3 | (w[d] - '0');
	}
	return true;
}

enum { F_PATH, F_UID, F_GID, F_MODE };

static bool file_obj(struct line *l)
{
	static const struct key keys[] = { K("path"), K("uid"), K("gid"), K("mode") };
	struct pt_event *e = &l->b->e;
	struct in *c = &l->in;
	struct obj o;
	size_t n;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case F_PATH:
			/* the kernel's path is NUL-terminated in its PT_PATH_LEN bytes */
			ok = take_text(c, e->path, PT_PATH_LEN - 1, &n);
			e->path_len = n + 1;
			break;
		case F_UID:
			ok = take_u32_word(c, &e->file.owner_uid);
			break;
		case F_GID:
			ok = take_u32_word(c, &e->file.owner_gid);
			break;
		default: /* F_MODE */
			ok = take_mode(c, &e->file.mode);
			break;
		}
		if (!ok)
			return false;
	}
	l->file = o.seen;
	return i == -1;
}

enum { CS_EFFECTIVE, CS_PERMITTED, CS_INHERITABLE };

/*
 * Capability sets from `from` to `to` of effective, permitted, inheritable,
 * all of them there: process.thread.capabilities has the first two,
 * privtrace.caps the last, privtrace.new.caps all three.
 */
static bool capsets_obj(struct line *l, struct pt_creds *cr, int from, int to)
{
	static const struct key keys[] = { K("effective"), K("permitted"), K("inheritable") };
	__u64 *slot[3] = { &cr->cap_effective, &cr->cap_permitted, &cr->cap_inheritable };
	struct in *c = &l->in;
	struct obj o;
	int i;

	if (!obj_open(c, &o, keys + from, to - from + 1))
		return false;
	while ((i = obj_next(c, &o)) >= 0)
		if (!take_caps(c, slot[from + i]))
			return false;
	if (i != -1)
		return false;
	return ALL(&o, (1u << (to - from + 1)) - 1) || fail(c, "a capability set missing");
}

/* {"inum":N,...}: the u32 fields of a small object, all of them there. */
static bool u32s_obj(struct line *l, const struct key *keys, int n, __u32 *const *slot)
{
	struct in *c = &l->in;
	struct obj o;
	int i;

	if (!obj_open(c, &o, keys, n))
		return false;
	while ((i = obj_next(c, &o)) >= 0)
		if (!take_u32(c, slot[i]))
			return false;
	if (i != -1)
		return false;
	return ALL(&o, (1u << n) - 1) || fail(c, "a field of a small object missing");
}

/* process.thread: {"id":N,"capabilities":{"effective":[...],"permitted":[...]}} */
static bool thread_obj(struct line *l)
{
	static const struct key keys[] = { K("id"), K("capabilities") };
	struct pt_event *e = &l->b->e;
	struct in *c = &l->in;
	struct obj o;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		ok = i ? capsets_obj(l, &e->cred, CS_EFFECTIVE, CS_PERMITTED) :
			 take_u32(c, &e->task.tid);
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return ALL(&o, 3) || fail(c, "a field of process.thread missing");
}

enum { PR_PID, PR_THREAD, PR_NAME, PR_PARENT };

static bool process_obj(struct line *l)
{
	static const struct key keys[] = { K("pid"), K("thread"), K("name"), K("parent") };
	static const struct key parent_keys[] = { K("pid") };
	struct pt_event *e = &l->b->e;
	__u32 *ppid[1] = { &e->task.ppid };
	struct in *c = &l->in;
	struct obj o;
	size_t n;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case PR_PID:
			ok = take_u32(c, &e->task.pid);
			break;
		case PR_THREAD:
			ok = thread_obj(l);
			break;
		case PR_NAME:
			/* comm: PT_COMM_LEN bytes, no NUL needed (json.c bounds it) */
			ok = take_text(c, e->task.comm, PT_COMM_LEN, &n);
			break;
		default: /* PR_PARENT */
			ok = u32s_obj(l, parent_keys, 1, ppid);
			break;
		}
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return ALL(&o, 0xf) || fail(c, "a field of process missing");
}

enum { U_ID, U_NAME };

static bool user_obj(struct line *l, __u32 *euid)
{
	static const struct key keys[] = { K("id"), K("name") };
	struct in *c = &l->in;
	struct obj o;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		ok = i == U_ID ? take_u32_word(c, euid) :
				 take_cstr(c, l->b->host_user, sizeof(l->b->host_user));
		if (!ok)
			return false;
	}
	l->user = o.seen;
	if (i != -1)
		return false;
	return HAS(&o, U_ID) || fail(c, "no user.id");
}

enum { C_ID, C_NAME, C_IMAGE, C_RUNTIME };

static bool container_obj(struct line *l)
{
	static const struct key keys[] = { K("id"), K("name"), K("image"), K("runtime") };
	static const struct key image_keys[] = { K("name") };
	struct container *ct = ct_of(l);
	struct in *c = &l->in;
	const char *w;
	struct obj o, s;
	size_t n;
	bool ok;
	int i, j;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case C_ID:
			ok = take_cstr(c, ct->id, sizeof(ct->id));
			break;
		case C_NAME:
			ok = take_cstr_set(c, ct->meta.name, sizeof(ct->meta.name));
			break;
		case C_IMAGE:
			if (!obj_open(c, &s, image_keys, ARRAY_SIZE(image_keys)))
				return false;
			while ((j = obj_next(c, &s)) >= 0)
				if (!take_cstr_set(c, ct->meta.image, sizeof(ct->meta.image)))
					return false;
			ok = j == -1 && (HAS(&s, 0) || fail(c, "no container.image.name"));
			break;
		default: /* C_RUNTIME */
			ok = take_word(c, &w, &n);
			for (j = CT_RT_NONE + 1; ok && j < CT_RT_MAX; j++)
				if (word_eq(w, n, ct_runtime_name(j)))
					break;
			if (ok && j == CT_RT_MAX)
				ok = fail(c, "an unknown container.runtime");
			ct->runtime = j;
			break;
		}
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return ALL(&o, BIT(C_ID) | BIT(C_RUNTIME)) || fail(c, "a field of container missing");
}

static bool orchestrator_obj(struct line *l)
{
	static const struct key keys[] = { K("type"), K("namespace"), K("resource") };
	static const struct key res_keys[] = { K("type"), K("name"), K("id") };
	struct container *ct = ct_of(l);
	struct ct_meta *m = &ct->meta;
	struct in *c = &l->in;
	struct obj o, s;
	bool ok;
	int i, j;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (i == 0) {
			ok = take_this(c, "kubernetes", "an unknown orchestrator.type");
		} else if (i == 1) {
			ok = take_cstr_set(c, m->pod_namespace, sizeof(m->pod_namespace));
		} else {
			if (!obj_open(c, &s, res_keys, ARRAY_SIZE(res_keys)))
				return false;
			while ((j = obj_next(c, &s)) >= 0) {
				if (j == 0)
					ok = take_this(c, "pod", "an unknown orchestrator.resource.type");
				else if (j == 1)
					ok = take_cstr_set(c, m->pod_name, sizeof(m->pod_name));
				else /* which of the two it was: see settle */
					ok = take_cstr_set(c, ct->pod_uid, sizeof(ct->pod_uid));
				if (!ok)
					return false;
			}
			l->has_pod_uid = HAS(&s, 2);
			/* json.c writes the resource only for a pod it can name or number */
			ok = j == -1 && ((HAS(&s, 0) && (HAS(&s, 1) || HAS(&s, 2))) ||
					 fail(c, "an orchestrator.resource without a pod"));
		}
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return ALL(&o, BIT(0) | BIT(2)) || fail(c, "a field of orchestrator missing");
}

/* privtrace.host, ns, new.host, new.ns: the eight ids; in a namespace's view null is unmapped. */
static bool ids_obj(struct line *l, struct pt_ids *v, bool ns_view, bool user_name)
{
	static const struct key keys[] = { K("uid"), K("euid"), K("suid"), K("fsuid"), K("gid"),
					   K("egid"), K("sgid"), K("fsgid"), K("user_name") };
	__u32 *slot[8] = { &v->uid, &v->euid, &v->suid, &v->fsuid,
			   &v->gid, &v->egid, &v->sgid, &v->fsgid };
	struct in *c = &l->in;
	struct obj o;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, user_name ? 9 : 8))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (i == 8) {
			ok = take_cstr(c, l->b->ns_user, sizeof(l->b->ns_user));
			l->has_ns_user = true;
		} else if (ns_view && EAT_LIT(c, "null")) {
			*slot[i] = PT_ID_UNMAPPED;
			ok = true;
		} else {
			/* the namespace's unmapped id is written null, never as its number */
			ok = take_u32(c, slot[i]) && (!ns_view || *slot[i] != PT_ID_UNMAPPED ||
						      fail(c, "an unmapped id as a number"));
		}
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return ALL(&o, 0xff) || fail(c, "an id missing");
}

static bool userns_obj(struct line *l)
{
	static const struct key keys[] = { K("inum"), K("level"), K("owner_uid"),
					   K("root_is_host_root"), K("map") };
	static const struct key map_keys[] = { K("uid"), K("gid") };
	struct pt_task *t = &l->b->e.task;
	__u32 *slot[3] = { &t->userns_inum, &t->userns_level, &t->userns_owner };
	struct in *c = &l->in;
	struct obj o, s;
	bool ok;
	int i, j;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (i < 3) {
			ok = take_u32(c, slot[i]);
		} else if (i == 3) {
			ok = take_bool(c, &l->root_is_host_root);
			l->has_root_is_host_root = true;
		} else {
			/* digits, ':', ',' and "...": nothing escape_json changes */
			if (!obj_open(c, &s, map_keys, ARRAY_SIZE(map_keys)))
				return false;
			while ((j = obj_next(c, &s)) >= 0)
				if (!(j ? take_word(c, &l->map_gid, &l->map_gid_len) :
					  take_word(c, &l->map_uid, &l->map_uid_len)))
					return false;
			ok = j == -1 && (ALL(&s, 3) || fail(c, "a privtrace.userns.map missing"));
			l->has_map = true;
		}
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return ALL(&o, 7) || fail(c, "a field of privtrace.userns missing");
}

static bool cgroup_obj(struct line *l)
{
	static const struct key keys[] = { K("id"), K("path") };
	struct in *c = &l->in;
	struct obj o;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (i == 0) {
			ok = take_uint(c, ~0ULL, &l->b->e.task.cgroup_id);
		} else {
			ok = take_cstr(c, l->b->cgroup_path, sizeof(l->b->cgroup_path));
			l->has_cgroup_path = true;
		}
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return HAS(&o, 0) || fail(c, "no privtrace.cgroup.id");
}

/* privtrace.kubernetes: {"container":{"name":...}} */
static bool kubernetes_obj(struct line *l)
{
	static const struct key keys[] = { K("container") };
	static const struct key ct_keys[] = { K("name") };
	struct ct_meta *m = &ct_of(l)->meta;
	struct in *c = &l->in;
	struct obj o, s;
	int i, j;

	if (!obj_open(c, &o, keys, 1))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (!obj_open(c, &s, ct_keys, 1))
			return false;
		while ((j = obj_next(c, &s)) >= 0)
			if (!take_cstr_set(c, m->k8s_container, sizeof(m->k8s_container)))
				return false;
		if (j != -1 || !HAS(&s, 0))
			return fail(c, "no privtrace.kubernetes.container.name");
	}
	return i == -1 && (HAS(&o, 0) || fail(c, "no privtrace.kubernetes.container"));
}

/* privtrace.container: {"ns_match":bool} */
static bool pt_container_obj(struct line *l)
{
	static const struct key keys[] = { K("ns_match") };
	struct in *c = &l->in;
	struct obj o;
	bool v;
	int i;

	if (!obj_open(c, &o, keys, 1))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (!take_bool(c, &v))
			return false;
		l->ns_match = v;
	}
	return i == -1 && (HAS(&o, 0) || fail(c, "no privtrace.container.ns_match"));
}

enum { CA_NAME, CA_ID, CA_TARGET, CA_CAPABLE, CA_NOAUDIT, CA_CHECKED, CA_LOADER };

static bool creds_obj(struct line *l, struct pt_creds *cr, const char *missing);

static bool capability_obj(struct line *l)
{
	static const struct key keys[] = { K("name"), K("id"), K("target_userns"),
					   K("capable_userns"), K("noaudit"), K("checked_creds"),
					   K("loader_call") };
	static const struct key target_keys[] = { K("inum"), K("level") };
	static const struct key capable_keys[] = { K("inum") };
	struct pt_event *e = &l->b->e;
	__u32 *target[2] = { &e->cap.target_userns_inum, &e->cap.target_userns_level };
	__u32 *capable[1] = { &e->cap.capable_userns_inum };
	struct in *c = &l->in;
	const char *word;
	size_t word_len;
	struct obj o;
	bool ok, v;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case CA_NAME:
			/* the id says which; the name must be this build's for it (settle) */
			ok = take_word(c, &l->cap_word, &l->cap_word_len);
			break;
		case CA_ID:
			ok = take_s32(c, &e->cap.cap);
			break;
		case CA_TARGET:
			ok = u32s_obj(l, target_keys, 2, target);
			break;
		case CA_CAPABLE:
			/* json.c writes it for a found namespace only */
			ok = u32s_obj(l, capable_keys, 1, capable) &&
			     (e->cap.capable_userns_inum || fail(c, "a capable_userns of inum 0"));
			break;
		case CA_NOAUDIT:
			ok = take_bool(c, &v);
			if (ok && v)
				e->flags |= PT_F_CAP_NOAUDIT;
			break;
		case CA_CHECKED: /* someone else's credentials were checked */
			ok = creds_obj(l, &e->cap.checked, "a field of privtrace.capability.checked_creds missing");
			e->flags |= PT_F_CRED_OVERRIDE;
			break;
		default: /* CA_LOADER: inside a BPF loader's call */
			ok = take_word(c, &word, &word_len);
			if (ok && word_len == 3 && !memcmp(word, "bpf", 3))
				e->flags |= PT_F_IN_BPF;
			else if (ok && word_len == 15 && !memcmp(word, "perf_event_open", 15))
				e->flags |= PT_F_IN_PERF_EVENT_OPEN;
			else if (ok)
				ok = fail(c, "privtrace.capability.loader_call is neither bpf nor perf_event_open");
			break;
		}
		if (!ok)
			return false;
	}
	l->cap = o.seen;
	if (i != -1)
		return false;
	return ALL(&o, BIT(CA_ID) | BIT(CA_TARGET)) ||
	       fail(c, "a field of privtrace.capability missing");
}

static bool args_arr(struct line *l)
{
	struct pt_event *e = &l->b->e;
	struct in *c = &l->in;
	__u32 v;

	l->nargs = 0;
	if (!eat(c, '['))
		return false;
	if (c->p < c->end && *c->p == ']') {
		c->p++;
		return true;
	}
	for (;;) {
		if (l->nargs == (int)ARRAY_SIZE(e->change.args))
			return fail(c, "too many privtrace.args");
		if (!take_u32(c, &v))
			return false;
		/* the low 32 bits the kernel uses, zero-extended, as the event has them */
		e->change.args[l->nargs++] = v;
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			return true;
		}
		if (!eat(c, ','))
			return false;
	}
}

enum { N_HOST, N_NS, N_CAPS };

/* privtrace.new, privtrace.capability.checked_creds: the eight ids twice and the three sets */
static bool creds_obj(struct line *l, struct pt_creds *cr, const char *missing)
{
	static const struct key keys[] = { K("host"), K("ns"), K("caps") };
	struct in *c = &l->in;
	struct obj o;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (i == N_HOST)
			ok = ids_obj(l, &cr->host, false, false);
		else if (i == N_NS)
			ok = ids_obj(l, &cr->ns, true, false);
		else
			ok = capsets_obj(l, cr, CS_EFFECTIVE, CS_INHERITABLE);
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	return ALL(&o, 7) || fail(c, missing);
}

static bool new_obj(struct line *l)
{
	return creds_obj(l, &l->b->e.change.new_cred, "a field of privtrace.new missing");
}

/* privtrace.file.directory: a change record's directory, its owner both ways and its mode. */
static bool dir_obj(struct line *l)
{
	static const struct key keys[] = { K("uid"), K("gid"), K("mode"), K("ns_uid"), K("ns_gid") };
	struct pt_event *e = &l->b->e;
	struct in *c = &l->in;
	struct obj o;
	bool ok;
	int i;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case 0:
			ok = take_u32_word(c, &e->file.dir_uid);
			break;
		case 1:
			ok = take_u32_word(c, &e->file.dir_gid);
			break;
		case 2:
			ok = take_mode(c, &e->file.dir_mode);
			break;
		case 3:
			ok = take_ns_id(c, &e->file.dir_ns_uid);
			break;
		default:
			ok = take_ns_id(c, &e->file.dir_ns_gid);
			break;
		}
		if (!ok)
			return false;
	}
	if (i != -1)
		return false;
	e->flags |= PT_F_DIR_OWNER;
	return ALL(&o, 31) || fail(c, "a field of privtrace.file.directory missing");
}

/*
 * privtrace.file: an allowed open's or a change's owner in the namespace,
 * the access asked for, and a change's directory.
 */
static bool pfile_obj(struct line *l)
{
	static const struct key keys[] = { K("owner_ns_uid"), K("owner_ns_gid"), K("access"),
					   K("directory") };
	struct pt_event *e = &l->b->e;
	__u32 *slot[2] = { &e->file.owner_ns_uid, &e->file.owner_ns_gid };
	struct in *c = &l->in;
	struct obj o;
	bool ok;
	int i, a;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		if (i < 2) {
			ok = take_ns_id(c, slot[i]);
		} else if (i == 3) {
			ok = dir_obj(l);
		} else {
			a = take_fixed_array(c, accesses, ARRAY_SIZE(accesses));
			ok = a >= 0;
			/* PT_MAY_EXEC is not written (an open does not ask it) */
			if (ok)
				l->file_access = (a & 1 ? PT_MAY_READ : 0) | (a & 2 ? PT_MAY_WRITE : 0);
		}
		if (!ok)
			return false;
	}
	l->has_pfile = true;
	if (i != -1)
		return false;
	return ALL(&o, 7) || fail(c, "a field of privtrace.file missing");
}

enum { P_SYSCALL, P_ABI, P_NR, P_HOOK, P_REASON, P_REPEAT, P_RET, P_ERRNO, P_TRUNC, P_UNREAD,
       P_HOST, P_NS, P_CAPS, P_PIDNS, P_USERNS, P_MNTNS, P_CGROUPNS, P_CGROUP, P_K8S,
       P_CONTAINER, P_CAPABILITY, P_ARGS, P_NEW, P_SECUREEXEC, P_FILE };

static bool privtrace_obj(struct line *l)
{
	static const struct key keys[] = {
		K("syscall"), K("syscall_abi"), K("syscall_nr"), K("hook"), K("reason"),
		K("repeat"), K("ret"), K("errno"), K("path_truncated"), K("path_unreadable"),
		K("host"), K("ns"), K("caps"), K("pidns"), K("userns"), K("mntns"),
		K("cgroupns"), K("cgroup"), K("kubernetes"), K("container"), K("capability"),
		K("args"), K("new"), K("secureexec"), K("file"),
	};
	static const struct key inum_key[] = { K("inum") };
	static const struct key pidns_keys[] = { K("inum"), K("pid"), K("tid") };
	static const struct key repeat_keys[] = { K("count") };
	struct pt_event *e = &l->b->e;
	struct pt_task *t = &e->task;
	__u32 *pidns[3] = { &t->pidns_inum, &t->ns_pid, &t->ns_tid };
	__u32 *mntns[1] = { &t->mntns_inum }, *cgroupns[1] = { &t->cgroupns_inum };
	__u32 *repeat[1] = { &e->repeat };
	struct in *c = &l->in;
	const char *w;
	struct obj o;
	size_t n;
	bool ok, v;
	int i, j;

	if (!obj_open(c, &o, keys, ARRAY_SIZE(keys)))
		return false;
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case P_SYSCALL:
			ok = take_word(c, &w, &n);
			for (j = PT_SYS_NONE + 1; ok && j < PT_SYS_MAX; j++)
				if (word_eq(w, n, syscall_name(j)))
					break;
			if (ok && j == PT_SYS_MAX)
				ok = fail(c, "an unknown privtrace.syscall");
			e->syscall = j;
			break;
		case P_ABI:
			ok = take_word(c, &w, &n);
			if (ok && word_eq(w, n, "ia32"))
				e->flags |= PT_F_ABI_IA32;
			else if (ok && word_eq(w, n, "x32"))
				e->flags |= PT_F_ABI_X32;
			else if (ok && !word_eq(w, n, "x86_64"))
				ok = fail(c, "an unknown privtrace.syscall_abi");
			break;
		case P_NR:
			ok = take_u32(c, &e->sys_nr);
			break;
		case P_HOOK:
			ok = take_word(c, &w, &n);
			for (j = 1; ok && j < PT_HOOK_MAX; j++)
				if (word_eq(w, n, hook_name(j)))
					break;
			if (ok && j == PT_HOOK_MAX)
				ok = fail(c, "an unknown privtrace.hook");
			e->hook = j;
			break;
		case P_REASON:
			ok = take_word(c, &l->code, &l->code_len);
			break;
		case P_REPEAT:
			ok = u32s_obj(l, repeat_keys, 1, repeat) &&
			     (e->repeat || fail(c, "a privtrace.repeat.count of 0"));
			break;
		case P_RET:
			ok = take_s32(c, &e->ret);
			break;
		case P_ERRNO:
			ok = take_word(c, &l->err, &l->err_len);
			break;
		case P_TRUNC:
		case P_UNREAD:
			/* written true or not at all */
			ok = take_bool(c, &v) && (v || fail(c, "a flag of privtrace written false"));
			e->flags |= i == P_TRUNC ? PT_F_PATH_TRUNC : PT_F_PATH_FAULT;
			break;
		case P_HOST:
			ok = ids_obj(l, &e->cred.host, false, false);
			break;
		case P_NS:
			ok = ids_obj(l, &e->cred.ns, true, true);
			break;
		case P_CAPS:
			ok = capsets_obj(l, &e->cred, CS_INHERITABLE, CS_INHERITABLE);
			break;
		case P_PIDNS:
			ok = u32s_obj(l, pidns_keys, 3, pidns);
			break;
		case P_USERNS:
			ok = userns_obj(l);
			break;
		case P_MNTNS:
			ok = u32s_obj(l, inum_key, 1, mntns);
			break;
		case P_CGROUPNS:
			ok = u32s_obj(l, inum_key, 1, cgroupns);
			break;
		case P_CGROUP:
			ok = cgroup_obj(l);
			break;
		case P_K8S:
			ok = kubernetes_obj(l);
			break;
		case P_CONTAINER:
			ok = pt_container_obj(l);
			break;
		case P_CAPABILITY:
			ok = capability_obj(l);
			break;
		case P_ARGS:
			ok = args_arr(l);
			break;
		case P_NEW:
			ok = new_obj(l);
			break;
		case P_SECUREEXEC:
			ok = take_bool(c, &v);
			if (ok && v)
				e->flags |= PT_F_SECUREEXEC;
			break;
		default: /* P_FILE */
			ok = pfile_obj(l);
			break;
		}
		if (!ok)
			return false;
	}
	l->pt = o.seen;
	if (i != -1)
		return false;
	if (!ALL(&o, BIT(P_RET) | BIT(P_HOST) | BIT(P_NS) | BIT(P_CAPS) | BIT(P_PIDNS) |
			     BIT(P_USERNS) | BIT(P_MNTNS) | BIT(P_CGROUPNS) | BIT(P_CGROUP)))
		return fail(c, "a field of privtrace missing");
	return true;
}

static bool record_obj(struct line *l, __u32 *user_euid)
{
	struct in *c = &l->in;
	__u64 ns;
	struct obj o;
	bool ok;
	int i;

	if (!obj_open(c, &o, top_keys, ARRAY_SIZE(top_keys)))
		return fail(c, "not privtrace's JSON: not an object");
	while ((i = obj_next(c, &o)) >= 0) {
		switch (i) {
		case T_TS:
			ok = take_time(c, &ns, &l->ts, &l->ts_len);
			l->real_ns = ns;
			break;
		case T_ECS:
			ok = ecs_obj(l);
			break;
		case T_EVENT:
			ok = event_obj(l);
			break;
		case T_FILE:
			ok = file_obj(l);
			break;
		case T_PROCESS:
			ok = process_obj(l);
			break;
		case T_USER:
			ok = user_obj(l, user_euid);
			break;
		case T_CT:
			ok = container_obj(l);
			break;
		case T_ORCH:
			ok = orchestrator_obj(l);
			break;
		default: /* T_PT */
			ok = privtrace_obj(l);
			break;
		}
		if (!ok)
			return false;
	}
	l->top = o.seen;
	if (i != -1)
		return false;
	if (c->p != c->end)
		return fail(c, "not privtrace's JSON: more after the record");
	/* "event" first: a metric record says so before it lacks the rest */
	if (!HAS(&o, T_EVENT))
		return fail(c, "not an event record");
	if (!ALL(&o, BIT(T_TS) | BIT(T_ECS) | BIT(T_PROCESS) | BIT(T_USER) | BIT(T_PT)))
		return fail(c, "not an event record: a part missing");
	return true;
}

/* ---- what the line leaves unsaid ---- */

/*
 * A user namespace's map as userns_map.c format_map writes it, "ns:host:count"
 * lines joined by ',', a ",..." after the fifth when there were more.
 */
static bool map_parse(const char *s, size_t n, struct pt_idmap *m)
{
	struct in c = { .p = s, .end = s + n };
	struct pt_extent *x;

	if (!n)
		return true; /* not written yet: maps nothing */
	for (;;) {
		if (m->nr_extents == PT_MAP_INLINE_EXTENTS) {
			/* how many more is not written: the least there can have been */
			if (!EAT_LIT(&c, "...") || c.p != c.end)
				return false;
			m->nr_extents = PT_MAP_INLINE_EXTENTS + 1;
			return true;
		}
		x = &m->extent[m->nr_extents++];
		if (!take_u32(&c, &x->first) || !eat(&c, ':') || !take_u32(&c, &x->lower_first) ||
		    !eat(&c, ':') || !take_u32(&c, &x->count))
			return false;
		if (c.p == c.end)
			return true;
		if (!eat(&c, ','))
			return false;
	}
}

/* The bits a phrase's "an unknown capability" can stand for: explain_syscall's branch says. */
enum pick { PICK_ANY, PICK_EFFECTIVE, PICK_NOT_EFFECTIVE };

static bool pick_ok(int b, __u64 eff, enum pick want)
{
	if (want == PICK_EFFECTIVE)
		return eff >> b & 1;
	if (want == PICK_NOT_EFFECTIVE)
		return !(eff >> b & 1);
	return true;
}

#define UNKNOWN_CAP "an unknown capability"

/*
 * The capability named at *pp (explain.c put_caps: a name, or "an unknown
 * capability" for a number this build has none for), numbered above last:
 * its bit, *pp past it; -1 if none is.
 */
static int phrase_cap(const char **pp, const char *end, int last, __u64 eff, enum pick want)
{
	const char *p = *pp, *name;
	size_t n;
	int b;

	if ((size_t)(end - p) >= sizeof(UNKNOWN_CAP) - 1 &&
	    !memcmp(p, UNKNOWN_CAP, sizeof(UNKNOWN_CAP) - 1)) {
		/* any unnamed bit writes the same: the lowest the branch allows */
		for (b = last + 1; b < 64; b++)
			if (!cap_name(b) && pick_ok(b, eff, want))
				break;
		if (b == 64)
			return -1;
		*pp = p + sizeof(UNKNOWN_CAP) - 1;
		return b;
	}
	for (b = last + 1; b < 64; b++) {
		name = cap_name(b);
		if (!name)
			continue;
		n = strlen(name);
		if ((size_t)(end - p) >= n && !memcmp(p, name, n)) {
			*pp = p + n;
			return b;
		}
	}
	return -1;
}

/*
 * The capabilities a phrase lists after `before`: as many as are whole in
 * it, into *mask. What follows them (the rest of the phrase) is left to
 * the final comparison with what explain_event writes.
 */
static bool phrase_caps(const char *text, size_t len, const char *before, __u64 eff,
			enum pick want, __u64 *mask, int *last)
{
	const char *p = text, *end = text + len, *q;
	size_t bl = strlen(before);
	int b;

	*mask = 0;
	*last = -1;
	if (len < bl || memcmp(text, before, bl))
		return false;
	p += bl;
	if ((b = phrase_cap(&p, end, -1, eff, want)) < 0)
		return false;
	for (;;) {
		*mask |= 1ULL << b;
		*last = b;
		q = p;
		if ((size_t)(end - q) >= 2 && !memcmp(q, ", ", 2))
			q += 2;
		else if ((size_t)(end - q) >= 5 && !memcmp(q, " and ", 5))
			q += 5;
		else
			return true;
		if ((b = phrase_cap(&q, end, b, eff, want)) < 0)
			return true;
		p = q;
	}
}

/* Whether explain_event, for e as it stands, writes text[0..len) exactly. */
static bool explains(const struct pt_event *e, bool ok, const char *text, size_t len)
{
	struct explanation x;

	explain_event(e, ok, &x);
	return strlen(x.text) == len && !memcmp(x.text, text, len);
}

/*
 * A phrase's capabilities into *slot (sys_caps_denied or _granted). A
 * phrase is cut at EXPLAIN_TEXT_LEN, and a list then cut in a name or
 * before its last: the capabilities past the cut are not in the line, and
 * the one or two first ones the cut leaves a trace of are found by trying
 * (the others change nothing written).
 */
static void reason_caps(struct pt_event *e, bool ok, const char *text, size_t len,
			const char *before, enum pick want, __u64 *slot)
{
	__u64 eff = e->cred.cap_effective, mask;
	int last, b, d;

	if (!phrase_caps(text, len, before, eff, want, &mask, &last))
		return;
	*slot = mask;
	if (len < EXPLAIN_TEXT_LEN - 1 || explains(e, ok, text, len))
		return;
	for (b = last + 1; b < 64; b++) {
		if (!pick_ok(b, eff, want))
			continue;
		*slot = mask | 1ULL << b;
		if (explains(e, ok, text, len))
			return;
		for (d = b + 1; d < 64 && !pick_ok(d, eff, want); d++)
			;
		if (d < 64) {
			*slot = mask | 1ULL << b | 1ULL << d;
			if (explains(e, ok, text, len))
				return;
		}
	}
	*slot = mask;
}

/*
 * A flagged open's phrase, "host root reading a root-only host file (mode
 * 0600): container root is host root": the mode, and whether it wrote.
 */
static void host_root_phrase(struct pt_event *e, const char *text, size_t len)
{
	static const char head[] = "host root ", mid[] = "ing a root-only host file (mode ",
			  tail[] = "): container root is host root";
	const size_t hl = sizeof(head) - 1, ml = sizeof(mid) - 1;
	const char *p;
	int d;

	/* "read" and "writ" alike four letters, the mode four digits */
	if (len != hl + 4 + ml + 4 + sizeof(tail) - 1 || memcmp(text + hl + 4, mid, ml))
		return;
	if (!memcmp(text + hl, "writ", 4))
		e->file.access = PT_MAY_WRITE;
	for (p = text + hl + 4 + ml, d = 0; d < 4 && p[d] >= '0' && p[d] <= '7'; d++)
		e->file.mode = e->file.mode << 3 | (p[d] - '0');
}

/*
 * owner_unmapped's phrase, and the one privtrace wrote before 2026-12-02
 * (it did not say that the owner may be a directory's): both are read, the
 * record then written in today's words.
 */
#define NEW_UNMAPPED "the owner of the file or of a directory on its path is not mapped into " \
		     "the caller's user namespace, so "
#define OLD_UNMAPPED "the owner is not mapped into the caller's user namespace, so "

static bool old_unmapped(const char *text, size_t len)
{
	return len >= sizeof(OLD_UNMAPPED) - 1 && !memcmp(text, OLD_UNMAPPED, sizeof(OLD_UNMAPPED) - 1);
}

/* the line's event.reason is what explain_event says, in today's words or the old ones */
static bool reason_same(const char *line, size_t len, const struct explanation *why)
{
	size_t n = strlen(why->text), k = sizeof(NEW_UNMAPPED) - 1, o = sizeof(OLD_UNMAPPED) - 1;

	if (word_eq(line, len, why->text))
		return true;
	return why->code == PT_R_OWNER_UNMAPPED && old_unmapped(line, len) && n >= k &&
	       !memcmp(why->text, NEW_UNMAPPED, k) && len - o == n - k &&
	       !memcmp(line + o, why->text + k, n - k);
}

/*
 * What explain_event derives the reason from and the line does not carry
 * -- the target namespace's place (PT_F_CAP_TARGET_OUTSIDE), the verdicts
 * of the checks inside the syscall (sys_caps_granted/denied), a flagged
 * open (PT_F_HOST_ROOT_FILE) -- put back from the reason itself. Only what
 * the phrase says is set: bits it does not name stay 0, and change
 * nothing written.
 */
static void reason_fields(struct pt_event *e, bool ok, enum pt_reason code, const char *text,
			  size_t len, bool owner)
{
	if (e->kind == PT_EV_CAP) {
		if (code == PT_R_CAP_OUTSIDE_USERNS)
			e->flags |= PT_F_CAP_TARGET_OUTSIDE;
		return;
	}
	if (e->kind == PT_EV_CRED || e->ret < 0) {
		switch (code) {
		case PT_R_CAP_NOT_EFFECTIVE:
			reason_caps(e, ok, text, len, "", PICK_NOT_EFFECTIVE, &e->sys_caps_denied);
			break;
		case PT_R_MODE_DENIES:
			reason_caps(e, ok, text, len, "the mode bits deny and no override applies: ",
				    PICK_NOT_EFFECTIVE, &e->sys_caps_denied);
			break;
		case PT_R_CAP_OUTSIDE_USERNS:
		case PT_R_SECURITY_MODULE:
			reason_caps(e, ok, text, len, "", PICK_EFFECTIVE, &e->sys_caps_denied);
			break;
		case PT_R_OWNER_UNMAPPED:
			reason_caps(e, ok, text, len, old_unmapped(text, len) ? OLD_UNMAPPED : NEW_UNMAPPED,
				    PICK_ANY, &e->sys_caps_granted);
			break;
		case PT_R_NOT_DAC:
			reason_caps(e, ok, text, len, "refused although ", PICK_ANY,
				    &e->sys_caps_granted);
			break;
		default:
			break;
		}
		return;
	}
	if (e->kind != PT_EV_FILE)
		return;
	if (code == PT_R_HOST_ROOT_CHANGE) {
		e->flags |= PT_F_HOST_ROOT_CHANGE;
		return;
	}
	if (code == PT_R_HOST_ROOT_FILE) {
		e->flags |= PT_F_HOST_ROOT_FILE;
		/* the owner record has the mode and access; without it only the phrase does */
		if (!owner)
			host_root_phrase(e, text, len);
		return;
	}
	if (code == PT_R_PRIVILEGE)
		reason_caps(e, ok, text, len, "allowed by ", PICK_ANY, &e->sys_caps_granted);
}

/* event.type of a file record, as json.c has it. */
static int file_type(const struct pt_event *e)
{
	const char *t = file_change_type(e);

	if (!t)
		return TY_ACCESS;
	return !strcmp(t, "deletion") ? TY_DELETION : !strcmp(t, "creation") ? TY_CREATION : TY_CHANGE;
}

/* event.type of a credential change, as json.c has it for the action. */
static int cred_type(const char *action)
{
	if (!strcmp(action, "capset"))
		return TY_CHANGE;
	if (!strncmp(action, "setg", 4))
		return TY_CHANGE_GROUP;
	return TY_CHANGE_USER;
}

static bool settle(struct line *l, __u32 user_euid)
{
	struct rebuilt *b = l->b;
	struct pt_event *e = &b->e;
	struct record *r = &b->r;
	bool owner, has_ct = l->top & BIT(T_CT), ok;
	const char *err;
	enum pt_reason code = PT_R_NONE;
	int n;

	/* what kind of event: the category and type say it */
	if (l->category == CAT_PROCESS && l->type == TY_ACCESS)
		e->kind = PT_EV_CAP;
	else if (l->category == CAT_PROCESS && l->type == TY_START_CHANGE)
		e->kind = PT_EV_EXEC;
	else if (l->category == CAT_FILE && (l->type == TY_ACCESS || l->type == TY_CHANGE ||
					      l->type >= TY_DELETION))
		e->kind = PT_EV_FILE;
	else if (l->category == CAT_IAM && l->type >= TY_CHANGE && l->type <= TY_CHANGE_USER)
		e->kind = PT_EV_CRED;
	else
		return fail(&l->in, "an event.category and event.type of no event");

	/* each kind's own parts, and only its own */
	if (!(l->pt & BIT(P_CAPABILITY)) != (e->kind != PT_EV_CAP) ||
	    !(l->pt & BIT(P_NEW)) != (e->kind != PT_EV_CRED && e->kind != PT_EV_EXEC) ||
	    !(l->pt & BIT(P_SECUREEXEC)) != (e->kind != PT_EV_EXEC))
		return fail(&l->in, "fields of another kind of event");
	n = e->kind == PT_EV_CRED ? cred_nargs(e->syscall) : 0;
	if ((n ? n : -1) != ((l->pt & BIT(P_ARGS)) ? l->nargs : -1))
		return fail(&l->in, "privtrace.args not as the syscall takes them");
	/* an open's owner record: all of it, a file record's only */
	owner = l->file & BIT(F_UID);
	if (owner != !!(l->file & BIT(F_GID)) || owner != !!(l->file & BIT(F_MODE)) ||
	    owner != l->has_pfile || (owner && e->kind != PT_EV_FILE))
		return fail(&l->in, "an owner record not whole, or not a file record's");
	if (owner) {
		e->flags |= PT_F_OWNER;
		e->file.access = l->file_access;
	}
	if ((l->top & BIT(T_FILE)) && !l->file)
		return fail(&l->in, "an empty file object");

	if (!!(l->pt & BIT(P_SYSCALL)) != !!(l->pt & BIT(P_ABI)) ||
	    !!(l->pt & BIT(P_SYSCALL)) != !!(l->pt & BIT(P_NR)))
		return fail(&l->in, "privtrace.syscall without its ABI and number");
	/* what the text output says of a check made in a traced syscall */
	if (e->kind == PT_EV_CAP && e->syscall)
		e->flags |= PT_F_IN_SYSCALL;

	/* the number says the errno; the name is json.c's for it, or none */
	err = e->ret < 0 && e->kind != PT_EV_EXEC ? errno_name(-(__s64)e->ret) : NULL;
	if (!!err != !!(l->pt & BIT(P_ERRNO)) || (err && !word_eq(l->err, l->err_len, err)))
		return fail(&l->in, "privtrace.errno not privtrace.ret's");

	if (e->kind == PT_EV_CAP) {
		const char *name = cap_name(e->cap.cap);

		if (!!name != !!(l->cap & BIT(CA_NAME)) ||
		    (name && !word_eq(l->cap_word, l->cap_word_len, name)))
			return fail(&l->in, "privtrace.capability.name not its id's");
		if ((l->cap & BIT(CA_CAPABLE)) && e->ret)
			return fail(&l->in, "a capable_userns for a refused check");
		if (!!(l->cap & BIT(CA_NOAUDIT)) != (e->hook == PT_HOOK_FEXIT_SECURITY_CAPABLE))
			return fail(&l->in, "privtrace.capability.noaudit from another hook");
	}

	/* a repeat record: count, start and end together, and it ends at @timestamp */
	if (!(l->pt & BIT(P_REPEAT)) != !(l->event & BIT(EV_START)) ||
	    !(l->pt & BIT(P_REPEAT)) != !(l->event & BIT(EV_END)))
		return fail(&l->in, "a repeat record not whole");
	if ((l->event & BIT(EV_END)) &&
	    (l->end_ts_len != l->ts_len || memcmp(l->end_ts, l->ts, l->ts_len)))
		return fail(&l->in, "event.end is not @timestamp");

	if (user_euid != e->cred.host.euid)
		return fail(&l->in, "user.id is not privtrace.host.euid");

	/* the container's parts only with a container (a pod's only with a pod: orchestrator_obj) */
	if (!has_ct && ((l->top & BIT(T_ORCH)) || (l->pt & (BIT(P_K8S) | BIT(P_CONTAINER)))))
		return fail(&l->in, "a container's fields without container");

	/* the task's user namespace as the host sees it */
	if (l->has_map != l->has_root_is_host_root)
		return fail(&l->in, "privtrace.userns.map without root_is_host_root");
	if (l->has_map && e->task.userns_level &&
	    (!map_parse(l->map_uid, l->map_uid_len, &e->task.uid_map) ||
	     !map_parse(l->map_gid, l->map_gid_len, &e->task.gid_map)))
		return fail(&l->in, "a privtrace.userns.map not as privtrace writes it");

	/* the reason's hidden inputs, then what record_init makes of it all */
	if (!!(l->pt & BIT(P_REASON)) != !!(l->event & BIT(EV_REASON)))
		return fail(&l->in, "event.reason without privtrace.reason");
	if (l->pt & BIT(P_REASON)) {
		for (code = PT_R_NONE + 1; code < PT_R_MAX; code++)
			if (word_eq(l->code, l->code_len, reason_code(code)))
				break;
		if (code == PT_R_MAX)
			return fail(&l->in, "an unknown privtrace.reason");
		ok = event_success(e);
		reason_fields(e, ok, code, l->reason, l->reason_len, owner);
	}

	record_init(r, e, l->real_ns);
	if (!word_eq(l->action, l->action_len, r->action) || r->ok != l->ok ||
	    (e->kind == PT_EV_CRED && l->type != cred_type(r->action)) ||
	    (e->kind == PT_EV_FILE && l->type != file_type(e)))
		return fail(&l->in, "event.action/outcome/type disagree with the event's fields");
	if (r->why.code != code || (code && !reason_same(l->reason, l->reason_len, &r->why)))
		return fail(&l->in, "event.reason disagrees with the event's fields");

	if (e->repeat)
		r->first_real_ns = l->first_real_ns;
	r->seq = l->seq;
	if (l->has_cgroup_path)
		r->cgroup_path = b->cgroup_path;
	if (l->user & BIT(U_NAME))
		r->host_user = b->host_user;
	if (l->has_ns_user)
		r->ns_user = b->ns_user;
	if (has_ct) {
		struct container *ct = &b->ct;

		/*
		 * meta_done: the runtime said something. That it was asked and
		 * said nothing is not in the line. The pod's uid comes from the
		 * kubepods cgroup path (ct->pod_uid) before the runtime answers,
		 * and from the runtime (meta.pod_uid) after: json.c writes either
		 * the same, so once the runtime has answered both hold it.
		 */
		ct->meta_done = ct->meta.name[0] || ct->meta.image[0] || ct->meta.pod_name[0] ||
				ct->meta.pod_namespace[0] || ct->meta.k8s_container[0];
		if (ct->meta_done && l->has_pod_uid)
			memcpy(ct->meta.pod_uid, ct->pod_uid, sizeof(ct->pod_uid));
		/* the enrich stage's cgroup_path is the container's own (enrich.c) */
		if (l->has_cgroup_path)
			memcpy(ct->cgroup, b->cgroup_path, strlen(b->cgroup_path) + 1);
		r->ct = ct;
		r->ns_match = l->ns_match;
	}
	if (l->has_map) {
		userns_map_from_task(&e->task, &b->map);
		if (b->map.root_is_host_root != l->root_is_host_root ||
		    !word_eq(l->map_uid, l->map_uid_len, b->map.uid) ||
		    !word_eq(l->map_gid, l->map_gid_len, b->map.gid))
			return fail(&l->in, "a privtrace.userns.map not as privtrace writes it");
		r->map = &b->map;
	}
	return true;
}

int rebuild_json(const char *p, size_t len, struct rebuilt *b, const char **why)
{
	struct line l;
	__u32 user_euid = 0;

	memset(&l, 0, sizeof(l));
	l.in.p = p;
	l.in.end = p ? p + len : p;
	l.b = b;
	l.category = l.type = -1;
	l.ns_match = -1;
	l.nargs = -1;
	memset(&b->e, 0, sizeof(b->e));
	if (!record_obj(&l, &user_euid) || !settle(&l, user_euid)) {
		*why = l.in.why ? l.in.why : "not privtrace's JSON";
		return -1;
	}
	return 0;
}
