#include "xlsx.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "array.h"

#define NS_SEP ' '           /* between a namespace and a local name: no URI holds a space */
#define CHUNK 65536          /* bytes read from a part at a time */
#define PART_NAME_MAX 512
#define ARENA_BLOCK 65536
#define SHEETS_MAX 4096u     /* worksheets of a book, and relationships of a part */

/* The arguments of "%.*s" that quote at most n bytes of s, cut on a
 * character boundary (error.h). */
#define CUT(s, n) error_cut((s), (n)), (s)

/* ------------------------------------------------------------------ text */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

/* Strings that never move once added, freed all at once. */
struct xlsx_arena {
	struct arena_block *head;
};

static struct xlsx_arena *arena_new(void)
{
	return calloc(1, sizeof(struct xlsx_arena));
}

static void arena_free(struct xlsx_arena *a)
{
	if (!a)
		return;
	for (struct arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* A NUL-terminated copy of the n bytes at s in a, or NULL when out of memory. */
static const char *arena_add(struct xlsx_arena *a, const char *s, size_t n)
{
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
		b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	char *p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

/* Character data being gathered, NUL-terminated. */
struct buf {
	char *data;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t want = b->cap ? b->cap : 256;
		while (want < b->len + n + 1)
			want *= 2;
		char *p = realloc(b->data, want);
		if (!p)
			return ERR_NOMEM;
		b->data = p;
		b->cap = want;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* ------------------------------------------------------------------ the book */

struct sheet_ref {
	const char *name, *part;
};

struct xlsx_book {
	zip_t *zip;
	char *path;
	uint64_t part_max;
	struct xlsx_arena *text; /* sheet names, part names, shared strings */
	struct sheet_ref *sheets;
	size_t n_sheets, cap_sheets;
	const char **strings; /* the shared strings */
	size_t n_strings, cap_strings;
};

/* ------------------------------------------------------------------ XML parts */

/* What every part's parse state begins with: where it is, and the first
 * failure of a handler. */
struct xml {
	XML_Parser p;
	const char *path, *part;
	struct error *err;
	int rc;
};

/* Record the failure of a handler (with the file, the part and the line)
 * and stop the parser; only the first failure is kept. */
static int xml_fail(struct xml *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int xml_fail(struct xml *x, int code, const char *fmt, ...)
{
	if (x->rc)
		return x->rc;
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	x->rc = error_set(x->err, code, "%s: %s: line %llu, column %llu: %s", x->path, x->part,
			  (unsigned long long)XML_GetCurrentLineNumber(x->p),
			  (unsigned long long)XML_GetCurrentColumnNumber(x->p) + 1, why);
	XML_StopParser(x->p, XML_FALSE);
	return x->rc;
}

static void XMLCALL refuse_dtd(void *user, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	xml_fail(user, ERR_INVALID, "a document type declaration (DTD) is not allowed");
}

static const char *local_name(const char *name)
{
	const char *sep = strrchr(name, NS_SEP);
	return sep ? sep + 1 : name;
}

/* The value of the attribute with local name `name` (in a namespace when
 * namespaced, else in none), or NULL. */
static const char *attr(const XML_Char **atts, const char *name, bool namespaced)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *sep = strrchr(atts[i], NS_SEP);
		if (namespaced ? sep && strcmp(sep + 1, name) == 0 : !sep && strcmp(atts[i], name) == 0)
			return atts[i + 1];
	}
	return NULL;
}

static int too_big(const struct xlsx_book *b, const char *part, struct error *err)
{
	return error_set(err, ERR_INVALID, "%s: %s: larger than the limit of %llu bytes uncompressed", b->path, part,
			 (unsigned long long)b->part_max);
}

/* Stream the part f into x's parser, at most part_max bytes. */
static int feed(const struct xlsx_book *b, zip_file_t *f, struct xml *x, struct error *err)
{
	uint64_t total = 0;
	for (;;) {
		void *chunk = XML_GetBuffer(x->p, CHUNK);
		if (!chunk)
			return error_set(err, ERR_NOMEM, "%s: %s: out of memory", b->path, x->part);
		zip_int64_t n = zip_fread(f, chunk, CHUNK);
		if (n < 0)
			return error_set(err, ERR_INVALID, "%s: %s: corrupt data (%s)", b->path, x->part,
					 zip_error_strerror(zip_file_get_error(f)));
		total += (uint64_t)n;
		if (total > b->part_max)
			return too_big(b, x->part, err);
		if (XML_ParseBuffer(x->p, (int)n, n == 0) != XML_STATUS_OK)
			return x->rc ? x->rc
				     : error_set(err, ERR_INVALID, "%s: %s: line %llu, column %llu: malformed XML (%s)",
						 b->path, x->part, (unsigned long long)XML_GetCurrentLineNumber(x->p),
						 (unsigned long long)XML_GetCurrentColumnNumber(x->p) + 1,
						 XML_ErrorString(XML_GetErrorCode(x->p)));
		if (n == 0)
			return x->rc;
	}
}

/* Parse the part named part of b with the handlers given, x being the
 * start of their state. */
static int parse_part(const struct xlsx_book *b, const char *part, struct xml *x, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler chars, struct error *err)
{
	zip_int64_t idx = zip_name_locate(b->zip, part, ZIP_FL_NOCASE);
	if (idx < 0)
		return error_set(err, ERR_INVALID, "%s: part %s is missing", b->path, part);
	zip_stat_t st;
	if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > b->part_max)
		return too_big(b, part, err);
	zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!f)
		return error_set(err, ERR_INVALID, "%s: %s: cannot be read (%s)", b->path, part, zip_strerror(b->zip));
	XML_Parser p = XML_ParserCreateNS(NULL, NS_SEP);
	if (!p) {
		zip_fclose(f);
		return error_set(err, ERR_NOMEM, "%s: %s: out of memory", b->path, part);
	}
	*x = (struct xml){.p = p, .path = b->path, .part = part, .err = err};
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(p, chars);
	XML_SetStartDoctypeDeclHandler(p, refuse_dtd);
	int rc = feed(b, f, x, err);
	XML_ParserFree(p);
	zip_fclose(f);
	return rc;
}

/* ------------------------------------------------------------------ part names */

/* The directory of part, with its final '/' ("xl/" of "xl/workbook.xml"),
 * into out. */
static void part_dir(const char *part, char out[PART_NAME_MAX])
{
	const char *slash = strrchr(part, '/');
	size_t n = slash ? (size_t)(slash - part) + 1 : 0;
	assert(n < PART_NAME_MAX);
	memcpy(out, part, n);
	out[n] = '\0';
}

/* The part a relationship's target names, from the directory dir of the
 * part that holds it: "/xl/a.xml" is from the root, "../a.xml" goes up.
 * Returns 0, or -1 when it is too long or goes above the root. */
static int resolve_part(const char *dir, const char *target, char out[PART_NAME_MAX])
{
	char joined[PART_NAME_MAX];
	int n = target[0] == '/' ? snprintf(joined, sizeof joined, "%s", target + 1)
				 : snprintf(joined, sizeof joined, "%s%s", dir, target);
	if (n < 0 || (size_t)n >= sizeof joined)
		return -1;
	size_t len = 0;
	for (char *seg = joined, *next; seg; seg = next) {
		next = strchr(seg, '/');
		if (next)
			*next++ = '\0';
		if (!*seg || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (len == 0)
				return -1;
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		size_t seglen = strlen(seg);
		if (len + (len ? 1 : 0) + seglen + 1 > PART_NAME_MAX)
			return -1;
		if (len)
			out[len++] = '/';
		memcpy(out + len, seg, seglen);
		len += seglen;
	}
	out[len] = '\0';
	return len ? 0 : -1;
}

/* ------------------------------------------------------------------ relationships */

struct rel {
	const char *id, *type, *target;
	bool external;
};

struct rels_parse {
	struct xml x;
	struct xlsx_arena *text;
	struct rel *items;
	size_t n, cap;
};

static const char *keep(struct xml *x, struct xlsx_arena *a, const char *s)
{
	const char *copy = arena_add(a, s, strlen(s));
	if (!copy)
		xml_fail(x, ERR_NOMEM, "out of memory");
	return copy;
}

static int rel_add(struct rels_parse *r, const XML_Char **atts)
{
	const char *id = attr(atts, "Id", false), *type = attr(atts, "Type", false),
		   *target = attr(atts, "Target", false), *mode = attr(atts, "TargetMode", false);
	if (!id || !type || !target)
		return xml_fail(&r->x, ERR_INVALID, "a Relationship without Id, Type or Target");
	if (r->n >= SHEETS_MAX)
		return xml_fail(&r->x, ERR_INVALID, "more than %u relationships", SHEETS_MAX);
	if (array_reserve((void **)&r->items, &r->cap, r->n, sizeof *r->items, 16))
		return xml_fail(&r->x, ERR_NOMEM, "out of memory");
	struct rel *rel = &r->items[r->n];
	rel->id = keep(&r->x, r->text, id);
	rel->type = keep(&r->x, r->text, type);
	rel->target = keep(&r->x, r->text, target);
	rel->external = mode && strcmp(mode, "External") == 0;
	if (!r->x.rc)
		r->n++;
	return r->x.rc;
}

static void XMLCALL rels_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	if (strcmp(local_name(name), "Relationship") == 0)
		rel_add(user, atts);
}

static void XMLCALL ignore_end(void *user, const XML_Char *name)
{
	(void)user, (void)name;
}

/* The relationships of the part at part (as listed in rels_part) into *r;
 * the caller frees r->items. */
static int read_rels(struct xlsx_book *b, const char *rels_part, struct rels_parse *r, struct error *err)
{
	*r = (struct rels_parse){.text = b->text};
	return parse_part(b, rels_part, &r->x, rels_start, ignore_end, NULL, err);
}

static bool type_is(const struct rel *rel, const char *suffix)
{
	size_t n = strlen(rel->type), k = strlen(suffix);
	return n >= k && strcmp(rel->type + n - k, suffix) == 0;
}

static const struct rel *rel_of_type(const struct rels_parse *r, const char *suffix)
{
	for (size_t i = 0; i < r->n; i++)
		if (!r->items[i].external && type_is(&r->items[i], suffix))
			return &r->items[i];
	return NULL;
}

static const struct rel *rel_by_id(const struct rels_parse *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->items[i].id, id) == 0)
			return &r->items[i];
	return NULL;
}

