/* test_auditq.c: access-log rows written by a thread of their own
 * (src/server/auditq.h), as the locator's hits are. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auditq.h"
#include "auth.h"
#include "users.h"

static int open_app(struct app *app, const char *path)
{
	struct app_config cfg = {
		.db_path = path,
		.listen = "127.0.0.1:0",
		.threads = 1,
		.max_connections = 4,
		.timeout_s = 10,
		.max_body = 1 << 20,
		.locate_per_minute = 60,
		.signin_per_minute = 60,
		.fixed_now = T("2025-06-01T12:00:00Z"),
	};
	struct rules rules;
	rules_default(&rules);
	struct error err;
	int rc = app_open(app, &cfg, &rules, &err);
	if (rc)
		fail_msg("app_open: %s", err.msg);
	return rc;
}

/* store_access_fn: "ACTOR PERSON WHAT ASKED_AT\n" appended to ctx (a
 * char[2048]). */
static int access_line(void *ctx, const struct store_access *a, struct error *err)
{
	(void)err;
	char *buf = ctx, asked[TS_TEXT_MAX];
	size_t used = strlen(buf);
	snprintf(buf + used, 2048 - used, "%s %s %s %s\n", a->actor, a->person, a->what, ts_format(a->asked_at, asked));
	return 0;
}

/* Rows queued from several reads are all in the ledger once the queue
 * stops (app_close stops it), in the order they were queued. */
static void test_rows_queued_are_written(void **state)
{
	struct ledger_fixture *fx = *state;
	ledger_close(fx->l);
	fx->l = NULL;
	struct app app;
	assert_int_equal(open_app(&app, fx->tmp->path), 0);
	struct error err;
	const char *first[] = {"A100000001", "A100000002"}, *second[] = {"A100000003"};
	assert_int_equal(auditq_add(app.locator_log, "locator", first, 2, "GET /api/locate from 127.0.0.1",
				    T("2025-06-01T12:00:00Z"), T("2025-06-01T11:00:00Z"), &err), 0);
	assert_int_equal(auditq_add(app.locator_log, "locator", second, 1, "GET /api/locate from ::1",
				    T("2025-06-01T12:00:01Z"), T("2025-06-01T11:00:01Z"), &err), 0);
	assert_int_equal(auditq_add(app.locator_log, "locator", NULL, 0, "nothing", T("2025-06-01T12:00:02Z"),
				    TS_NONE, &err), 0);
	app_close(&app);
	fx->l = open_test_ledger(fx->tmp->path, STORE_OPEN);
	char got[2048] = "";
	assert_int_equal(store_access_log(ledger_store(fx->l), NULL, NULL, TS_NONE, access_line, got, &err), 0);
	assert_string_equal(got, "locator A100000001 GET /api/locate from 127.0.0.1 2025-06-01T11:00:00Z\n"
				 "locator A100000002 GET /api/locate from 127.0.0.1 2025-06-01T11:00:00Z\n"
				 "locator A100000003 GET /api/locate from ::1 2025-06-01T11:00:01Z\n");
}

static int setup(void **state)
{
	struct error err;
	if (auth_init(&err))
		return -1;
	*state = ledger_fixture_new("auditq");
	return 0;
}

static int teardown(void **state)
{
	ledger_fixture_free(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_queued_are_written, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
