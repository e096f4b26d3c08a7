#include "clock.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const flag_rule_words[] = {
	"PO-90", "PO-REVIEW-90", "PO-REVIEW-180", "PO-REVIEW-ANNUAL", "PO-180",
	"PO-RELEASE", "PR-BOND", "CH-72H", "CH-20D", "STD-CLASSIFY-12H",
	"ATD-ESCALATE", "ATD-ABSCOND", "ATD-DEESCALATE", "ATD-TAMPER", "HEARING-REMINDER", "HEARING-MISSED",
};
const struct vocab vocab_flag_rule = {"rule", flag_rule_words, FLAG_RULE_COUNT};

static const char *const flag_status_words[] = {"due", "overdue", "info"};
const struct vocab vocab_flag_status = {"flag status", flag_status_words, 3};

_Static_assert(sizeof flag_rule_words / sizeof *flag_rule_words == FLAG_RULE_COUNT, "a word per rule");

static ts_t days(int n)
{
	return (ts_t)n * TS_DAY;
}

static ts_t max_ts(ts_t a, ts_t b)
{
	return a > b ? a : b;
}

static ts_t min_ts(ts_t a, ts_t b)
{
	return a < b ? a : b;
}

/* Seconds of [a, b) that lie inside [from, to). */
static ts_t overlap(ts_t a, ts_t b, ts_t from, ts_t to)
{
	ts_t lo = max_ts(a, from), hi = min_ts(b, to);
	return hi > lo ? hi - lo : 0;
}

void clock_removal(const struct timeline *tl, ts_t t, const struct rules *r, struct removal_clock *out)
{
	memset(out, 0, sizeof *out);
	out->start = out->end = TS_NONE;
	if (!tl->final_order || tl->stay_of_removal == STAY_GRANTED)
		return;
	out->runs = true;
	out->start = tl->final_date;
	out->start_why = "final order";
	if (tl->stay_of_removal == STAY_LIFTED && tl->stay_at > out->start) {
		out->start = tl->stay_at;
		out->start_why = "stay of removal lifted";
	}
	if (tl->detained && tl->stay.in > tl->order_at && tl->stay.in > out->start) {
		out->start = tl->stay.in;
		out->start_why = "booked in after the order";
	}
	for (size_t i = 0; i < tl->n_noncoop; i++)
		out->tolled += overlap(tl->noncoop[i].start, min_ts(tl->noncoop[i].end, t), out->start, t);
	out->end = out->start + days(r->removal_period_days) + out->tolled;
}

bool clock_in_removal_period(const struct timeline *tl, ts_t t, const struct rules *r)
{
	struct removal_clock rc;
	clock_removal(tl, t, r, &rc);
	return tl->detained && rc.runs && rc.start <= t && t < rc.end;
}

bool clock_child_at_book_in(const struct timeline *tl, const struct rules *r)
{
	return tl->birth_date != TS_NONE && tl->stay.key[0] &&
	       tl->stay.in < ts_add_years(tl->birth_date, r->child_age_years);
}

bool clock_release_required(const struct timeline *tl, ts_t t, const struct rules *r, ts_t *since)
{
	struct removal_clock rc;
	clock_removal(tl, t, r, &rc);
	if (!tl->detained || !rc.runs)
		return false;
	ts_t presumptive = rc.start + days(r->presumptive_days) + rc.tolled;
	ts_t first = TS_FOREVER;
	if (tl->travel_status == TRAVEL_REFUSED)
		first = tl->travel_at;
	if (tl->review_foreseeable == 0)
		first = min_ts(first, tl->review_at);
	if (t <= presumptive || first == TS_FOREVER)
		return false;
	if (since)
		*since = max_ts(presumptive, first);
	return true;
}

/* --- flags ------------------------------------------------------------ */

struct flags {
	const struct timeline *tl;
	ts_t t;
	struct flag *out;
	size_t n;
};