/* The name of the relationships part of part: "xl/_rels/workbook.xml.rels". */
static int rels_name(const char *part, char out[PART_NAME_MAX])
{
	char dir[PART_NAME_MAX];
	part_dir(part, dir);
	int n = snprintf(out, PART_NAME_MAX, "%s_rels/%s.rels", dir, part + strlen(dir));
	return n > 0 && n < PART_NAME_MAX ? 0 : -1;
}

/* ------------------------------------------------------------------ the workbook part */

struct listed {
	const char *name, *rid;
};

struct workbook_parse {
	struct xml x;
	struct xlsx_arena *text;
	struct listed *sheets;
	size_t n, cap;
};

static int listed_add(struct workbook_parse *w, const XML_Char **atts)
{
	const char *sheet = attr(atts, "name", false), *rid = attr(atts, "id", true);
	if (!sheet || !rid)
		return xml_fail(&w->x, ERR_INVALID, "a sheet without a name or r:id");
	if (w->n >= SHEETS_MAX)
		return xml_fail(&w->x, ERR_INVALID, "more than %u sheets", SHEETS_MAX);
	if (array_reserve((void **)&w->sheets, &w->cap, w->n, sizeof *w->sheets, 16))
		return xml_fail(&w->x, ERR_NOMEM, "out of memory");
	w->sheets[w->n].name = keep(&w->x, w->text, sheet);
	w->sheets[w->n].rid = keep(&w->x, w->text, rid);
	if (!w->x.rc)
		w->n++;
	return w->x.rc;
}

