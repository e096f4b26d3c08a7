/* views_population.c: the daily population of the facilities imported by
 * import-population, as JSON, CSV or text (see views.h). */
#include "views_internal.h"

#include <string.h>

int view_population_day(const char *text, int64_t *day, struct error *err)
{
	ts_t t;
	if (ts_parse_date(text, &t, NULL) == 0 && t >= ts_days_from_civil(POPULATION_YEAR_MIN, 1, 1) * TS_DAY &&
	    t <= ts_days_from_civil(POPULATION_YEAR_MAX, 12, 31) * TS_DAY) {
		*day = t / TS_DAY;
		return 0;
	}
	return error_set(err, ERR_INVALID, "\"%.*s\" is not a date from %d-01-01 to %d-12-31 (YYYY-MM-DD)",
			 error_cut(text, 40), text, POPULATION_YEAR_MIN, POPULATION_YEAR_MAX);
}

struct walk {
	FILE *out;
	enum view_format format;
	bool by_facility, started;
	struct view_array array;
};

/* The CSV header, before the first line. */
static void csv_header(struct walk *w)
{
	if (w->format == VIEW_CSV && !w->started)
		fputs(w->by_facility ? "date,facility,name,population\n" : "date,population\n", w->out);
	w->started = true;
}

/* s as a CSV field: in quotes, with "" for a quote, when it holds a
 * comma, a quote or a line end. */
static void put_csv(FILE *out, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

/* store_population_fn: one element of the answer. */
static int put_day(void *ctx, const struct store_population_day *d, struct error *err)
{
	struct walk *w = ctx;
	char date[DATE_TEXT_MAX];
	ts_format_date(d->day * TS_DAY, date);
	csv_header(w);
	switch (w->format) {
	case VIEW_JSON:
		return view_array_add(&w->array,
				      d->facility ? json_pack("{s:s, s:s, s:s, s:I}", "date", date, "facility",
							      d->facility, "name", d->name ? d->name : "", "population",
							      (json_int_t)d->population)
						  : json_pack("{s:s, s:I}", "date", date, "population",
							      (json_int_t)d->population),
				      err);
	case VIEW_CSV:
		fprintf(w->out, "%s,", date);
		if (d->facility) {
			fprintf(w->out, "%s,", d->facility);
			put_csv(w->out, d->name ? d->name : "");
			putc(',', w->out);
		}
		fprintf(w->out, "%lld\n", (long long)d->population);
		return 0;
	default:
		if (d->facility)
			fprintf(w->out, "%s  %-8s %8lld  %s\n", date, d->facility, (long long)d->population,
				d->name ? d->name : "");
		else
			fprintf(w->out, "%s %8lld\n", date, (long long)d->population);
		return 0;
	}
}

int view_population(FILE *out, struct ledger *l, const struct view_population_params *p, enum view_format format,
		    struct error *err)
{
	struct walk w = {out, format, p->by_facility, false, {out, false}};
	int rc = store_population_get(ledger_store(l), p->first, p->last, p->facility, p->by_facility, put_day, &w,
				      err);
	if (rc == ERR_NOTFOUND)
		return rc;
	if (format == VIEW_JSON)
		return view_array_end(&w.array, rc, err);
	if (rc == 0)
		csv_header(&w);
	return view_done(out, rc, err);
}
