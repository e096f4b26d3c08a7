/* api_stats.c: statistics over the server's snapshot (stats daily,
 * period, cohort, detained; report) and the official figures (any
 * signed-in role: aggregates only). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "views.h"

enum stats_kind { DAILY, PERIOD, COHORT, DETAINED, REPORT };

/* A statistics request, checked; the calendar is made under the stats
 * lock. */
struct stats_query {
	enum stats_kind kind;
	int64_t first, last; /* the days, or the fiscal year's */
	const char *tz;
	enum stats_by by;
	ts_t at;
	long fy;
	bool compare, public_;
	const char *table;
};

static int report_view(FILE *out, const struct stats_snapshot *s, struct ledger *l, const struct stats_query *q,
		       const struct stats_calendar *c, struct error *err)
{
	ts_t last = c->ends[c->n - 1];
	struct ice_official theirs;
	ice_official_init(&theirs, (int)q->fy);
	struct view_report_params p = {(int)q->fy, c,	     q->at < last ? q->at : last,
				       q->table,   q->public_, q->compare ? &theirs : NULL};
	int rc = q->compare ? view_load_official(l, (int)q->fy, &theirs, err) : 0;
	if (rc == 0)
		rc = view_report(out, s, ledger_facilities(l), &p, err);
	ice_official_free(&theirs);
	return rc;
}

static int stats_view(FILE *out, const struct stats_snapshot *s, struct ledger *l, void *ctx, struct error *err)
{
	const struct stats_query *q = ctx;
	if (q->kind == DETAINED)
		return view_stats_detained(out, s, q->at, q->by, err);
	struct stats_calendar c;
	int rc = stats_calendar_init(&c, q->tz, q->first, q->last, err);
	if (rc) {
		stats_calendar_free(&c);
		return rc;
	}
	switch (q->kind) {
	case DAILY:
		rc = view_stats_daily(out, s, &c, q->by, false, err);
		break;
	case PERIOD:
		rc = view_stats_period(out, s, &c, q->by, err);
		break;
	case COHORT:
		rc = view_stats_cohort(out, s, &c, q->at, q->by, err);
		break;
	default:
		rc = report_view(out, s, l, q, &c, err);
	}
	stats_calendar_free(&c);
	return rc;
}

typedef int (*day_parser)(const char *text, int64_t *day, struct error *err);

/* A day parameter (YYYY-MM-DD) into *day with parse; 400 in res when
 * absent or bad. */
static int day_param(const char *key, const char *text, day_parser parse, int64_t *day, struct http_response *res)
{
	struct error err;
	if (!text) {
		http_error(res, 400, key, "parameter \"%s\" (a date, YYYY-MM-DD) is required", key);
		return ERR_INVALID;
	}
	if (parse(text, day, &err)) {
		http_error(res, 400, key, "parameter \"%s\": %s", key, err.msg);
		return ERR_INVALID;
	}
	return 0;
}

/* Parse by (a word of vocab_stats_by) into q->by. */
static int by_param(const struct http_request *req, struct stats_query *q, struct http_response *res)
{
	int by;
	if (http_param_word(req, "by", &vocab_stats_by, &by, res))
		return ERR_INVALID;
	q->by = by == UNSET ? STATS_BY_NONE : (enum stats_by)by;
	return 0;
}

/* from and to of a daily series or a period. */
static int period_params(const struct http_request *req, struct stats_query *q, struct http_response *res)
{
	static const char *const params[] = {"from", "to", "by", "tz", NULL};
	if (http_check_params(req, params, res) || by_param(req, q, res) ||
	    day_param("from", http_param(req, "from"), stats_parse_day, &q->first, res) ||
	    day_param("to", http_param(req, "to"), stats_parse_day, &q->last, res))
		return ERR_INVALID;
	if (q->last < q->first) {
		http_error(res, 400, "to", "parameter \"to\" is before \"from\"");
		return ERR_INVALID;
	}
	q->tz = http_param(req, "tz");
	return 0;
}

static void answer(struct app *app, struct http_response *res, struct stats_query *q)
{
	app_answer_stats(app, res, stats_view, q);
}

void api_stats_daily(struct app *app, const struct http_request *req, struct http_response *res)
{
	struct stats_query q = {.kind = DAILY};
	if (period_params(req, &q, res) == 0)
		answer(app, res, &q);
}

void api_stats_period(struct app *app, const struct http_request *req, struct http_response *res)
{
	struct stats_query q = {.kind = PERIOD};
	if (period_params(req, &q, res) == 0)
		answer(app, res, &q);
}