static void XMLCALL workbook_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	if (strcmp(local_name(name), "sheet") == 0)
		listed_add(user, atts);
}

/* Add the listed sheet s to b's worksheets when its relationship is a
 * worksheet (chart and dialog sheets are left out). */
static int add_sheet(struct xlsx_book *b, const struct listed *s, const struct rels_parse *rels, const char *dir,
		     const char *rels_part, struct error *err)
{
	const struct rel *rel = rel_by_id(rels, s->rid);
	if (!rel)
		return error_set(err, ERR_INVALID, "%s: sheet \"%s\" refers to relationship %s, which %s does not have",
				 b->path, s->name, s->rid, rels_part);
	if (!type_is(rel, "/worksheet"))
		return 0;
	char part[PART_NAME_MAX];
	if (rel->external || resolve_part(dir, rel->target, part))
		return error_set(err, ERR_INVALID, "%s: sheet \"%s\": bad target \"%s\" in %s", b->path, s->name,
				 rel->target, rels_part);
	if (array_reserve((void **)&b->sheets, &b->cap_sheets, b->n_sheets, sizeof *b->sheets, 16))
		return error_set(err, ERR_NOMEM, "%s: out of memory", b->path);
	struct sheet_ref *ref = &b->sheets[b->n_sheets];
	ref->name = s->name;
	ref->part = arena_add(b->text, part, strlen(part));
	if (!ref->part)
		return error_set(err, ERR_NOMEM, "%s: out of memory", b->path);
	b->n_sheets++;
	return 0;
}

