/* views_json.c: writing JSON (see views.h). */
#include "views_internal.h"

#include <assert.h>

#define VIEW_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

int view_done(FILE *out, int rc, struct error *err)
{
	if (rc)
		return rc;
	return ferror(out) ? error_set(err, ERR_IO, "writing the output") : 0;
}

json_t *view_json_time(ts_t t)
{
	char buf[TS_TEXT_MAX];
	return t == TS_NONE || t == TS_FOREVER ? json_null() : json_string(ts_format(t, buf));
}

json_t *view_json_word(const struct vocab *v, int value)
{
	return value == UNSET ? json_null() : json_string(vocab_word(v, value));
}

json_t *view_json_threat(int level)
{
	return level == UNSET || level == THREAT_NULL ? json_null() : json_integer(level);
}

void view_put_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			putc(*p, out);
	}
	putc('"', out);
}

int view_put_json(FILE *out, json_t *value, struct error *err)
{
	if (!value)
		return error_set(err, ERR_NOMEM, "out of memory building the output");
	int rc = json_dumpf(value, out, JSON_INDENT(2) | VIEW_JSON_FLAGS);
	json_decref(value);
	fputc('\n', out);
	return view_done(out, rc ? error_set(err, ERR_IO, "writing the output") : 0, err);
}

int view_array_add(struct view_array *a, json_t *element, struct error *err)
{
	assert(a->out);
	if (!element)
		return error_set(err, ERR_NOMEM, "out of memory building the output");
	fputs(a->started ? ",\n  " : "[\n  ", a->out);
	a->started = true;
	int rc = json_dumpf(element, a->out, JSON_COMPACT | VIEW_JSON_FLAGS);
	json_decref(element);
	return rc ? error_set(err, ERR_IO, "writing the output") : 0;
}

int view_array_end(struct view_array *a, int rc, struct error *err)
{
	fputs(a->started ? "\n]\n" : "[]\n", a->out);
	return view_done(a->out, rc, err);
}

char *view_event_text(const struct stored_event *sev, struct error *err)
{
	struct event ev;
	if (event_parse(sev->body, sev->body_len, TS_NONE, &ev, err)) {
		error_prefix(err, ERR_IO, "the log's event seq %lld does not parse: ", (long long)sev->seq);
		return NULL;
	}
	char *text = event_to_json(&ev);
	event_free(&ev);
	if (!text)
		error_set(err, ERR_NOMEM, "out of memory");
	return text;
}
