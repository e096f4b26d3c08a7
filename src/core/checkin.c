#include "checkin.h"

#include <assert.h>
#include <string.h>

/* floor(a / b) for b > 0 */
static int64_t floor_div(int64_t a, int64_t b)
{
	assert(b > 0);
	int64_t q = a / b;
	return q - (a % b < 0);
}

static ts_t deadline(const struct checkin_state *s, const struct checkin_period *p)
{
	return p->b + s->grace;
}

/* Fold a period whose outcome is decided into the counters. */
static void decide(struct checkin_state *s, const struct checkin_period *p)
{
	if (p->met) {
		s->ended++;
		s->met++;
		s->missed_run = 0;
	} else if (!p->closed) {
		s->ended++;
		s->missed_run++;
	}
}

static void drop_oldest(struct checkin_state *s)
{
	assert(s->n_pending > 0);
	s->n_pending--;
	memmove(&s->pending[0], &s->pending[1], (size_t)s->n_pending * sizeof s->pending[0]);
}

/* Bring s to instant t: decide every period whose deadline has passed,
 * count the periods of the current run that began and ended since the
 * last event (all missed: nothing met them), and make pending the periods
 * that have begun. Deadlines grow with the periods' starts, so pending is
 * also in deadline order. */
static void advance(struct checkin_state *s, ts_t t)
{
	while (s->n_pending > 0 && deadline(s, &s->pending[0]) <= t) {
		decide(s, &s->pending[0]);
		drop_oldest(s);
	}
	if (s->seg_len == 0)
		return;
	if (s->n_pending == 0) {
		int64_t last = floor_div(t - s->grace - s->seg_start, s->seg_len) - 1; /* deadline <= t */
		if (last >= s->next) {
			s->ended += last - s->next + 1;
			s->missed_run += last - s->next + 1;
			s->next = last + 1;
		}
	}
	for (ts_t a; (a = s->seg_start + s->next * s->seg_len) <= t; s->next++) {
		if (s->n_pending == CHECKIN_PENDING) { /* decided early: only with a grace longer than allowed */
			decide(s, &s->pending[0]);
			drop_oldest(s);
		}
		s->pending[s->n_pending++] = (struct checkin_period){a, a + s->seg_len, false, false};
	}
}

void checkin_start(struct checkin_state *s, ts_t at, int days, ts_t grace_seconds)
{
	assert(days > 0 && grace_seconds >= 0);
	memset(s, 0, sizeof *s);
	s->grace = grace_seconds;
	s->seg_start = at;
	s->seg_len = (ts_t)days * TS_DAY;
	s->last_ok = TS_NONE;
	advance(s, at);
}

/* Mark met every pending period an ok check-in at `at` falls in. */
static void meet(struct checkin_state *s, ts_t at)
{
	for (int i = 0; i < s->n_pending; i++)
		if (s->pending[i].a <= at && at < deadline(s, &s->pending[i]))
			s->pending[i].met = true;
}

void checkin_record(struct checkin_state *s, ts_t at, bool ok)
{
	advance(s, at);
	if (!ok)
		return;
	meet(s, at);
	s->last_ok = at;
}

/* Close the period in progress at `at`: it ends there, early (a period
 * that would begin exactly at `at` is not a period at all). */
static void close_current(struct checkin_state *s, ts_t at)
{
	advance(s, at);
	if (s->n_pending == 0 || s->seg_len == 0)
		return;
	struct checkin_period *p = &s->pending[s->n_pending - 1];
	if (p->a == at)
		s->n_pending--;
	else if (p->b > at) {
		p->b = at;
		p->closed = true;
	}
}

void checkin_change(struct checkin_state *s, ts_t at, int days)
{
	assert(days > 0);
	close_current(s, at);
	s->seg_start = at;
	s->seg_len = (ts_t)days * TS_DAY;
	s->next = 0;
	advance(s, at);
	if (s->last_ok == at) /* a check-in of the same second, recorded first, falls in the new period too */
		meet(s, at);
}

bool checkin_change_fits(const struct checkin_state *s, ts_t at, int days)
{
	assert(days > 0);
	struct checkin_state after = *s;
	close_current(&after, at);
	ts_t len = (ts_t)days * TS_DAY;
	int64_t to_come = (after.grace + len - 1) / len + 1; /* new periods within a grace of each other */
	return after.n_pending + to_come <= CHECKIN_PENDING;
}

void checkin_end(struct checkin_state *s, ts_t at)
{
	close_current(s, at);
	s->seg_len = 0;
}

void checkin_summary_at(const struct checkin_state *s, ts_t t, struct checkin_summary *out)
{
	struct checkin_state now = *s;
	advance(&now, t);
	out->ended = now.ended;
	out->met = now.met;
	out->missed_run = now.missed_run;
	out->last_ok = now.last_ok;
	out->open_b = out->open_deadline = TS_NONE;
	for (int i = 0; i < now.n_pending; i++)
		if (!now.pending[i].met) {
			out->open_b = now.pending[i].b;
			out->open_deadline = deadline(&now, &now.pending[i]);
			break;
		}
}