/* ------------------------------------------------------------------ shared strings */

struct strings_parse {
	struct xml x;
	struct xlsx_book *b;
	bool in_si, capture;
	int phonetic; /* depth inside <rPh>, whose text is a reading aid, not the string */
	struct buf text;
};

static void XMLCALL strings_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct strings_parse *s = user;
	const char *el = local_name(name);
	if (strcmp(el, "si") == 0) {
		s->in_si = true;
		s->text.len = 0;
	} else if (strcmp(el, "rPh") == 0) {
		s->phonetic++;
	} else if (strcmp(el, "t") == 0 && s->in_si && !s->phonetic) {
		s->capture = true;
	}
}

static int string_add(struct strings_parse *s)
{
	struct xlsx_book *b = s->b;
	if (b->n_strings >= XLSX_CELLS_MAX)
		return xml_fail(&s->x, ERR_INVALID, "more than %u shared strings", XLSX_CELLS_MAX);
	if (array_reserve((void **)&b->strings, &b->cap_strings, b->n_strings, sizeof *b->strings, 256))
		return xml_fail(&s->x, ERR_NOMEM, "out of memory");
	const char *copy = arena_add(b->text, s->text.len ? s->text.data : "", s->text.len);
	if (!copy)
		return xml_fail(&s->x, ERR_NOMEM, "out of memory");
	b->strings[b->n_strings++] = copy;
	return 0;
}

static void XMLCALL strings_end(void *user, const XML_Char *name)
{
	struct strings_parse *s = user;
	const char *el = local_name(name);
	if (strcmp(el, "t") == 0) {
		s->capture = false;
	} else if (strcmp(el, "rPh") == 0) {
		s->phonetic--;
	} else if (strcmp(el, "si") == 0) {
		s->in_si = false;
		string_add(s);
	}
}

static void XMLCALL strings_chars(void *user, const XML_Char *text, int len)
{
	struct strings_parse *s = user;
	if (s->capture && buf_add(&s->text, text, (size_t)len))
		xml_fail(&s->x, ERR_NOMEM, "out of memory");
}

static int read_strings(struct xlsx_book *b, const char *part, struct error *err)
{
	struct strings_parse s = {.b = b};
	int rc = parse_part(b, part, &s.x, strings_start, strings_end, strings_chars, err);
	free(s.text.data);
	return rc;
}

/* ------------------------------------------------------------------ core properties */

struct core_parse {
	struct xml x;
	bool capture;
	struct buf text;
};

static void XMLCALL core_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct core_parse *c = user;
	c->capture = strcmp(local_name(name), "modified") == 0;
}

static void XMLCALL core_end(void *user, const XML_Char *name)
{
	(void)name;
	((struct core_parse *)user)->capture = false;
}

static void XMLCALL core_chars(void *user, const XML_Char *text, int len)
{
	struct core_parse *c = user;
	size_t room = c->text.len < XLSX_STAMP_MAX ? XLSX_STAMP_MAX - c->text.len : 0;
	if (c->capture && room && buf_add(&c->text, text, (size_t)len < room ? (size_t)len : room))
		xml_fail(&c->x, ERR_NOMEM, "out of memory");
}

