/* admin_views.c: users and access log as JSON (admin_views.h). */
#include "admin_views.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *time_json(ts_t t)
{
	char buf[TS_TEXT_MAX];
	return t == TS_NONE ? json_null() : json_string(ts_format(t, buf));
}

static json_t *aors_json(const char *aors)
{
	if (!aors)
		return json_null();
	json_t *list = json_array();
	for (const char *p = aors; *p;) {
		size_t n = strcspn(p, ",");
		json_array_append_new(list, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return list;
}

/* Print element as the next element of an array whose "[" is out already. */
static int put_element(FILE *out, json_t *element, size_t *count, struct error *err)
{
	if (!element)
		return error_set(err, ERR_NOMEM, "out of memory");
	char *text = json_dumps(element, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(element);
	if (!text)
		return error_set(err, ERR_NOMEM, "out of memory");
	fprintf(out, "%s\n  %s", *count ? "," : "", text);
	free(text);
	(*count)++;
	return 0;
}

struct walk {
	FILE *out;
	size_t count;
};

static int put_user(void *ctx, const struct store_user *u, struct error *err)
{
	struct walk *w = ctx;
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o}", "name", u->name, "role", u->role, "aors", aors_json(u->aors),
			      "created_at", time_json(u->created_at), "token_at", time_json(u->token_at));
	return put_element(w->out, o, &w->count, err);
}

static int put_access(void *ctx, const struct store_access *a, struct error *err)
{
	struct walk *w = ctx;
	json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:s, s:o}", "seq", (json_int_t)a->seq, "at", time_json(a->at), "user",
			      a->actor, "person", a->person, "what", a->what, "asked_at", time_json(a->asked_at));
	return put_element(w->out, o, &w->count, err);
}

static int finish(FILE *out, const struct walk *w, int rc)
{
	if (rc == 0)
		fputs(w->count ? "\n]\n" : "]\n", out);
	return rc;
}

int admin_view_users(FILE *out, struct store *s, struct error *err)
{
	struct walk w = {out, 0};
	fputs("[", out);
	return finish(out, &w, store_users(s, put_user, &w, err));
}

int admin_view_access_log(FILE *out, struct store *s, const struct admin_access_filter *f, struct error *err)
{
	struct walk w = {out, 0};
	fputs("[", out);
	return finish(out, &w, store_access_log(s, f->person, f->user, f->since, put_access, &w, err));
}
