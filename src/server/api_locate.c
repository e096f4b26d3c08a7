/* api_locate.c: GET /api/locate, the public detainee locator (docs/api.md).
 *
 * No sign-in. Exact matches only; an answer only for people detained now or
 * released in the last 60 days, never for anyone under 18 or protected:
 * they get the answer of a person the ledger does not know. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "array.h"
#include "bounds.h"
#include "event.h"
#include "users.h"
#include "vocab.h"

#define RELEASED_SHOWN_SECONDS (60 * 86400)

/* Whether the locator may answer for p at now. */
static bool visible(const struct store_located *p, ts_t now)
{
	if (p->protected_)
		return false;
	if (p->birth_date != TS_NONE && now < ts_add_years(p->birth_date, 18))
		return false;
	if (p->detained)
		return true;
	return p->released_at != TS_NONE && p->released_at <= now && now - p->released_at <= RELEASED_SHOWN_SECONDS;
}

struct found {
	const struct facility_registry *reg;
	ts_t now;
	json_t *matches;
	char (*people)[ANUMBER_LEN + 1]; /* those answered for, for the access log */
	size_t n, cap;
};

static json_t *where(const struct found *f, const char *code)
{
	struct facility_state st = {0};
	const struct facility *fac = facility_find(f->reg, code);
	if (fac)
		facility_state_at(fac, f->now, &st);
	const struct event *d = st.details;
	return json_pack("{s:s, s:s?, s:s?, s:s?, s:o}", "status", "detained", "facility", d ? d->name : NULL, "city",
			 d ? d->city : NULL, "state", d && d->state[0] ? d->state : NULL, "aor",
			 d ? json_string(vocab_word(&vocab_aor, d->aor)) : json_null());
}

static int add_match(void *ctx, const struct store_located *p, struct error *err)
{
	struct found *f = ctx;
	if (!visible(p, f->now))
		return 0;
	if (array_reserve((void **)&f->people, &f->cap, f->n, sizeof *f->people, 4))
		return error_set(err, ERR_NOMEM, "out of memory");
	snprintf(f->people[f->n++], sizeof *f->people, "%s", p->person);
	json_t *m = p->detained ? where(f, p->facility) : json_pack("{s:s}", "status", "released");
	if (!m || json_array_append_new(f->matches, m))
		return error_set(err, ERR_NOMEM, "out of memory");
	return 0;
}

/* The query of req into q, or 400 in res. */
static int parse_query(const struct http_request *req, struct store_locate_query *q, char *person,
		       struct http_response *res)
{
	static const char *const params[] = {"a", "family_name", "given_name", "birth_country", "birth_date", NULL};
	if (http_check_params(req, params, res))
		return ERR_INVALID;
	const char *a = http_param(req, "a");
	*q = (struct store_locate_query){
		.family_name = http_param(req, "family_name"),
		.given_name = http_param(req, "given_name"),
		.birth_country = http_param(req, "birth_country"),
		.birth_date = TS_NONE,
	};
	const char *c = q->birth_country;
	if (!c || strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z') {
		http_error(res, 400, "birth_country", "parameter \"birth_country\": required, two capital letters (MX)");
		return ERR_INVALID;
	}
	if (a && (q->family_name || q->given_name || http_param(req, "birth_date"))) {
		http_error(res, 400, "a", "give a with birth_country, or family_name, given_name and birth_country");
		return ERR_INVALID;
	}
	if (a)
		return http_person(a, "a", person, res) ? ERR_INVALID : (q->person = person, 0);
	if (!q->family_name || !q->given_name || !q->family_name[0] || !q->given_name[0]) {
		http_error(res, 400, q->family_name ? "given_name" : "family_name",
			   "give a and birth_country, or family_name, given_name and birth_country");
		return ERR_INVALID;
	}
	const char *date = http_param(req, "birth_date");
	struct error err;
	if (date && (ts_parse_date(date, &q->birth_date, &err) ||
		     bound_birth_date(q->birth_date, req->now, "today", &err))) {
		http_error(res, 400, "birth_date", "parameter \"birth_date\": %s", err.msg);
		return ERR_INVALID;
	}
	return 0;
}

/* Queue the people answered for for the access log (auditq.h): a hit of
 * the locator is a read of them, by the public from the client's address. */
static int audit(struct app *app, const struct http_request *req, const struct found *f, struct error *err)
{
	const char **people = malloc((f->n ? f->n : 1) * sizeof *people);
	char what[128];
	if (!people)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < f->n; i++)
		people[i] = f->people[i];
	snprintf(what, sizeof what, "GET /api/locate from %.80s", req->client ? req->client : "?");
	int rc = auditq_add(app->locator_log, "locator", people, f->n, what, app_now(app), req->now, err);
	free(people);
	return rc;
}

void api_locate(struct app *app, const struct http_request *req, struct http_response *res)
{
	int wait = ratelimit_take(app->locate_limit, req->client, app_monotonic());
	if (wait) {
		res->retry_after = wait;
		http_error(res, 429, NULL, "too many searches from your address; try again in %d s", wait);
		return;
	}
	struct store_locate_query q;
	char person[ANUMBER_LEN + 1];
	if (parse_query(req, &q, person, res))
		return;
	struct error err;
	struct found f = {.now = req->now, .matches = json_array()};
	struct ledger *l = app_read_begin(app, &app->quick);
	f.reg = ledger_facilities(l);
	int rc = f.matches ? store_locate(ledger_store(l), &q, add_match, &f, &err)
			   : error_set(&err, ERR_NOMEM, "out of memory");
	app_read_end(&app->quick, l);
	if (rc == 0)
		rc = audit(app, req, &f, &err);
	if (rc)
		http_fail(res, &err);
	else if (f.n == 0)
		http_error(res, 404, NULL, "not found");
	else
		http_json(res, 200, json_pack("{s:O}", "matches", f.matches));
	json_decref(f.matches);
	free(f.people);
}