int xlsx_modified(struct xlsx_book *book, char out[XLSX_STAMP_MAX], struct error *err)
{
	out[0] = '\0';
	if (zip_name_locate(book->zip, "docProps/core.xml", ZIP_FL_NOCASE) < 0)
		return 0;
	struct core_parse c = {0};
	int rc = parse_part(book, "docProps/core.xml", &c.x, core_start, core_end, core_chars, err);
	size_t n = 0;
	/* an instant as written (2025-09-25T16:04:34Z): digits, '-', ':', 'T', 'Z', '.', '+' */
	while (rc == 0 && n < c.text.len && n + 1 < XLSX_STAMP_MAX && strchr("0123456789-:TZ.+", c.text.data[n]) &&
	       c.text.data[n])
		n++;
	if (rc == 0 && n >= 10) {
		memcpy(out, c.text.data, n);
		out[n] = '\0';
	}
	free(c.text.data);
	return rc;
}

/* ------------------------------------------------------------------ opening */

/* The workbook part, from the package's relationships. */
static int find_workbook(struct xlsx_book *b, char part[PART_NAME_MAX], struct error *err)
{
	struct rels_parse root;
	int rc = read_rels(b, "_rels/.rels", &root, err);
	const struct rel *doc = rc ? NULL : rel_of_type(&root, "/officeDocument");
	if (!rc && (!doc || resolve_part("", doc->target, part)))
		rc = error_set(err, ERR_INVALID, "%s: _rels/.rels names no workbook part", b->path);
	free(root.items);
	return rc;
}

/* The worksheets listed in the workbook part, and its shared strings. */
static int read_structure(struct xlsx_book *b, struct error *err)
{
	char book_part[PART_NAME_MAX], dir[PART_NAME_MAX], rels_part[PART_NAME_MAX], strings_part[PART_NAME_MAX];
	int rc = find_workbook(b, book_part, err);
	if (rc)
		return rc;
	part_dir(book_part, dir);
	if (rels_name(book_part, rels_part))
		return error_set(err, ERR_INVALID, "%s: workbook part name too long", b->path);
	struct workbook_parse w = {.text = b->text};
	struct rels_parse rels = {0};
	rc = parse_part(b, book_part, &w.x, workbook_start, ignore_end, NULL, err);
	if (!rc)
		rc = read_rels(b, rels_part, &rels, err);
	for (size_t i = 0; !rc && i < w.n; i++)
		rc = add_sheet(b, &w.sheets[i], &rels, dir, rels_part, err);
	const struct rel *strings = rc ? NULL : rel_of_type(&rels, "/sharedStrings");
	if (strings && !strings->external) {
		rc = resolve_part(dir, strings->target, strings_part)
			     ? error_set(err, ERR_INVALID, "%s: bad shared strings target \"%s\" in %s", b->path,
					 strings->target, rels_part)
			     : read_strings(b, strings_part, err);
	}
	free(w.sheets);
	free(rels.items);
	return rc;
}

int xlsx_open(const char *path, struct xlsx_book **book, struct error *err)
{
	*book = NULL;
	struct xlsx_book *b = calloc(1, sizeof *b);
	if (!b || !(b->path = strdup(path)) || !(b->text = arena_new())) {
		xlsx_free(b);
		return error_set(err, ERR_NOMEM, "%s: out of memory", path);
	}
	b->part_max = XLSX_PART_MAX;
	int code = 0;
	b->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
	if (!b->zip) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, code);
		int rc = code == ZIP_ER_NOENT ? ERR_NOTFOUND
			 : code == ZIP_ER_OPEN || code == ZIP_ER_READ ? ERR_IO
								     : ERR_INVALID;
		error_set(err, rc, "%s: cannot be read as an xlsx workbook (%s)", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		xlsx_free(b);
		return rc;
	}
	int rc = read_structure(b, err);
	if (rc) {
		xlsx_free(b);
		return rc;
	}
	*book = b;
	return 0;
}

void xlsx_free(struct xlsx_book *book)
{
	if (!book)
		return;
	if (book->zip)
		zip_discard(book->zip);
	arena_free(book->text);
	free(book->sheets);
	free(book->strings);
	free(book->path);
	free(book);
}