static struct flag *add(struct flags *f, int rule, int status, ts_t due, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct flag *add(struct flags *f, int rule, int status, ts_t due, const char *fmt, ...)
{
	assert(f->n < CLOCK_FLAGS_MAX);
	struct flag *flag = &f->out[f->n++];
	flag->rule = rule;
	flag->status = status;
	flag->due = due;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(flag->reason, sizeof flag->reason, fmt, ap);
	va_end(ap);
	return flag;
}

/* due while the time is still ahead (or now), overdue once it has passed */
static int due_status(const struct flags *f, ts_t due)
{
	return f->t > due ? FLAG_OVERDUE : FLAG_DUE;
}

struct dates {
	char a[DATE_TEXT_MAX], b[DATE_TEXT_MAX], c[DATE_TEXT_MAX];
};

/* "final order 2025-01-10" and, when S is later, what moved it. */
static const char *order_text(const struct timeline *tl, const struct removal_clock *rc, char *buf, size_t size)
{
	char d[DATE_TEXT_MAX], s[DATE_TEXT_MAX];
	ts_format_date(tl->final_date, d);
	if (rc->start == tl->final_date)
		snprintf(buf, size, "final order %s", d);
	else
		snprintf(buf, size, "final order %s, %s %s", d, rc->start_why, ts_format_date(rc->start, s));
	return buf;
}

/* " (+12 days tolled)" when non-cooperation pushed the clocks back. */
static const char *tolled_text(const struct removal_clock *rc, char *buf, size_t size)
{
	if (rc->tolled == 0)
		snprintf(buf, size, "%s", "");
	else if (rc->tolled % TS_DAY == 0)
		snprintf(buf, size, " (+%lld days tolled)", (long long)(rc->tolled / TS_DAY));
	else
		snprintf(buf, size, " (+%.1f days tolled)", (double)rc->tolled / TS_DAY);
	return buf;
}

/* PO-REVIEW-90 and PO-REVIEW-180: a review of kind is due by S + n days. */
static void review_flag(struct flags *f, const struct removal_clock *rc, int rule, ts_t last, int n, const char *kind,
			const char *order, const char *tolled, const char *notice)
{
	if (last != TS_NONE && last >= rc->start)
		return;
	ts_t due = rc->start + days(n) + rc->tolled;
	char d[DATE_TEXT_MAX];
	if (due_status(f, due) == FLAG_OVERDUE)
		add(f, rule, FLAG_OVERDUE, due, "%s, %d days ended %s%s, no %s review recorded", order, n,
		    ts_format_date(due, d), tolled, kind);
	else
		add(f, rule, FLAG_DUE, due, "%s, %s review due %s%s%s", order, kind, ts_format_date(due, d), tolled,
		    notice);
}

static void post_order_flags(struct flags *f, const struct rules *r)
{
	const struct timeline *tl = f->tl;
	struct removal_clock rc;
	clock_removal(tl, f->t, r, &rc);
	if (!rc.runs)
		return;
	char order[120], tolled[40], notice[60] = "";
	struct dates d;
	order_text(tl, &rc, order, sizeof order);
	tolled_text(&rc, tolled, sizeof tolled);
	if (rc.start <= f->t && f->t < rc.end)
		add(f, FLAG_PO_90, FLAG_INFO, rc.end, "%s, removal period to %s%s: detention is mandatory (241a)",
		    order, ts_format_date(rc.end, d.a), tolled);
	ts_t review_90 = rc.start + days(r->review_90_days) + rc.tolled;
	snprintf(notice, sizeof notice, ", notice due %s", ts_format_date(review_90 - days(r->review_notice_days), d.b));
	review_flag(f, &rc, FLAG_PO_REVIEW_90, tl->review_90_at, r->review_90_days, "90-day", order, tolled, notice);
	review_flag(f, &rc, FLAG_PO_REVIEW_180, tl->review_180_at, r->review_180_days, "180-day", order, tolled, "");
	if (tl->review_continued_at != TS_NONE && tl->review_continued_at >= rc.start && tl->review_continued == 1) {
		ts_t due = tl->review_continued_at + days(r->review_annual_days);
		add(f, FLAG_PO_REVIEW_ANNUAL, due_status(f, due), due, "review of %s continued detention: annual review %s %s",
		    ts_format_date(tl->review_continued_at, d.a), due_status(f, due) == FLAG_DUE ? "due" : "was due",
		    ts_format_date(due, d.b));
	}
	ts_t presumptive = rc.start + days(r->presumptive_days) + rc.tolled;
	if (f->t <= presumptive)
		return;
	add(f, FLAG_PO_180, FLAG_INFO, presumptive, "%s, presumptive period ended %s%s: detention no longer presumed reasonable",
	    order, ts_format_date(presumptive, d.a), tolled);
	ts_t since;
	if (!clock_release_required(tl, f->t, r, &since))
		return;
	char why[120];
	if (tl->travel_status == TRAVEL_REFUSED)
		snprintf(why, sizeof why, "travel document refused by %s on %s", tl->travel_country,
			 ts_format_date(tl->travel_at, d.b));
	else
		snprintf(why, sizeof why, "review of %s found removal not foreseeable", ts_format_date(tl->review_at, d.b));
	add(f, FLAG_PO_RELEASE, FLAG_OVERDUE, since,
	    "presumptive period ended %s, %s: release (no_removal_foreseeable) unless 8 CFR 241.14 applies",
	    ts_format_date(presumptive, d.a), why);
}

static void child_flags(struct flags *f, const struct facility_registry *reg, const struct rules *r)
{
	const struct timeline *tl = f->tl;
	if (!clock_child_at_book_in(tl, r))
		return;
	struct facility_state st;
	facility_state_at(facility_find(reg, tl->stint.facility), f->t, &st);
	bool family = st.details && st.details->kind == FAC_FAMILY;
	char in[TS_TEXT_MAX], due_text[TS_TEXT_MAX], born[DATE_TEXT_MAX];
	ts_format(tl->stay.in, in);
	ts_format_date(tl->birth_date, born);
	if (family) {
		ts_t due = tl->stay.in + days(r->child_family_days);
		add(f, FLAG_CH_20D, due_status(f, due), due, "born %s, booked in %s, held in family facility %s: %d-day limit %s",
		    born, in, tl->stint.facility, r->child_family_days, ts_format(due, due_text));
	} else {
		ts_t due = tl->stay.in + (ts_t)r->child_hhs_hours * 3600;
		add(f, FLAG_CH_72H, due_status(f, due), due, "born %s, booked in %s, held in %s (not a family facility): transfer to HHS by %s",
		    born, in, tl->stint.facility, ts_format(due, due_text));
	}
}

void clock_checkins(const struct timeline *tl, ts_t t, struct checkin_summary *out)
{
	checkin_summary_at(&tl->checkins, t, out);
}

/* Up (escalate) or down the ladder phone, app -> wrist -> ankle. */
static const char *next_technology(int technology, bool up)
{
	switch (technology) {
	case TECH_ANKLE:
		return up ? "ankle already: consider a custody review" : "wrist";
	case TECH_WRIST:
		return up ? "ankle" : "app";
	case TECH_APP:
	case TECH_PHONE:
		return up ? "wrist" : "no device (case management)";
	default:
		return up ? "phone or app" : "no device already";
	}
}

static void supervision_flags(struct flags *f, const struct rules *r)
{
	const struct timeline *tl = f->tl;
	const struct tl_enrolment *e = &tl->enrolment;
	struct checkin_summary c;
	clock_checkins(tl, f->t, &c);
	struct dates d;
	const char *tech = vocab_word(&vocab_technology, e->technology);
	if (c.missed_run >= 2)
		add(f, FLAG_ATD_ESCALATE, FLAG_INFO, TS_NONE,
		    "last %lld check-in periods missed (%s, every %d days): recommend %s", (long long)c.missed_run, tech,
		    e->checkin_days, next_technology(e->technology, true));
	ts_t base = c.last_ok != TS_NONE ? c.last_ok : e->start;
	ts_t abscond = base + days(r->abscond_days);
	if (f->t > abscond)
		add(f, FLAG_ATD_ABSCOND, FLAG_OVERDUE, abscond, "no ok check-in since %s (%s): %d days passed %s",
		    ts_format_date(base, d.a), c.last_ok != TS_NONE ? "the last ok" : "enrolment", r->abscond_days,
		    ts_format_date(abscond, d.b));
	if (f->t - e->start >= days(r->deescalate_days) && c.ended == c.met && tl->alerts == 0)
		add(f, FLAG_ATD_DEESCALATE, FLAG_INFO, TS_NONE,
		    "enrolled since %s, all %lld ended periods met, no alert (%s): recommend %s",
		    ts_format_date(e->start, d.a), (long long)c.ended, tech, next_technology(e->technology, false));
	if (tl->tamper_at != TS_NONE && (c.last_ok == TS_NONE || c.last_ok <= tl->tamper_at)) {
		char at[TS_TEXT_MAX];
		add(f, FLAG_ATD_TAMPER, FLAG_OVERDUE, tl->tamper_at, "tamper alert at %s (%s), no ok check-in since",
		    ts_format(tl->tamper_at, at), tech);
	}
}

/* Keep in soon[] (sorted, *n of CLOCK_REMINDERS_MAX in use) the soonest
 * instants seen, t among them if it is soon enough. */
static void keep_soonest(ts_t *soon, int *n, ts_t t)
{
	if (*n == CLOCK_REMINDERS_MAX && t >= soon[*n - 1])
		return;
	int k = *n < CLOCK_REMINDERS_MAX ? (*n)++ : CLOCK_REMINDERS_MAX - 1;
	for (; k > 0 && soon[k - 1] > t; k--)
		soon[k] = soon[k - 1];
	soon[k] = t;
}

/* HEARING-REMINDER for each scheduled hearing in [t, t + reminder days],
 * the soonest CLOCK_REMINDERS_MAX of them; HEARING-MISSED when the latest
 * hearing of all (none scheduled after it) was missed. */
static void hearing_flags(struct flags *f, const struct rules *r)
{
	const struct timeline *tl = f->tl;
	const struct tl_hearing *latest = NULL;
	ts_t soon[CLOCK_REMINDERS_MAX];
	int n_soon = 0;
	char at[TS_TEXT_MAX];
	for (size_t i = 0; i < tl->n_hearings; i++) {
		const struct tl_hearing *h = &tl->hearings[i];
		if (!latest || h->hearing_at > latest->hearing_at)
			latest = h;
		if (h->status != HEARING_SCHEDULED || h->hearing_at < f->t ||
		    h->hearing_at > f->t + days(r->hearing_reminder_days))
			continue;
		keep_soonest(soon, &n_soon, h->hearing_at);
	}
	for (int i = 0; i < n_soon; i++)
		add(f, FLAG_HEARING_REMINDER, FLAG_DUE, soon[i], "immigration court hearing at %s", ts_format(soon[i], at));
	if (latest && latest->status == HEARING_MISSED)
		add(f, FLAG_HEARING_MISSED, FLAG_OVERDUE, latest->hearing_at,
		    "missed the immigration court hearing of %s, none scheduled since", ts_format(latest->hearing_at, at));
}

size_t clock_flags(const struct timeline *tl, ts_t t, const struct facility_registry *reg, const struct rules *r,
		   struct flag *out)
{
	struct flags f = {tl, t, out, 0};
	if (tl->enrolled) {
		supervision_flags(&f, r);
		hearing_flags(&f, r);
	}
	if (!tl->detained)
		return f.n;
	post_order_flags(&f, r);
	bool mandatory = tl->mandatory != UNSET && tl->mandatory != MAND_NONE;
	if (!tl->final_order && !mandatory)
		add(&f, FLAG_PR_BOND, FLAG_INFO, TS_NONE, "no final order, no mandatory detention basis%s: bond may be set",
		    tl->mandatory == UNSET ? " recorded" : "");
	child_flags(&f, reg, r);
	if (tl->classified_at == TS_NONE || tl->classified_at < tl->stay.in) {
		ts_t due = tl->stay.in + (ts_t)r->classify_hours * 3600;
		char in[TS_TEXT_MAX];
		add(&f, FLAG_STD_CLASSIFY_12H, due_status(&f, due), due, "booked in %s at %s, no classification recorded since",
		    ts_format(tl->stay.in, in), tl->stay.facility);
	}
	return f.n;
}
