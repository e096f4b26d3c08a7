/* api_people.c: person-level reads (officer and up). An officer sees the
 * people of its AORs only: a person outside them is 404 as an unknown one
 * is, and the lists keep only its people. Each read of a person's record
 * is written to the access log. */
#include <string.h>

#include "api.h"
#include "users.h"
#include "views.h"

/* The AORs req's user may see, narrowed to aor when one is asked for. */
static aor_mask_t scope(const struct http_request *req, int aor)
{
	return req->user->aors & aor_mask_of(aor);
}

/* A read of one person's record. */
struct person_read {
	const struct http_request *req;
	char person[ANUMBER_LEN + 1];
	ts_t at;
	int aor; /* place: the AOR put first */
};

/* Whether the user may read the person, then the view. A person outside
 * the user's AORs gets the very answer of a person the ledger does not
 * know (ERR_NOTFOUND, the same text): an officer cannot tell whether an
 * A-number exists elsewhere. */
static int read_person(struct person_read *r, struct ledger *l, FILE *out, struct error *err,
		       int (*view)(FILE *out, struct ledger *l, const struct person_read *r, struct error *err))
{
	int aor;
	int rc = view_person_aor(l, r->person, r->req->now, &aor, err);
	if (rc == ERR_NOTFOUND || (rc == 0 && !aor_mask_has(r->req->user->aors, aor)))
		rc = error_set(err, ERR_NOTFOUND, "no person %s that you may read", r->person);
	return rc ? rc : view(out, l, r, err);
}

static int show(FILE *out, struct ledger *l, const struct person_read *r, struct error *err)
{
	return view_show(out, l, r->person, r->at, err);
}

static int show_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	return read_person(ctx, l, out, err, show);
}

static int place(FILE *out, struct ledger *l, const struct person_read *r, struct error *err)
{
	return view_place(out, l, r->person, r->at, r->aor, err);
}

static int place_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	return read_person(ctx, l, out, err, place);
}

/* Answer a read of the person of the path with view: the common
 * parameters parsed into a person_read; logged. */
static void person_request(struct app *app, const struct http_request *req, const char *const *params,
			   const char *what, app_view_fn view, struct http_response *res)
{
	struct person_read r = {.req = req, .at = req->now, .aor = UNSET};
	if (http_check_params(req, params, res) || http_person(req->path_arg, "person", r.person, res) ||
	    http_param_time(req, "at", &r.at, res) || http_param_word(req, "aor", &vocab_aor, &r.aor, res))
		return;
	struct app_read read = {req->user->name, what, r.at, r.person};
	app_answer_audited(app, res, view, &r, &read);
}

void api_person(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"at", NULL};
	person_request(app, req, params, "GET /api/people", show_view, res);
}

void api_place(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"at", "aor", NULL};
	person_request(app, req, params, "GET /api/people/place", place_view, res);
}

/* Answer a list of people with view, each person of it logged as read
 * through what, at the instant asked about. */
static void list_answer(struct app *app, const struct http_request *req, struct http_response *res,
			app_view_fn view, void *ctx, const char *what, ts_t at)
{
	struct app_read read = {req->user->name, what, at, NULL};
	app_answer_audited(app, res, view, ctx, &read);
}

/* An officer's lists are of its people now: at an instant before now they
 * would show people who have since left its AORs (later instants cannot:
 * no event is more than minutes ahead). 403 naming param when t is before
 * now for a user limited to AORs. */
static int instant_allowed(const struct http_request *req, ts_t t, const char *param, struct http_response *res)
{
	if (req->user->aors == AOR_MASK_ALL || t >= req->now)
		return 0;
	http_error(res, 403, param,
		   "an officer's lists are of now or later: before now they would show people who have left your AORs");
	return ERR_DENIED;
}

struct list {
	ts_t at, to;
	struct flag_filter filter;
	size_t need;
	enum atd_which which;
};

static int flags_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	const struct list *q = ctx;
	return view_flags(out, l, q->at, &q->filter, err);
}

void api_flags(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"at", "rule", "aor", "facility", "status", NULL};
	struct list q = {.at = req->now};
	int aor;
	flag_filter_any(&q.filter);
	if (http_check_params(req, params, res) || http_param_time(req, "at", &q.at, res) ||
	    http_param_word(req, "rule", &vocab_flag_rule, &q.filter.rule, res) ||
	    http_param_word(req, "aor", &vocab_aor, &aor, res) ||
	    http_param_word(req, "status", &vocab_flag_status, &q.filter.status, res) ||
	    instant_allowed(req, q.at, "at", res))
		return;
	q.filter.aor_mask = scope(req, aor);
	q.filter.facility = http_param(req, "facility");
	list_answer(app, req, res, flags_view, &q, "GET /api/flags", q.at);
}

static int candidates_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	const struct list *q = ctx;
	return view_candidates(out, l, q->at, &q->filter, q->need, err);
}

void api_candidates(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"at", "aor", "facility", "need", NULL};
	struct list q = {.at = req->now, .need = SIZE_MAX};
	long need = -1;
	int aor;
	flag_filter_any(&q.filter);
	if (http_check_params(req, params, res) || http_param_time(req, "at", &q.at, res) ||
	    http_param_word(req, "aor", &vocab_aor, &aor, res) ||
	    http_param_number(req, "need", 0, BOUND_NEED_MAX, &need, res) ||
	    instant_allowed(req, q.at, "at", res))
		return;
	q.filter.facility = http_param(req, "facility");
	if (q.filter.facility && aor != UNSET) {
		http_error(res, 400, "aor", "give facility or aor, not both");
		return;
	}
	q.filter.aor_mask = scope(req, aor);
	q.need = need < 0 ? SIZE_MAX : (size_t)need;
	list_answer(app, req, res, candidates_view, &q, "GET /api/candidates", q.at);
}

static int atd_list_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	const struct list *q = ctx;
	return view_atd_list(out, l, q->at, q->filter.aor_mask, q->which, err);
}

static void supervision_list(struct app *app, const struct http_request *req, struct http_response *res,
			     enum atd_which which)
{
	static const char *const params[] = {"at", "aor", NULL};
	struct list q = {.at = req->now, .which = which};
	int aor;
	if (http_check_params(req, params, res) || http_param_time(req, "at", &q.at, res) ||
	    http_param_word(req, "aor", &vocab_aor, &aor, res) || instant_allowed(req, q.at, "at", res))
		return;
	q.filter.aor_mask = scope(req, aor);
	list_answer(app, req, res, atd_list_view, &q,
		    which == ATD_DUE ? "GET /api/supervision/due" : "GET /api/supervision/missed", q.at);
}

void api_supervision_due(struct app *app, const struct http_request *req, struct http_response *res)
{
	supervision_list(app, req, res, ATD_DUE);
}

void api_supervision_missed(struct app *app, const struct http_request *req, struct http_response *res)
{
	supervision_list(app, req, res, ATD_MISSED);
}

static int hearings_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	const struct list *q = ctx;
	return view_hearings(out, l, q->at, q->to, q->filter.aor_mask, err);
}

void api_hearings(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"from", "days", NULL};
	struct list q = {.at = req->now};
	long days = 7;
	if (http_check_params(req, params, res) || http_param_time(req, "from", &q.at, res) ||
	    http_param_number(req, "days", 1, BOUND_DAYS_MAX, &days, res) || instant_allowed(req, q.at, "from", res))
		return;
	q.to = q.at + days * TS_DAY;
	q.filter.aor_mask = scope(req, UNSET);
	list_answer(app, req, res, hearings_view, &q, "GET /api/hearings", q.at);
}