void xlsx_set_part_max(struct xlsx_book *book, uint64_t bytes)
{
	book->part_max = bytes;
}

size_t xlsx_sheet_count(const struct xlsx_book *book)
{
	return book->n_sheets;
}

const char *xlsx_sheet_name(const struct xlsx_book *book, size_t i)
{
	assert(i < book->n_sheets);
	return book->sheets[i].name;
}

/* ------------------------------------------------------------------ worksheets */

enum cell_type { T_NUMBER, T_SHARED, T_INLINE, T_STR, T_BOOL, T_ERROR, T_DATE };

struct sheet_parse {
	struct xml x;
	const struct xlsx_book *b;
	struct xlsx_sheet *s;
	size_t cap;
	uint32_t row, col; /* the current row; the column of its last cell */
	struct {
		uint32_t row, col;
		enum cell_type type;
		bool open, has_value;
	} cell;
	bool in_is, capture;
	int phonetic;
	struct buf text;
};

/* Whether s is a decimal number without sign or leading zero. */
static bool is_decimal(const char *s)
{
	size_t n = strspn(s, "0123456789");
	return n > 0 && s[n] == '\0' && (s[0] != '0' || n == 1);
}

/* The decimal number s when it is at most max, into *v; false when s is
 * not one. */
static bool parse_uint(const char *s, uint32_t max, uint32_t *v)
{
	if (!is_decimal(s) || strlen(s) > 10)
		return false;
	unsigned long long n = strtoull(s, NULL, 10);
	if (n > max)
		return false;
	*v = (uint32_t)n;
	return true;
}

/* A row number, 1 to XLSX_ROWS_MAX, into *row. */
static bool parse_row(const char *s, uint32_t *row)
{
	return s[0] != '0' && parse_uint(s, XLSX_ROWS_MAX, row);
}

/* Parse the A1 reference ref; returns NULL, or why it is not one. */
static const char *parse_ref(const char *ref, uint32_t *row, uint32_t *col)
{
	const char *p = ref;
	uint32_t c = 0;
	for (; *p >= 'A' && *p <= 'Z'; p++)
		if ((c = c * 26 + (uint32_t)(*p - 'A' + 1)) > XLSX_COLS_MAX)
			return "its column is beyond XFD";
	if (p == ref || !is_decimal(p) || p[0] == '0')
		return "it is not a cell reference";
	if (!parse_row(p, row))
		return "its row is beyond 1048576";
	*col = c;
	return NULL;
}

static bool parse_number(const char *s, double *v)
{
	char *end;
	s += strspn(s, " \t\r\n");
	if (!*s)
		return false;
	*v = strtod(s, &end);
	end += strspn(end, " \t\r\n");
	return *end == '\0' && isfinite(*v);
}

static int cell_type(const char *t, enum cell_type *type)
{
	static const struct {
		const char *name;
		enum cell_type type;
	} types[] = {{"n", T_NUMBER}, {"s", T_SHARED}, {"inlineStr", T_INLINE}, {"str", T_STR},
		     {"b", T_BOOL},   {"e", T_ERROR},  {"d", T_DATE}};
	if (!t) {
		*type = T_NUMBER;
		return 0;
	}
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i].name, t) == 0) {
			*type = types[i].type;
			return 0;
		}
	return -1;
}

static int row_start(struct sheet_parse *sp, const XML_Char **atts)
{
	const char *r = attr(atts, "r", false);
	sp->col = 0;
	if (r && !parse_row(r, &sp->row))
		return xml_fail(&sp->x, ERR_INVALID, "row \"%.*s\" is not a row number from 1 to %u", CUT(r, 20),
				XLSX_ROWS_MAX);
	if (!r && sp->row >= XLSX_ROWS_MAX)
		return xml_fail(&sp->x, ERR_INVALID, "a row beyond %u", XLSX_ROWS_MAX);
	if (!r)
		sp->row++;
	return 0;
}