/* "FROM..TO" of the arrests of a cohort. */
static int arrested_param(const char *text, struct stats_query *q, struct http_response *res)
{
	const char *dots = text ? strstr(text, "..") : NULL;
	char from[DATE_TEXT_MAX];
	if (!dots || dots - text >= (ptrdiff_t)sizeof from) {
		http_error(res, 400, "arrested", "parameter \"arrested\": two dates, FROM..TO (YYYY-MM-DD..YYYY-MM-DD)");
		return ERR_INVALID;
	}
	memcpy(from, text, (size_t)(dots - text));
	from[dots - text] = '\0';
	if (day_param("arrested", from, stats_parse_day, &q->first, res) ||
	    day_param("arrested", dots + 2, stats_parse_day, &q->last, res))
		return ERR_INVALID;
	if (q->last < q->first) {
		http_error(res, 400, "arrested", "parameter \"arrested\": the second date is before the first");
		return ERR_INVALID;
	}
	return 0;
}

void api_stats_cohort(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"arrested", "at", "by", "tz", NULL};
	struct stats_query q = {.kind = COHORT, .at = req->now};
	if (http_check_params(req, params, res) || by_param(req, &q, res) ||
	    arrested_param(http_param(req, "arrested"), &q, res) || http_param_time(req, "at", &q.at, res))
		return;
	if (q.by != STATS_BY_NONE && q.by != STATS_BY_AOR && q.by != STATS_BY_AGENCY && q.by != STATS_BY_CRIMINALITY) {
		http_error(res, 400, "by", "a cohort is broken down by aor, agency or criminality");
		return;
	}
	q.tz = http_param(req, "tz");
	answer(app, res, &q);
}

void api_stats_detained(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"at", "by", NULL};
	struct stats_query q = {.kind = DETAINED, .at = req->now};
	if (http_check_params(req, params, res) == 0 && by_param(req, &q, res) == 0 &&
	    http_param_time(req, "at", &q.at, res) == 0)
		answer(app, res, &q);
}

static int fy_param(const struct http_request *req, long *fy, struct http_response *res)
{
	if (!http_param(req, "fy")) {
		http_error(res, 400, "fy", "parameter \"fy\" (the fiscal year, 2000 to 2099) is required");
		return ERR_INVALID;
	}
	return http_param_number(req, "fy", 2000, 2099, fy, res);
}

void api_report(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"fy", "compare", "public", "tz", "at", "table", NULL};
	struct stats_query q = {.kind = REPORT, .at = req->now};
	if (http_check_params(req, params, res) || fy_param(req, &q.fy, res) ||
	    http_param_flag(req, "compare", &q.compare, res) || http_param_flag(req, "public", &q.public_, res) ||
	    http_param_time(req, "at", &q.at, res))
		return;
	q.table = http_param(req, "table");
	if (q.table && strcmp(q.table, "cohorts") != 0 && !view_official_table_known(q.table)) {
		http_error(res, 400, "table", "parameter \"table\": \"%.*s\" is not a table of the report",
			   error_cut(q.table, 64), q.table);
		return;
	}
	q.tz = http_param(req, "tz");
	stats_fiscal_year((int)q.fy, &q.first, &q.last);
	answer(app, res, &q);
}

struct official_query {
	long fy;
	const char *table;
	struct view_population_params population;
	bool daily; /* population=1 */
};

static int official_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	const struct official_query *q = ctx;
	if (q->daily)
		return view_population(out, l, &q->population, VIEW_JSON, err);
	return view_official(out, l, (int)q->fy, q->table, err);
}

/* official --population: from, to, facility, by (facility). */
static int population_params(const struct http_request *req, struct view_population_params *p,
			     struct http_response *res)
{
	static const char *const params[] = {"population", "from", "to", "facility", "by", NULL};
	const char *by = http_param(req, "by");
	if (http_check_params(req, params, res) ||
	    day_param("from", http_param(req, "from"), view_population_day, &p->first, res) ||
	    day_param("to", http_param(req, "to"), view_population_day, &p->last, res))
		return ERR_INVALID;
	if (p->last < p->first) {
		http_error(res, 400, "to", "parameter \"to\" is before \"from\"");
		return ERR_INVALID;
	}
	if (by && strcmp(by, "facility") != 0) {
		http_error(res, 400, "by", "parameter \"by\": \"%.*s\" is not facility", error_cut(by, 64), by);
		return ERR_INVALID;
	}
	p->facility = http_param(req, "facility");
	p->by_facility = by != NULL;
	return 0;
}

void api_official(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"fy", "table", "population", NULL};
	struct official_query q = {0, http_param(req, "table"), {0}, false};
	if (http_param_flag(req, "population", &q.daily, res))
		return;
	if (q.daily) {
		if (population_params(req, &q.population, res) == 0)
			app_answer(app, res, official_view, &q);
		return;
	}
	if (http_check_params(req, params, res) || fy_param(req, &q.fy, res))
		return;
	if (q.table && !view_official_table_known(q.table)) {
		http_error(res, 400, "table", "parameter \"table\": \"%.*s\" is not a table of the official figures",
			   error_cut(q.table, 64), q.table);
		return;
	}
	app_answer(app, res, official_view, &q);
}
