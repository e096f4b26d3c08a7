/* Unit tests for the flow model: determinism, validity of every stream
 * (ingested with zero rejects), and the profile's totals at scale 1. */
#include "support.h"

#include <math.h>

#include "engine.h"
#include "ledger.h"

static struct profile fy2025;

static int load(void **state)
{
	(void)state;
	struct error err;
	return profile_load("fy2025", &fy2025, &err);
}

static int unload(void **state)
{
	(void)state;
	profile_free(&fy2025);
	return 0;
}

/* A running digest of the canonical text of every event. */
struct digest {
	uint64_t hash, events;
	ts_t last_at;
	bool ordered;
};

static int digest_event(void *ctx, const struct event *ev, struct error *err)
{
	struct digest *d = ctx;
	char text[EVENT_TEXT_MAX];
	size_t n = event_format(ev, text, sizeof text);
	if (n == 0)
		return error_set(err, ERR_INVALID, "event %s does not format", ev->id);
	for (size_t i = 0; i < n; i++)
		d->hash = (d->hash ^ (unsigned char)text[i]) * 1099511628211ull;
	d->ordered &= d->last_at == TS_NONE || ev->at >= d->last_at;
	d->last_at = ev->at;
	d->events++;
	return 0;
}

static struct digest run_digest(uint64_t seed, double scale, int days)
{
	struct sim_options o = {seed, scale, T("2024-10-01"), days};
	struct digest d = {1469598103934665603ull, 0, TS_NONE, true};
	struct error err;
	assert_int_equal(sim_run(&fy2025, &o, digest_event, &d, NULL, &err), 0);
	return d;
}

static void same_seed_same_events(void **state)
{
	(void)state;
	struct digest a = run_digest(7, 0.002, 60), b = run_digest(7, 0.002, 60), c = run_digest(8, 0.002, 60);
	assert_true(a.events > 1000);
	assert_true(a.ordered);
	assert_int_equal(a.hash, b.hash);
	assert_int_equal(a.events, b.events);
	assert_int_not_equal(a.hash, c.hash);
}

/* Feeds every event to a ledger, counting rejections. */
struct feeding {
	struct ledger *l;
	uint64_t stored, rejected;
	char first[ERROR_MSG_MAX];
};

static int feed(void *ctx, const struct event *ev, struct error *err)
{
	struct feeding *f = ctx;
	char text[EVENT_TEXT_MAX];
	size_t n = event_format(ev, text, sizeof text);
	enum ledger_outcome outcome;
	struct error why;
	int rc = ledger_append_json(f->l, text, n, &outcome, NULL, &why);
	if (rc == ERR_IO || rc == ERR_NOMEM)
		return error_set(err, rc, "%s", why.msg);
	if (rc && !f->rejected++)
		snprintf(f->first, sizeof f->first, "%s", why.msg);
	f->stored += rc == 0;
	return 0;
}

static void every_stream_ingests_without_rejects(void **state)
{
	(void)state;
	const struct {
		uint64_t seed;
		double scale;
		int days;
	} runs[] = {{1, 0.002, 365}, {2, 0.003, 200}, {99, 0.001, 450}};
	for (size_t i = 0; i < ROWS(runs); i++) {
		struct tmp *t = tmp_new("engine");
		assert_non_null(t);
		struct feeding f = {.l = open_test_ledger(t->path, STORE_CREATE)};
		struct sim_options o = {runs[i].seed, runs[i].scale, T("2024-10-01"), runs[i].days};
		struct error err;
		tx_begin(f.l);
		assert_int_equal(sim_run(&fy2025, &o, feed, &f, NULL, &err), 0);
		tx_commit(f.l);
		ledger_close(f.l);
		tmp_free(t);
		if (f.rejected)
			fail_msg("seed %llu: %llu rejected, first: %s", (unsigned long long)runs[i].seed,
				 (unsigned long long)f.rejected, f.first);
		assert_true(f.stored > 1000);
	}
}

static int count_only(void *ctx, const struct event *ev, struct error *err)
{
	(void)ctx;
	(void)ev;
	(void)err;
	return 0;
}

static double share(const double *v, size_t n, size_t i)
{
	double total = 0;
	for (size_t k = 0; k < n; k++)
		total += v[k];
	return v[i] / total;
}

/* The scale of the national year below: half the nation keeps every
 * count in the thousands (shares within a point or two) at half the cost,
 * which matters under the sanitizers. */
#define YEAR_SCALE 0.5

/* One fiscal year: the profile's totals, times YEAR_SCALE, come back. */
static void a_national_year_matches_the_profile(void **state)
{
	(void)state;
	struct sim_options o = {1, YEAR_SCALE, fy2025.from, 365};
	struct sim_totals t;
	struct error err;
	assert_int_equal(sim_run(&fy2025, &o, count_only, NULL, &t, &err), 0);
	for (int agency = 0; agency < 2; agency++)
		for (int month = 0; month < PROFILE_MONTHS; month++) {
			double want = YEAR_SCALE * fy2025.book_ins[agency][month], got = (double)t.book_ins[agency][month];
			if (fabs(got - want) > 0.03 * want)
				fail_msg("book-ins agency %d month %d: %.0f, profile %.0f", agency, month, got, want);
		}
	double outs[OUT_REASON_COUNT], profile_outs = 0, ledger_outs = 0;
	for (int r = 0; r < OUT_REASON_COUNT; r++) {
		outs[r] = (double)t.book_outs[r];
		profile_outs += fy2025.release[r];
		ledger_outs += outs[r];
	}
	assert_true(ledger_outs > 250000 * YEAR_SCALE);
	for (int r = 0; r < OUT_REASON_COUNT; r++)
		print_message("book-outs %-24s %6.2f%% (profile %6.2f%%)\n", vocab_word(&vocab_release_reason, r),
			      100 * outs[r] / ledger_outs, 100 * fy2025.release[r] / profile_outs);
	for (int r = 0; r < OUT_REASON_COUNT; r++) {
		double want = 100 * fy2025.release[r] / profile_outs, got = 100 * outs[r] / ledger_outs;
		if (fabs(got - want) > 2)
			fail_msg("book-outs %s: %.2f%%, profile %.2f%%", vocab_word(&vocab_release_reason, r), got, want);
	}
	double active[TECH_COUNT], total = 0;
	for (int k = 0; k < TECH_COUNT; k++)
		total += active[k] = (double)t.atd_active[k];
	print_message("supervised at the end: %.0f (app %.0f, ankle %.0f, wrist %.0f, phone %.0f, none %.0f)\n", total,
		      active[TECH_APP], active[TECH_ANKLE], active[TECH_WRIST], active[TECH_PHONE], active[TECH_NONE]);
	assert_true(total > 150000 * YEAR_SCALE && total < 220000 * YEAR_SCALE);
	for (int k = 0; k < TECH_COUNT; k++) {
		double want = 100 * share(fy2025.technology, TECH_COUNT, (size_t)k), got = 100 * active[k] / total;
		if (fabs(got - want) > 2)
			fail_msg("technology %s: %.2f%%, profile %.2f%%", vocab_word(&vocab_technology, k), got, want);
	}
	double attended = (double)t.hearings_attended / (double)(t.hearings_attended + t.hearings_missed);
	assert_true(fabs(attended - fy2025.attendance) < 0.005);
	assert_true(t.checkins > 8000000 * YEAR_SCALE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_events),
		cmocka_unit_test(every_stream_ingests_without_rejects),
		cmocka_unit_test(a_national_year_matches_the_profile),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