static int cell_start(struct sheet_parse *sp, const XML_Char **atts)
{
	const char *r = attr(atts, "r", false), *t = attr(atts, "t", false);
	if (sp->cell.open)
		return xml_fail(&sp->x, ERR_INVALID, "a cell inside a cell");
	if (r) {
		const char *why = parse_ref(r, &sp->cell.row, &sp->cell.col);
		if (why)
			return xml_fail(&sp->x, ERR_INVALID, "cell reference \"%.*s\": %s", CUT(r, 20), why);
	} else if (sp->row == 0 || sp->col >= XLSX_COLS_MAX) {
		return xml_fail(&sp->x, ERR_INVALID, "a cell without a reference %s",
				sp->row ? "beyond column XFD" : "outside a row");
	} else {
		sp->cell.row = sp->row;
		sp->cell.col = sp->col + 1;
	}
	if (cell_type(t, &sp->cell.type))
		return xml_fail(&sp->x, ERR_INVALID, "unknown cell type \"%.*s\"", CUT(t, 20));
	sp->row = sp->cell.row;
	sp->col = sp->cell.col;
	sp->cell.open = true;
	sp->cell.has_value = false;
	sp->text.len = 0;
	return 0;
}

static void XMLCALL sheet_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	struct sheet_parse *sp = user;
	const char *el = local_name(name);
	if (strcmp(el, "row") == 0) {
		row_start(sp, atts);
	} else if (strcmp(el, "c") == 0) {
		cell_start(sp, atts);
	} else if (strcmp(el, "v") == 0 && sp->cell.open) {
		sp->capture = true;
		sp->text.len = 0;
	} else if (strcmp(el, "is") == 0 && sp->cell.open) {
		sp->in_is = true;
		sp->text.len = 0;
	} else if (strcmp(el, "rPh") == 0) {
		sp->phonetic++;
	} else if (strcmp(el, "t") == 0 && sp->in_is && !sp->phonetic) {
		sp->capture = true;
	}
}

/* The value of the cell just closed, from its type and text; false (after
 * xml_fail) when the text is not a value of its type. */
static bool cell_value(struct sheet_parse *sp, struct xlsx_cell *c)
{
	const char *text = sp->text.len ? sp->text.data : "";
	uint32_t index;
	switch (sp->cell.type) {
	case T_NUMBER:
		c->kind = XLSX_NUMBER;
		if (parse_number(text, &c->number))
			return true;
		xml_fail(&sp->x, ERR_INVALID, "\"%.*s\" is not a number", CUT(text, 40));
		return false;
	case T_BOOL:
		c->kind = XLSX_BOOL;
		c->number = text[0] == '1';
		if ((text[0] == '0' || text[0] == '1') && !text[1])
			return true;
		xml_fail(&sp->x, ERR_INVALID, "\"%.*s\" is not a boolean", CUT(text, 40));
		return false;
	case T_SHARED:
		c->kind = XLSX_TEXT;
		if (parse_uint(text, XLSX_CELLS_MAX, &index) && index < sp->b->n_strings) {
			c->text = sp->b->strings[index];
			return true;
		}
		xml_fail(&sp->x, ERR_INVALID, "shared string \"%.*s\" does not exist (%zu strings)", CUT(text, 40),
			 sp->b->n_strings);
		return false;
	case T_ERROR:
	case T_INLINE:
	case T_STR:
	case T_DATE:
		c->kind = sp->cell.type == T_ERROR ? XLSX_ERROR : XLSX_TEXT;
		if ((c->text = arena_add(sp->s->text, text, sp->text.len)))
			return true;
		xml_fail(&sp->x, ERR_NOMEM, "out of memory");
		return false;
	}
	return false;
}

