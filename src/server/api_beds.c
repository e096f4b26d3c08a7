/* api_beds.c: the aggregates of beds and supervision: occupancy,
 * facilities, rules, supervision figures (any signed-in role). */
#include <string.h>

#include "api.h"
#include "textfile.h"
#include "views.h"

struct instant {
	ts_t at;
};

static int occupancy_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	return view_occupancy(out, l, ((struct instant *)ctx)->at, err);
}

void api_occupancy(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"at", NULL};
	struct instant i = {req->now};
	if (http_check_params(req, params, res) || http_param_time(req, "at", &i.at, res))
		return;
	if (http_param(req, "at"))
		app_answer(app, res, occupancy_view, &i);
	else
		app_answer_cached(app, &app->occupancy, res, occupancy_view, &i);
}

static int facilities_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	return view_facilities(out, l, ((struct instant *)ctx)->at, err);
}

void api_facilities(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {NULL};
	struct instant i = {req->now};
	if (http_check_params(req, params, res) == 0)
		app_answer_cached(app, &app->facilities, res, facilities_view, &i);
}

static int rules_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	(void)ctx;
	return view_rules(out, ledger_rules(l), err);
}

void api_rules(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {NULL};
	if (http_check_params(req, params, res) == 0)
		app_answer(app, res, rules_view, NULL);
}

/* Under app->lock: write the rules file, then put its rules in force. */
static int replace_rules(struct app *app, const struct http_request *req, struct error *err)
{
	struct rules r;
	int rc = rules_parse(req->body, app->cfg.rules_file, &r, err);
	if (rc == 0)
		rc = textfile_replace(app->cfg.rules_file, req->body, req->body_len, err);
	if (rc == 0) {
		app_set_rules(app, &r);
		app_beds_changed(app); /* national_capacity, and what the clocks allow */
	}
	return rc;
}

void api_rules_put(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {NULL};
	if (http_check_params(req, params, res))
		return;
	if (req->body_len > RULES_FILE_MAX || !http_utf8_valid(req->body, req->body_len)) {
		http_error(res, 400, NULL, "the body is not a rules file (UTF-8 text, at most %zu bytes)", RULES_FILE_MAX);
		return;
	}
	struct error err;
	app_lock(app);
	int rc = replace_rules(app, req, &err);
	app_unlock(app);
	if (rc)
		http_fail(res, &err);
	else
		app_answer(app, res, rules_view, NULL);
}

struct supervision {
	ts_t at;
	aor_mask_t aors;
	enum atd_by by;
};

static int atd_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	const struct supervision *s = ctx;
	return view_atd(out, l, s->at, s->aors, s->by, err);
}

void api_supervision(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"at", "aor", "by", NULL};
	struct supervision s = {req->now, AOR_MASK_ALL, ATD_BY_NONE};
	int aor;
	if (http_check_params(req, params, res) || http_param_time(req, "at", &s.at, res) ||
	    http_param_word(req, "aor", &vocab_aor, &aor, res))
		return;
	const char *by = http_param(req, "by");
	if (by && strcmp(by, "technology") != 0 && strcmp(by, "aor") != 0) {
		http_error(res, 400, "by", "parameter \"by\": \"%.*s\" is not technology or aor", error_cut(by, 64), by);
		return;
	}
	s.aors = aor_mask_of(aor);
	s.by = !by ? ATD_BY_NONE : strcmp(by, "aor") == 0 ? ATD_BY_AOR : ATD_BY_TECHNOLOGY;
	app_answer(app, res, atd_view, &s);
}