static int cell_order(const void *a, const void *b)
{
	const struct xlsx_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static int cell_end(struct sheet_parse *sp)
{
	struct xlsx_sheet *s = sp->s;
	sp->cell.open = false;
	if (!sp->cell.has_value)
		return 0;
	if (s->n_cells >= XLSX_CELLS_MAX)
		return xml_fail(&sp->x, ERR_INVALID, "more than %u cells", XLSX_CELLS_MAX);
	if (array_reserve((void **)&s->cells, &sp->cap, s->n_cells, sizeof *s->cells, 256))
		return xml_fail(&sp->x, ERR_NOMEM, "out of memory");
	struct xlsx_cell *c = &s->cells[s->n_cells];
	*c = (struct xlsx_cell){.row = sp->cell.row, .col = sp->cell.col};
	if (s->n_cells > 0 && cell_order(c - 1, c) == 0) { /* settle() finds the repeats out of order */
		char ref[XLSX_REF_MAX];
		return xml_fail(&sp->x, ERR_INVALID, "cell %s is given twice", xlsx_ref(c->row, c->col, ref));
	}
	if (cell_value(sp, c))
		s->n_cells++;
	return sp->x.rc;
}

static void XMLCALL sheet_end(void *user, const XML_Char *name)
{
	struct sheet_parse *sp = user;
	const char *el = local_name(name);
	if (strcmp(el, "c") == 0) {
		cell_end(sp);
	} else if (strcmp(el, "v") == 0 && sp->capture) {
		sp->capture = false;
		sp->cell.has_value = true;
	} else if (strcmp(el, "t") == 0 && sp->capture) {
		sp->capture = false;
		sp->cell.has_value = true;
	} else if (strcmp(el, "is") == 0) {
		sp->in_is = false;
	} else if (strcmp(el, "rPh") == 0) {
		sp->phonetic--;
	}
}

static void XMLCALL sheet_chars(void *user, const XML_Char *text, int len)
{
	struct sheet_parse *sp = user;
	if (sp->capture && buf_add(&sp->text, text, (size_t)len))
		xml_fail(&sp->x, ERR_NOMEM, "out of memory");
}

/* Sort s's cells, refuse a place given twice, and note the extent. */
static int settle(const struct xlsx_book *b, const char *part, struct xlsx_sheet *s, struct error *err)
{
	if (s->n_cells > 1)
		qsort(s->cells, s->n_cells, sizeof *s->cells, cell_order);
	for (size_t i = 0; i < s->n_cells; i++) {
		const struct xlsx_cell *c = &s->cells[i];
		if (i > 0 && cell_order(c - 1, c) == 0) {
			char ref[XLSX_REF_MAX];
			return error_set(err, ERR_INVALID, "%s: %s: cell %s is given twice", b->path, part,
					 xlsx_ref(c->row, c->col, ref));
		}
		s->rows = c->row > s->rows ? c->row : s->rows;
		s->cols = c->col > s->cols ? c->col : s->cols;
	}
	return 0;
}

int xlsx_sheet_read(struct xlsx_book *book, size_t i, struct xlsx_sheet **sheet, struct error *err)
{
	assert(i < book->n_sheets);
	*sheet = NULL;
	struct xlsx_sheet *s = calloc(1, sizeof *s);
	if (!s || !(s->text = arena_new())) {
		xlsx_sheet_free(s);
		return error_set(err, ERR_NOMEM, "%s: out of memory", book->path);
	}
	const char *part = book->sheets[i].part;
	struct sheet_parse sp = {.b = book, .s = s};
	int rc = parse_part(book, part, &sp.x, sheet_start, sheet_end, sheet_chars, err);
	free(sp.text.data);
	if (!rc)
		rc = settle(book, part, s, err);
	if (rc) {
		xlsx_sheet_free(s);
		return rc;
	}
	*sheet = s;
	return 0;
}

const struct xlsx_cell *xlsx_cell(const struct xlsx_sheet *sheet, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = sheet->n_cells;
	const struct xlsx_cell key = {.row = row, .col = col};
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cell_order(&sheet->cells[mid], &key);
		if (c == 0)
			return &sheet->cells[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void xlsx_sheet_free(struct xlsx_sheet *sheet)
{
	if (!sheet)
		return;
	arena_free(sheet->text);
	free(sheet->cells);
	free(sheet);
}

char *xlsx_ref(uint32_t row, uint32_t col, char buf[XLSX_REF_MAX])
{
	assert(row >= 1 && row <= XLSX_ROWS_MAX && col >= 1 && col <= XLSX_COLS_MAX);
	char letters[4];
	int n = 0;
	for (uint32_t c = col; c > 0; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	int k = 0;
	while (n > 0)
		buf[k++] = letters[--n];
	snprintf(buf + k, XLSX_REF_MAX - (size_t)k, "%u", row);
	return buf;
}
