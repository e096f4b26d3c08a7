/* test_clock.c: one person's legal clocks and flags (clock.h): detention,
 * and supervision (docs/supervision.md; see "Supervision" below).
 *
 * The rules are /work/shared/spec/rules.md. Every test person is
 * A-123-456-789 (A123456789); their timeline at an instant T is built by
 * replaying their events with at <= T (timeline_replay, fresh NULL, until T)
 * over the facilities below, and each table row gives the exact set of
 * flags in force at T as "RULE status DUE" (DUE "-" when the rule has none),
 * in rule order, plus words their reasons must contain.
 *
 * Facilities (open from 2024-01-01): AAA (ATL, CDF), BBB (MIA, SPC),
 * FAM (ATL, FAMILY).
 *
 * The usual case (BASE): arrested 2025-02-01T08:00Z, booked in at AAA
 * 2025-02-01T12:00Z, classified 14:00Z (no mandatory basis), final order
 * made 2025-03-01T10:00Z, so S = 2025-03-01T00:00:00Z (the order's final
 * date; the stay began before it). From S:
 *   +30 d 2025-03-31   +60 d 2025-04-30   +90 d 2025-05-30
 *   +100 d 2025-06-09  +180 d 2025-08-28  +190 d 2025-09-07 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "clock.h"
#include "event.h"
#include "facility.h"
#include "rules.h"
#include "timeline.h"

#define PERSON "A123456789"
#define P "'person':'A-123-456-789'"

#define EV(id, type, at, rest) "{'id':'" id "','type':'" type "','at':'" at "'," P rest "}"

#define ARREST_BORN(born) EV("ar1", "arrest", "2025-02-01T08:00:00Z", ",'aor':'ATL','agency':'ICE','birth_date':'" born "'")
#define ARREST ARREST_BORN("1990-05-05")
#define ARREST_NO_BIRTH EV("ar1", "arrest", "2025-02-01T08:00:00Z", ",'aor':'ATL','agency':'ICE'")
#define BOOK_IN_AT(fac) EV("bi1", "book_in", "2025-02-01T12:00:00Z", ",'facility':'" fac "'")
#define BOOK_IN BOOK_IN_AT("AAA")
#define CLASSIFY EV("cl1", "classify", "2025-02-01T14:00:00Z", ",'mandatory':'none'")
#define ORDER EV("ro1", "removal_order", "2025-03-01T10:00:00Z", "")
#define BASE ARREST, BOOK_IN, CLASSIFY, ORDER
#define REVIEW(id, at, kind, decision, rest)                                                               \
	EV(id, "custody_review", at, ",'kind':'" kind "','decision':'" decision "'" rest)
#define REVIEW_90 REVIEW("cr90", "2025-05-20T10:00:00Z", "90_day", "continue", "")
#define TRAVEL(id, at, status) EV(id, "travel_document", at, ",'status':'" status "','country':'CU'")
#define NONCOOP(id, at, status) EV(id, "noncooperation", at, ",'status':'" status "'")
#define STAY(id, at, status) EV(id, "stay_of_removal", at, ",'status':'" status "'")
#define BOOK_OUT(id, at) EV(id, "book_out", at, ",'reason':'other'")

#define NONE ((const char *const[]){NULL})

/* Supervision (docs/supervision.md): the person is arrested (ARREST, not
 * held) and enrolled 2025-03-01T00:00Z. Every 7 days, the periods are
 *   P0 [03-01, 03-08) ended 03-09   P1 [03-08, 03-15) ended 03-16
 *   P2 [03-15, 03-22) ended 03-23   P3 [03-22, 03-29) ended 03-30
 *   P4 [03-29, 04-05) ended 04-06 (the grace is 24 h);
 * every 30 days P0 [03-01, 03-31) ended 04-01, P1 [03-31, 04-30) ended
 * 05-01, P2 [04-30, 05-30), P3 [05-30, 06-29), P4 [06-29, 07-29),
 * P5 [07-29, 08-28); 180 days after the enrolment is 2025-08-28. */
#define ENROLL_ID(id, at, tech, days) EV(id, "atd_enroll", at, ",'technology':'" tech "','checkin_days':" #days)
#define ENROLL(tech, days) ENROLL_ID("en1", "2025-03-01T00:00:00Z", tech, days)
#define CHECKIN(id, at) EV(id, "atd_checkin", at, ",'result':'ok'")
#define CHECKIN_FAILED(id, at) EV(id, "atd_checkin", at, ",'result':'failed_verification'")
#define ALERT(id, at, kind) EV(id, "atd_alert", at, ",'kind':'" kind "'")
#define ATD_CHANGE(id, at, rest) EV(id, "atd_change", at, rest ",'reason':'review'")
#define ATD_END(id, at, reason) EV(id, "atd_end", at, ",'reason':'" reason "'")
#define HEARING(id, at, status, when) EV(id, "hearing", at, ",'status':'" status "','hearing_at':'" when "'")
/* an ok check-in in each 30-day period up to P5 */
#define MONTHLY                                                                                    \
	CHECKIN("ck1", "2025-03-15T00:00:00Z"), CHECKIN("ck2", "2025-04-15T00:00:00Z"),                \
	CHECKIN("ck3", "2025-05-15T00:00:00Z"), CHECKIN("ck4", "2025-06-15T00:00:00Z"),                \
	CHECKIN("ck5", "2025-07-15T00:00:00Z"), CHECKIN("ck6", "2025-08-15T00:00:00Z")
/* every 30 days, P0 met on 03-10 (ATD-ABSCOND from 04-09), a hearing at 03-20T14:00 */
#define HEARING_BASE                                                                               \
	ARREST, ENROLL("app", 30), HEARING("hs1", "2025-03-02T00:00:00Z", "scheduled", "2025-03-20T14:00:00Z"), \
	CHECKIN("ck1", "2025-03-10T00:00:00Z")
#define BOOK_IN_APR EV("bi1", "book_in", "2025-04-01T12:00:00Z", ",'facility':'AAA'")

static struct facility_registry reg;
static struct rules defaults;
/* every duration changed (the settings drive the clocks) */
static struct rules custom;

static int setup(void **state)
{
	load_facilities(&reg, LINES("{'id':'aaa','type':'facility_open','at':'2024-01-01T00:00:00Z','facility':'AAA','name':'A','aor':'ATL','kind':'CDF','capacity':100}",
				    "{'id':'bbb','type':'facility_open','at':'2024-01-01T00:00:00Z','facility':'BBB','name':'B','aor':'MIA','kind':'SPC','capacity':100}",
				    "{'id':'fam','type':'facility_open','at':'2024-01-01T00:00:00Z','facility':'FAM','name':'F','aor':'ATL','kind':'FAMILY','capacity':50}"));
	*state = &reg;
	rules_default(&defaults);
	rules_default(&custom);
	custom.removal_period_days = 30;
	custom.review_90_days = 45;
	custom.review_notice_days = 10;
	custom.review_180_days = 120;
	custom.review_annual_days = 200;
	custom.presumptive_days = 100;
	custom.child_age_years = 21;
	custom.child_hhs_hours = 24;
	custom.child_family_days = 5;
	custom.classify_hours = 2;
	custom.abscond_days = 10;
	custom.deescalate_days = 60;
	custom.hearing_reminder_days = 2;
	return 0;
}

/* ------------------------------------------------------------------ scenes */

/* What every table below looks at: the person's events (sorted by at) at
 * instant t (NULL: after all of them) under rules (NULL: the defaults). */
struct scene {
	const char *what;
	const char *const *lines;
	const char *t;
	const struct rules *rules;
};

/* The timeline of scene s at its instant into *tl (the caller
 * timeline_free()s it); sets *t to that instant and returns s's rules. */
static const struct rules *replay_scene(struct timeline *tl, const struct scene *s, ts_t *t)
{
	*t = s->t ? T(s->t) : TS_FOREVER - 1;
	replay_ok(tl, PERSON, s->lines, *t, &reg, &defaults, s->what);
	return s->rules ? s->rules : &defaults;
}

/* ------------------------------------------------------------------- flags */

struct flag_case {
	struct scene s;
	const char *const *want; /* "RULE status DUE", in rule order */
	const char *const *must; /* "RULE: words of its reason" */
};

#define ROW(what, lines, t, want, ...) {{what, lines, t, NULL}, want, LINES(__VA_ARGS__)}
#define ROW_R(what, lines, t, rules, want, ...) {{what, lines, t, rules}, want, LINES(__VA_ARGS__)}

static const struct flag_case flag_cases[] = {
	/* --- not detained, pre-order, classification */
	ROW("arrested, not detained", LINES(ARREST), "2025-02-01T09:00:00Z", NONE, NULL),
	ROW("booked out after the order", LINES(BASE, BOOK_OUT("bo1", "2025-03-05T10:00:00Z")), "2025-03-10T00:00:00Z",
	    NONE, NULL),
	ROW("pre-order, no mandatory basis: bond eligible", LINES(ARREST, BOOK_IN, CLASSIFY), "2025-02-10T00:00:00Z",
	    LINES("PR-BOND info -"), "PR-BOND: bond may be set"),
	ROW("never classified, within 12 h", LINES(ARREST, BOOK_IN), "2025-02-01T20:00:00Z",
	    LINES("PR-BOND info -", "STD-CLASSIFY-12H due 2025-02-02T00:00:00Z"),
	    "STD-CLASSIFY-12H: no classification", "STD-CLASSIFY-12H: AAA", "PR-BOND: recorded"),
	ROW("never classified, at 12 h exactly", LINES(ARREST, BOOK_IN), "2025-02-02T00:00:00Z",
	    LINES("PR-BOND info -", "STD-CLASSIFY-12H due 2025-02-02T00:00:00Z"), NULL),
	ROW("never classified, a second past 12 h", LINES(ARREST, BOOK_IN), "2025-02-02T00:00:01Z",
	    LINES("PR-BOND info -", "STD-CLASSIFY-12H overdue 2025-02-02T00:00:00Z"), NULL),
	ROW("classified before the book-in does not count",
	    LINES(ARREST, EV("cl0", "classify", "2025-02-01T10:00:00Z", ",'mandatory':'none'"), BOOK_IN),
	    "2025-02-02T01:00:00Z", LINES("PR-BOND info -", "STD-CLASSIFY-12H overdue 2025-02-02T00:00:00Z"), NULL),
	ROW("classified at the book-in instant counts",
	    LINES(ARREST, BOOK_IN, EV("cl0", "classify", "2025-02-01T12:00:00Z", ",'threat_level':3")),
	    "2025-02-05T00:00:00Z", LINES("PR-BOND info -"), NULL),
	ROW("classified late: the flag is gone",
	    LINES(ARREST, BOOK_IN, EV("cl1", "classify", "2025-02-02T06:00:00Z", ",'mandatory':'none'")),
	    "2025-02-03T00:00:00Z", LINES("PR-BOND info -"), NULL),
	ROW("a second stay needs its own classification",
	    LINES(ARREST, BOOK_IN, CLASSIFY, BOOK_OUT("bo1", "2025-02-05T00:00:00Z"),
		  EV("bi2", "book_in", "2025-02-10T00:00:00Z", ",'facility':'BBB'")),
	    "2025-02-10T13:00:00Z", LINES("PR-BOND info -", "STD-CLASSIFY-12H overdue 2025-02-10T12:00:00Z"),
	    "STD-CLASSIFY-12H: BBB"),
	ROW("mandatory 236c: no bond", LINES(ARREST, BOOK_IN, EV("cl1", "classify", "2025-02-01T14:00:00Z", ",'mandatory':'236c'")),
	    "2025-02-10T00:00:00Z", NONE, NULL),
	ROW("mandatory laken_riley: no bond",
	    LINES(ARREST, BOOK_IN, EV("cl1", "classify", "2025-02-01T14:00:00Z", ",'mandatory':'laken_riley'")),
	    "2025-02-10T00:00:00Z", NONE, NULL),

	/* --- the removal period and the reviews */
	ROW("final order, 10 days in", LINES(BASE), "2025-03-11T00:00:00Z",
	    LINES("PO-90 info 2025-05-30T00:00:00Z", "PO-REVIEW-90 due 2025-05-30T00:00:00Z",
		  "PO-REVIEW-180 due 2025-08-28T00:00:00Z"),
	    "PO-90: 241a", "PO-90: final order 2025-03-01", "PO-REVIEW-90: notice due 2025-04-30",
	    "PO-REVIEW-180: 180-day"),
	ROW("the final date lies ahead: S not reached, no PO-90 yet",
	    LINES(ARREST, BOOK_IN, CLASSIFY, EV("ro1", "removal_order", "2025-03-01T10:00:00Z", ",'final':'2025-03-05'")),
	    "2025-03-02T00:00:00Z",
	    LINES("PO-REVIEW-90 due 2025-06-03T00:00:00Z", "PO-REVIEW-180 due 2025-09-01T00:00:00Z"), NULL),
	ROW("the final date reached: PO-90 from S",
	    LINES(ARREST, BOOK_IN, CLASSIFY, EV("ro1", "removal_order", "2025-03-01T10:00:00Z", ",'final':'2025-03-05'")),
	    "2025-03-05T00:00:00Z",
	    LINES("PO-90 info 2025-06-03T00:00:00Z", "PO-REVIEW-90 due 2025-06-03T00:00:00Z",
		  "PO-REVIEW-180 due 2025-09-01T00:00:00Z"), NULL),
	ROW("the last second of the removal period", LINES(BASE), "2025-05-29T23:59:59Z",
	    LINES("PO-90 info 2025-05-30T00:00:00Z", "PO-REVIEW-90 due 2025-05-30T00:00:00Z",
		  "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("the removal period ends at S + 90 d", LINES(BASE), "2025-05-30T00:00:00Z",
	    LINES("PO-REVIEW-90 due 2025-05-30T00:00:00Z", "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("90-day review a second overdue", LINES(BASE), "2025-05-30T00:00:01Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 due 2025-08-28T00:00:00Z"),
	    "PO-REVIEW-90: no 90-day review recorded"),
	ROW("S + 180 d exactly: not past the presumptive period", LINES(BASE), "2025-08-28T00:00:00Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("a second past S + 180 d: PO-180", LINES(BASE), "2025-08-28T00:00:01Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 overdue 2025-08-28T00:00:00Z",
		  "PO-180 info 2025-08-28T00:00:00Z"),
	    "PO-180: presumptive period ended 2025-08-28", "PO-REVIEW-180: no 180-day review"),
	ROW("90-day review on time", LINES(BASE, REVIEW_90), "2025-06-10T00:00:00Z",
	    LINES("PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("late 90-day review, before it is recorded",
	    LINES(BASE, REVIEW("cr90", "2025-06-09T10:00:00Z", "90_day", "continue", "")), "2025-06-09T09:59:59Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("late 90-day review clears the overdue flag",
	    LINES(BASE, REVIEW("cr90", "2025-06-09T10:00:00Z", "90_day", "continue", "")), "2025-06-09T10:00:00Z",
	    LINES("PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("a 90-day review before S does not count",
	    LINES(ARREST, BOOK_IN, CLASSIFY, REVIEW("cr0", "2025-02-20T10:00:00Z", "90_day", "continue", ""), ORDER),
	    "2025-03-11T00:00:00Z",
	    LINES("PO-90 info 2025-05-30T00:00:00Z", "PO-REVIEW-90 due 2025-05-30T00:00:00Z",
		  "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("a requested review is not the 90-day review",
	    LINES(BASE, REVIEW("crq", "2025-05-20T10:00:00Z", "requested", "continue", "")), "2025-06-10T00:00:00Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("180-day review continues detention: annual review due",
	    LINES(BASE, REVIEW_90, REVIEW("cr180", "2025-08-20T10:00:00Z", "180_day", "continue", "")),
	    "2025-09-07T00:00:00Z",
	    LINES("PO-REVIEW-ANNUAL due 2026-08-20T10:00:00Z", "PO-180 info 2025-08-28T00:00:00Z"),
	    "PO-REVIEW-ANNUAL: 2025-08-20", "PO-REVIEW-ANNUAL: due 2026-08-20"),
	ROW("annual review at its due instant",
	    LINES(BASE, REVIEW_90, REVIEW("cr180", "2025-08-20T10:00:00Z", "180_day", "continue", "")),
	    "2026-08-20T10:00:00Z",
	    LINES("PO-REVIEW-ANNUAL due 2026-08-20T10:00:00Z", "PO-180 info 2025-08-28T00:00:00Z"), NULL),
	ROW("annual review overdue",
	    LINES(BASE, REVIEW_90, REVIEW("cr180", "2025-08-20T10:00:00Z", "180_day", "continue", "")),
	    "2026-08-20T10:00:01Z",
	    LINES("PO-REVIEW-ANNUAL overdue 2026-08-20T10:00:00Z", "PO-180 info 2025-08-28T00:00:00Z"),
	    "PO-REVIEW-ANNUAL: was due 2026-08-20"),
	ROW("an annual review that continues: the next 365 days later",
	    LINES(BASE, REVIEW_90, REVIEW("cr180", "2025-08-20T10:00:00Z", "180_day", "continue", ""),
		  REVIEW("cra", "2026-08-01T10:00:00Z", "annual", "continue", "")),
	    "2026-08-25T00:00:00Z",
	    LINES("PO-REVIEW-ANNUAL due 2027-08-01T10:00:00Z", "PO-180 info 2025-08-28T00:00:00Z"), NULL),
	ROW("180-day review decides release: no annual review",
	    LINES(BASE, REVIEW_90, REVIEW("cr180", "2025-08-20T10:00:00Z", "180_day", "release", "")),
	    "2025-09-07T00:00:00Z", LINES("PO-180 info 2025-08-28T00:00:00Z"), NULL),

	/* --- PO-RELEASE */
	ROW("travel document refused, S + 180 d not passed",
	    LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused")), "2025-08-28T00:00:00Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("travel document refused: release required from S + 180 d",
	    LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused")), "2025-08-29T00:00:00Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 overdue 2025-08-28T00:00:00Z",
		  "PO-180 info 2025-08-28T00:00:00Z", "PO-RELEASE overdue 2025-08-28T00:00:00Z"),
	    "PO-RELEASE: refused by CU", "PO-RELEASE: no_removal_foreseeable", "PO-RELEASE: 241.14"),
	ROW("refused after S + 180 d: release required from the refusal",
	    LINES(BASE, REVIEW_90, TRAVEL("td1", "2025-09-01T10:00:00Z", "refused")), "2025-09-02T00:00:00Z",
	    LINES("PO-REVIEW-180 overdue 2025-08-28T00:00:00Z", "PO-180 info 2025-08-28T00:00:00Z",
		  "PO-RELEASE overdue 2025-09-01T10:00:00Z"), NULL),
	ROW("refused, then issued: no release required",
	    LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused"), TRAVEL("td2", "2025-06-01T10:00:00Z", "issued")),
	    "2025-08-29T00:00:00Z",
	    LINES("PO-REVIEW-90 overdue 2025-05-30T00:00:00Z", "PO-REVIEW-180 overdue 2025-08-28T00:00:00Z",
		  "PO-180 info 2025-08-28T00:00:00Z"), NULL),
	ROW("review finds removal not foreseeable, after S + 180 d: due at the review",
	    LINES(BASE, REVIEW_90, REVIEW("crq", "2025-09-07T10:00:00Z", "requested", "continue", ",'removal_foreseeable':false")),
	    "2025-09-10T00:00:00Z",
	    LINES("PO-REVIEW-180 overdue 2025-08-28T00:00:00Z", "PO-180 info 2025-08-28T00:00:00Z",
		  "PO-RELEASE overdue 2025-09-07T10:00:00Z"),
	    "PO-RELEASE: not foreseeable"),
	ROW("review finds removal not foreseeable before S + 180 d: due at S + 180 d",
	    LINES(BASE, REVIEW("cr90", "2025-05-20T10:00:00Z", "90_day", "continue", ",'removal_foreseeable':false")),
	    "2025-09-10T00:00:00Z",
	    LINES("PO-REVIEW-180 overdue 2025-08-28T00:00:00Z", "PO-180 info 2025-08-28T00:00:00Z",
		  "PO-RELEASE overdue 2025-08-28T00:00:00Z"), NULL),
	ROW("a later review finds removal foreseeable again",
	    LINES(BASE, REVIEW("cr90", "2025-05-20T10:00:00Z", "90_day", "continue", ",'removal_foreseeable':false"),
		  REVIEW("cr180", "2025-08-25T10:00:00Z", "180_day", "release", ",'removal_foreseeable':true")),
	    "2025-09-10T00:00:00Z", LINES("PO-180 info 2025-08-28T00:00:00Z"), NULL),
	ROW("a later review saying nothing of removal",
	    LINES(BASE, REVIEW("cr90", "2025-05-20T10:00:00Z", "90_day", "continue", ",'removal_foreseeable':false"),
		  REVIEW("cr180", "2025-08-25T10:00:00Z", "180_day", "release", "")),
	    "2025-09-10T00:00:00Z", LINES("PO-180 info 2025-08-28T00:00:00Z"), NULL),
	ROW("both: refused and not foreseeable, due at the earlier",
	    LINES(BASE, REVIEW_90, TRAVEL("td1", "2025-09-01T10:00:00Z", "refused"),
		  REVIEW("crq", "2025-09-05T10:00:00Z", "requested", "continue", ",'removal_foreseeable':false")),
	    "2025-09-10T00:00:00Z",
	    LINES("PO-REVIEW-180 overdue 2025-08-28T00:00:00Z", "PO-180 info 2025-08-28T00:00:00Z",
		  "PO-RELEASE overdue 2025-09-01T10:00:00Z"), NULL),

	/* --- tolling */
	ROW("non-cooperation across the 90-day mark (10 days)",
	    LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"), NONCOOP("nc2", "2025-06-04T00:00:00Z", "end")),
	    "2025-06-05T00:00:00Z",
	    LINES("PO-90 info 2025-06-09T00:00:00Z", "PO-REVIEW-90 due 2025-06-09T00:00:00Z",
		  "PO-REVIEW-180 due 2025-09-07T00:00:00Z"),
	    "PO-90: +10 days tolled", "PO-REVIEW-90: +10 days tolled"),
	ROW("non-cooperation: the tolled removal period ends",
	    LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"), NONCOOP("nc2", "2025-06-04T00:00:00Z", "end")),
	    "2025-06-09T00:00:00Z",
	    LINES("PO-REVIEW-90 due 2025-06-09T00:00:00Z", "PO-REVIEW-180 due 2025-09-07T00:00:00Z"), NULL),
	ROW("non-cooperation tolls the presumptive period too",
	    LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"), NONCOOP("nc2", "2025-06-04T00:00:00Z", "end"),
		  TRAVEL("td1", "2025-06-05T10:00:00Z", "refused")),
	    "2025-09-07T00:00:01Z",
	    LINES("PO-REVIEW-90 overdue 2025-06-09T00:00:00Z", "PO-REVIEW-180 overdue 2025-09-07T00:00:00Z",
		  "PO-180 info 2025-09-07T00:00:00Z", "PO-RELEASE overdue 2025-09-07T00:00:00Z"),
	    "PO-180: +10 days tolled"),
	ROW("non-cooperation still open at T: tolled to T",
	    LINES(BASE, NONCOOP("nc1", "2025-05-20T00:00:00Z", "start")), "2025-06-10T12:00:00Z",
	    LINES("PO-90 info 2025-06-20T12:00:00Z", "PO-REVIEW-90 due 2025-06-20T12:00:00Z",
		  "PO-REVIEW-180 due 2025-09-18T12:00:00Z"),
	    "PO-90: +21.5 days tolled"),
	ROW("non-cooperation before S is not tolled",
	    LINES(ARREST, BOOK_IN, CLASSIFY, NONCOOP("nc1", "2025-02-10T00:00:00Z", "start"),
		  NONCOOP("nc2", "2025-02-20T00:00:00Z", "end"), ORDER),
	    "2025-03-11T00:00:00Z",
	    LINES("PO-90 info 2025-05-30T00:00:00Z", "PO-REVIEW-90 due 2025-05-30T00:00:00Z",
		  "PO-REVIEW-180 due 2025-08-28T00:00:00Z"), NULL),
	ROW("non-cooperation spanning S: only the days after S",
	    LINES(ARREST, BOOK_IN, CLASSIFY, NONCOOP("nc1", "2025-02-25T00:00:00Z", "start"), ORDER,
		  NONCOOP("nc2", "2025-03-05T00:00:00Z", "end")),
	    "2025-03-11T00:00:00Z",
	    LINES("PO-90 info 2025-06-03T00:00:00Z", "PO-REVIEW-90 due 2025-06-03T00:00:00Z",
		  "PO-REVIEW-180 due 2025-09-01T00:00:00Z"),
	    "PO-90: +4 days tolled"),

	/* --- what moves S */
	ROW("stay of removal granted: no post-order clock", LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted")),
	    "2025-04-01T00:00:00Z", NONE, NULL),
	ROW("stay of removal granted, long after: still none",
	    LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused"), STAY("sr1", "2025-04-10T10:00:00Z", "granted")),
	    "2025-12-01T00:00:00Z", NONE, NULL),
	ROW("stay of removal lifted: S restarts at the lift",
	    LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted"), STAY("sr2", "2025-04-15T10:00:00Z", "lifted")),
	    "2025-04-20T00:00:00Z",
	    LINES("PO-90 info 2025-07-14T10:00:00Z", "PO-REVIEW-90 due 2025-07-14T10:00:00Z",
		  "PO-REVIEW-180 due 2025-10-12T10:00:00Z"),
	    "PO-90: lifted 2025-04-15"),
	ROW("a 90-day review before the lift does not count",
	    LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted"), REVIEW("cr90", "2025-04-01T10:00:00Z", "90_day", "continue", ""),
		  STAY("sr2", "2025-04-15T10:00:00Z", "lifted")),
	    "2025-07-14T10:00:01Z",
	    LINES("PO-REVIEW-90 overdue 2025-07-14T10:00:00Z", "PO-REVIEW-180 due 2025-10-12T10:00:00Z"), NULL),
	ROW("booked in after the order: S restarts at the book-in",
	    LINES(ARREST, ORDER, EV("bi2", "book_in", "2025-03-20T12:00:00Z", ",'facility':'AAA'"),
		  EV("cl2", "classify", "2025-03-20T14:00:00Z", ",'mandatory':'none'")),
	    "2025-04-01T00:00:00Z",
	    LINES("PO-90 info 2025-06-18T12:00:00Z", "PO-REVIEW-90 due 2025-06-18T12:00:00Z",
		  "PO-REVIEW-180 due 2025-09-16T12:00:00Z"),
	    "PO-90: booked in after the order"),
	ROW("booked in again after the order",
	    LINES(BASE, BOOK_OUT("bo1", "2025-03-05T10:00:00Z"), EV("bi2", "book_in", "2025-03-20T12:00:00Z", ",'facility':'BBB'"),
		  EV("cl2", "classify", "2025-03-20T14:00:00Z", ",'mandatory':'none'")),
	    "2025-04-01T00:00:00Z",
	    LINES("PO-90 info 2025-06-18T12:00:00Z", "PO-REVIEW-90 due 2025-06-18T12:00:00Z",
		  "PO-REVIEW-180 due 2025-09-16T12:00:00Z"), NULL),

	/* --- children (born 2010: a child; no order: PR-BOND too) */
	ROW("child held at a non-family facility", LINES(ARREST_BORN("2010-06-01"), BOOK_IN, CLASSIFY),
	    "2025-02-02T00:00:00Z", LINES("PR-BOND info -", "CH-72H due 2025-02-04T12:00:00Z"),
	    "CH-72H: HHS", "CH-72H: born 2010-06-01", "CH-72H: AAA"),
	ROW("child, 72 h exactly", LINES(ARREST_BORN("2010-06-01"), BOOK_IN, CLASSIFY), "2025-02-04T12:00:00Z",
	    LINES("PR-BOND info -", "CH-72H due 2025-02-04T12:00:00Z"), NULL),
	ROW("child, a second past 72 h", LINES(ARREST_BORN("2010-06-01"), BOOK_IN, CLASSIFY), "2025-02-04T12:00:01Z",
	    LINES("PR-BOND info -", "CH-72H overdue 2025-02-04T12:00:00Z"), NULL),
	ROW("child in a family facility: CH-20D, not CH-72H", LINES(ARREST_BORN("2010-06-01"), BOOK_IN_AT("FAM"), CLASSIFY),
	    "2025-02-10T00:00:00Z", LINES("PR-BOND info -", "CH-20D due 2025-02-21T12:00:00Z"),
	    "CH-20D: family facility FAM", "CH-20D: 20-day"),
	ROW("child in a family facility, 20 d exactly", LINES(ARREST_BORN("2010-06-01"), BOOK_IN_AT("FAM"), CLASSIFY),
	    "2025-02-21T12:00:00Z", LINES("PR-BOND info -", "CH-20D due 2025-02-21T12:00:00Z"), NULL),
	ROW("child in a family facility over 20 d", LINES(ARREST_BORN("2010-06-01"), BOOK_IN_AT("FAM"), CLASSIFY),
	    "2025-02-21T12:00:01Z", LINES("PR-BOND info -", "CH-20D overdue 2025-02-21T12:00:00Z"), NULL),
	ROW("child transferred to a family facility: CH-20D from the book-in",
	    LINES(ARREST_BORN("2010-06-01"), BOOK_IN, CLASSIFY, EV("tr1", "transfer", "2025-02-03T12:00:00Z", ",'facility':'FAM'")),
	    "2025-02-05T00:00:00Z", LINES("PR-BOND info -", "CH-20D due 2025-02-21T12:00:00Z"), NULL),
	ROW("child transferred out of a family facility: CH-72H from the book-in",
	    LINES(ARREST_BORN("2010-06-01"), BOOK_IN_AT("FAM"), CLASSIFY, EV("tr1", "transfer", "2025-02-10T12:00:00Z", ",'facility':'BBB'")),
	    "2025-02-11T00:00:00Z", LINES("PR-BOND info -", "CH-72H overdue 2025-02-04T12:00:00Z"), "CH-72H: BBB"),
	ROW("child transferred to HHS: not detained", LINES(ARREST_BORN("2010-06-01"), BOOK_IN, CLASSIFY,
	    EV("bo1", "book_out", "2025-02-02T12:00:00Z", ",'reason':'transferred_hhs'")), "2025-02-03T00:00:00Z", NONE, NULL),
	ROW("18 on the day of book-in: an adult", LINES(ARREST_BORN("2007-02-01"), BOOK_IN, CLASSIFY),
	    "2025-02-02T00:00:00Z", LINES("PR-BOND info -"), NULL),
	ROW("17 at book-in, 18 since: still a child of the stay", LINES(ARREST_BORN("2007-02-02"), BOOK_IN, CLASSIFY),
	    "2025-02-03T00:00:00Z", LINES("PR-BOND info -", "CH-72H due 2025-02-04T12:00:00Z"), NULL),
	ROW("an adult: no child flags", LINES(ARREST, BOOK_IN_AT("FAM"), CLASSIFY), "2025-02-02T00:00:00Z",
	    LINES("PR-BOND info -"), NULL),
	ROW("birth date unknown: no child flags", LINES(ARREST_NO_BIRTH, BOOK_IN, CLASSIFY), "2025-02-02T00:00:00Z",
	    LINES("PR-BOND info -"), NULL),
	ROW("a child with a final order: post-order clocks, no bond",
	    LINES(ARREST_BORN("2010-06-01"), BOOK_IN_AT("FAM"), CLASSIFY, EV("ro1", "removal_order", "2025-02-10T10:00:00Z", "")),
	    "2025-02-11T00:00:00Z",
	    LINES("PO-90 info 2025-05-11T00:00:00Z", "PO-REVIEW-90 due 2025-05-11T00:00:00Z",
		  "PO-REVIEW-180 due 2025-08-09T00:00:00Z", "CH-20D due 2025-02-21T12:00:00Z"), NULL),

	/* --- the settings drive the clocks */
	ROW_R("changed durations: removal period 30 d, reviews 45 d and 120 d", LINES(BASE), "2025-03-11T00:00:00Z", &custom,
	      LINES("PO-90 info 2025-03-31T00:00:00Z", "PO-REVIEW-90 due 2025-04-15T00:00:00Z",
		    "PO-REVIEW-180 due 2025-06-29T00:00:00Z"),
	      "PO-90: removal period to 2025-03-31", "PO-REVIEW-90: notice due 2025-04-05"),
	ROW_R("changed durations: presumptive period 100 d", LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused")),
	      "2025-06-10T00:00:00Z", &custom,
	      LINES("PO-REVIEW-90 overdue 2025-04-15T00:00:00Z", "PO-REVIEW-180 due 2025-06-29T00:00:00Z",
		    "PO-180 info 2025-06-09T00:00:00Z", "PO-RELEASE overdue 2025-06-09T00:00:00Z"), NULL),
	ROW_R("changed durations: annual review 200 d",
	      LINES(BASE, REVIEW_90, REVIEW("cr180", "2025-06-20T10:00:00Z", "180_day", "continue", "")),
	      "2025-06-25T00:00:00Z", &custom,
	      LINES("PO-REVIEW-ANNUAL due 2026-01-06T10:00:00Z", "PO-180 info 2025-06-09T00:00:00Z"), NULL),
	ROW_R("changed durations: a child under 21, 24 h, classification 2 h", LINES(ARREST_BORN("2005-01-01"), BOOK_IN),
	      "2025-02-01T13:00:00Z", &custom,
	      LINES("PR-BOND info -", "CH-72H due 2025-02-02T12:00:00Z", "STD-CLASSIFY-12H due 2025-02-01T14:00:00Z"), NULL),
	ROW("the same person under the default age: an adult", LINES(ARREST_BORN("2005-01-01"), BOOK_IN),
	    "2025-02-01T13:00:00Z", LINES("PR-BOND info -", "STD-CLASSIFY-12H due 2025-02-02T00:00:00Z"), NULL),
	ROW_R("changed durations: family facility 5 d", LINES(ARREST_BORN("2010-06-01"), BOOK_IN_AT("FAM"), CLASSIFY),
	      "2025-02-10T00:00:00Z", &custom, LINES("PR-BOND info -", "CH-20D overdue 2025-02-06T12:00:00Z"),
	      "CH-20D: 5-day"),

	/* --- supervision: ATD-ESCALATE */
	ROW("enrolled, one ended period missed: no escalation", LINES(ARREST, ENROLL("app", 7)), "2025-03-15T23:59:59Z",
	    NONE, NULL),
	ROW("two ended periods missed: escalate", LINES(ARREST, ENROLL("app", 7)), "2025-03-16T00:00:00Z",
	    LINES("ATD-ESCALATE info -"), "ATD-ESCALATE: recommend wrist", "ATD-ESCALATE: 2"),
	ROW("missed twice, an ok check-in since: the last two ended periods are still missed",
	    LINES(ARREST, ENROLL("app", 7), CHECKIN("ck1", "2025-03-17T10:00:00Z")), "2025-03-22T23:59:59Z",
	    LINES("ATD-ESCALATE info -"), NULL),
	ROW("missed twice, then a period met: no escalation",
	    LINES(ARREST, ENROLL("app", 7), CHECKIN("ck1", "2025-03-17T10:00:00Z")), "2025-03-23T00:00:00Z", NONE, NULL),
	ROW("missed twice, then one met, then one missed: no escalation",
	    LINES(ARREST, ENROLL("app", 7), CHECKIN("ck1", "2025-03-17T10:00:00Z")), "2025-03-30T00:00:00Z", NONE, NULL),
	ROW("phone escalates to wrist", LINES(ARREST, ENROLL("phone", 7)), "2025-03-16T00:00:00Z",
	    LINES("ATD-ESCALATE info -"), "ATD-ESCALATE: wrist"),
	ROW("wrist escalates to ankle", LINES(ARREST, ENROLL("wrist", 7)), "2025-03-16T00:00:00Z",
	    LINES("ATD-ESCALATE info -"), "ATD-ESCALATE: recommend ankle"),
	ROW("ankle cannot go up", LINES(ARREST, ENROLL("ankle", 7)), "2025-03-16T00:00:00Z",
	    LINES("ATD-ESCALATE info -"), "ATD-ESCALATE: ankle already"),
	ROW("a change of technology: the recommendation follows it, the periods do not move",
	    LINES(ARREST, ENROLL("app", 7), ATD_CHANGE("ch1", "2025-03-10T00:00:00Z", ",'technology':'wrist'")),
	    "2025-03-16T00:00:00Z", LINES("ATD-ESCALATE info -"), "ATD-ESCALATE: recommend ankle"),
	ROW("a change of check-in days: the closed period is not missed",
	    LINES(ARREST, ENROLL("app", 7), ATD_CHANGE("ch1", "2025-03-10T00:00:00Z", ",'checkin_days':14")),
	    "2025-03-24T23:59:59Z", NONE, NULL),
	ROW("a change of check-in days: the next full period missed makes two",
	    LINES(ARREST, ENROLL("app", 7), ATD_CHANGE("ch1", "2025-03-10T00:00:00Z", ",'checkin_days':14")),
	    "2025-03-25T00:00:00Z", LINES("ATD-ESCALATE info -"), "ATD-ESCALATE: every 14 days"),

	/* --- ATD-ABSCOND (every 30 days: no period ends before 04-01) */
	ROW("no ok check-in, 30 days after the enrolment exactly: not yet", LINES(ARREST, ENROLL("app", 30)),
	    "2025-03-31T00:00:00Z", NONE, NULL),
	ROW("no ok check-in, a second past 30 days: abscond", LINES(ARREST, ENROLL("app", 30)), "2025-03-31T00:00:01Z",
	    LINES("ATD-ABSCOND overdue 2025-03-31T00:00:00Z"), "ATD-ABSCOND: enrolment", "ATD-ABSCOND: 2025-03-01"),
	ROW("a failed verification is not an ok check-in",
	    LINES(ARREST, ENROLL("app", 30), CHECKIN_FAILED("ck1", "2025-03-20T00:00:00Z")), "2025-03-31T00:00:01Z",
	    LINES("ATD-ABSCOND overdue 2025-03-31T00:00:00Z"), NULL),
	ROW("30 days after the last ok exactly: not yet",
	    LINES(ARREST, ENROLL("app", 30), CHECKIN("ck1", "2025-03-05T10:00:00Z")), "2025-04-04T10:00:00Z", NONE, NULL),
	ROW("a second past 30 days after the last ok: abscond",
	    LINES(ARREST, ENROLL("app", 30), CHECKIN("ck1", "2025-03-05T10:00:00Z")), "2025-04-04T10:00:01Z",
	    LINES("ATD-ABSCOND overdue 2025-04-04T10:00:00Z"), "ATD-ABSCOND: last ok", "ATD-ABSCOND: 2025-03-05"),
	ROW("a later ok check-in clears it",
	    LINES(ARREST, ENROLL("app", 30), CHECKIN("ck1", "2025-03-05T10:00:00Z"), CHECKIN("ck2", "2025-04-05T00:00:00Z")),
	    "2025-04-05T00:00:00Z", NONE, NULL),
	ROW("no ok for weeks of 7-day periods: escalate and abscond", LINES(ARREST, ENROLL("app", 7)),
	    "2025-04-01T00:00:00Z", LINES("ATD-ESCALATE info -", "ATD-ABSCOND overdue 2025-03-31T00:00:00Z"),
	    "ATD-ESCALATE: 4"),
	ROW_R("abscond_days = 10", LINES(ARREST, ENROLL("app", 30), CHECKIN("ck1", "2025-03-05T10:00:00Z")),
	      "2025-03-15T10:00:01Z", &custom, LINES("ATD-ABSCOND overdue 2025-03-15T10:00:00Z"), "ATD-ABSCOND: 10 days"),

	/* --- ATD-DEESCALATE (every 30 days, an ok check-in in each period) */
	ROW("enrolled a second less than 180 days: no de-escalation", LINES(ARREST, ENROLL("app", 30), MONTHLY),
	    "2025-08-27T23:59:59Z", NONE, NULL),
	ROW("enrolled 180 days, every ended period met, no alert: de-escalate",
	    LINES(ARREST, ENROLL("ankle", 30), MONTHLY), "2025-08-28T00:00:00Z", LINES("ATD-DEESCALATE info -"),
	    "ATD-DEESCALATE: recommend wrist"),
	ROW("de-escalation from app", LINES(ARREST, ENROLL("app", 30), MONTHLY), "2025-08-28T00:00:00Z",
	    LINES("ATD-DEESCALATE info -"), "ATD-DEESCALATE: recommend"),
	ROW("a battery alert in the enrolment: no de-escalation",
	    LINES(ARREST, ENROLL("app", 30), CHECKIN("ck1", "2025-03-15T00:00:00Z"),
		  ALERT("al1", "2025-04-01T00:00:00Z", "battery"), CHECKIN("ck2", "2025-04-15T00:00:00Z"),
		  CHECKIN("ck3", "2025-05-15T00:00:00Z"), CHECKIN("ck4", "2025-06-15T00:00:00Z"),
		  CHECKIN("ck5", "2025-07-15T00:00:00Z"), CHECKIN("ck6", "2025-08-15T00:00:00Z")),
	    "2025-08-28T00:00:00Z", NONE, NULL),
	ROW("one period missed (P3): no de-escalation",
	    LINES(ARREST, ENROLL("app", 30), CHECKIN("ck1", "2025-03-15T00:00:00Z"), CHECKIN("ck2", "2025-04-15T00:00:00Z"),
		  CHECKIN("ck3", "2025-05-15T00:00:00Z"), CHECKIN("ck5", "2025-07-15T00:00:00Z"),
		  CHECKIN("ck6", "2025-08-15T00:00:00Z")),
	    "2025-08-28T00:00:00Z", NONE, NULL),
	ROW("an alert in an earlier enrolment does not count",
	    LINES(ARREST, ENROLL_ID("en0", "2025-02-02T00:00:00Z", "app", 30), ALERT("al0", "2025-02-10T00:00:00Z", "tamper"),
		  ATD_END("ae0", "2025-02-20T00:00:00Z", "other"), ENROLL("app", 30), MONTHLY),
	    "2025-08-28T00:00:00Z", LINES("ATD-DEESCALATE info -"), NULL),
	ROW_R("deescalate_days = 60 (and abscond_days = 10)", LINES(ARREST, ENROLL("app", 30), MONTHLY),
	      "2025-04-30T00:00:00Z", &custom,
	      LINES("ATD-ABSCOND overdue 2025-04-25T00:00:00Z", "ATD-DEESCALATE info -"), NULL),

	/* --- ATD-TAMPER */
	ROW("a tamper alert with no ok check-in after it",
	    LINES(ARREST, ENROLL("ankle", 7), CHECKIN("ck1", "2025-03-05T00:00:00Z"), ALERT("al1", "2025-03-10T12:00:00Z", "tamper")),
	    "2025-03-11T00:00:00Z", LINES("ATD-TAMPER overdue 2025-03-10T12:00:00Z"), "ATD-TAMPER: tamper",
	    "ATD-TAMPER: 2025-03-10T12:00:00Z"),
	ROW("a failed verification after the tamper alert does not clear it",
	    LINES(ARREST, ENROLL("ankle", 7), CHECKIN("ck1", "2025-03-05T00:00:00Z"), ALERT("al1", "2025-03-10T12:00:00Z", "tamper"),
		  CHECKIN_FAILED("ck2", "2025-03-11T06:00:00Z"), CHECKIN("ck3", "2025-03-12T08:00:00Z")),
	    "2025-03-12T07:59:59Z", LINES("ATD-TAMPER overdue 2025-03-10T12:00:00Z"), NULL),
	ROW("an ok check-in after the tamper alert clears it",
	    LINES(ARREST, ENROLL("ankle", 7), CHECKIN("ck1", "2025-03-05T00:00:00Z"), ALERT("al1", "2025-03-10T12:00:00Z", "tamper"),
		  CHECKIN_FAILED("ck2", "2025-03-11T06:00:00Z"), CHECKIN("ck3", "2025-03-12T08:00:00Z")),
	    "2025-03-12T08:00:00Z", NONE, NULL),
	ROW("a second tamper alert after the ok: flagged again, due at the latest",
	    LINES(ARREST, ENROLL("ankle", 7), CHECKIN("ck1", "2025-03-05T00:00:00Z"), ALERT("al1", "2025-03-10T12:00:00Z", "tamper"),
		  CHECKIN("ck3", "2025-03-12T08:00:00Z"), ALERT("al2", "2025-03-13T09:00:00Z", "tamper")),
	    "2025-03-13T10:00:00Z", LINES("ATD-TAMPER overdue 2025-03-13T09:00:00Z"), NULL),
	ROW("a battery or signal alert is not tamper",
	    LINES(ARREST, ENROLL("ankle", 7), CHECKIN("ck1", "2025-03-05T00:00:00Z"), ALERT("al1", "2025-03-10T12:00:00Z", "battery"),
		  ALERT("al2", "2025-03-10T13:00:00Z", "signal_loss")),
	    "2025-03-11T00:00:00Z", NONE, NULL),
	ROW("a tamper alert of an earlier enrolment does not carry over",
	    LINES(ARREST, ENROLL_ID("en0", "2025-02-02T00:00:00Z", "ankle", 30), ALERT("al0", "2025-02-10T00:00:00Z", "tamper"),
		  ATD_END("ae0", "2025-02-20T00:00:00Z", "other"), ENROLL("ankle", 30)),
	    "2025-03-05T00:00:00Z", NONE, NULL),

	/* --- HEARING-REMINDER (HEARING_BASE: a hearing at 03-20T14:00) */
	ROW("a hearing 7 days and a second ahead: no reminder", LINES(HEARING_BASE), "2025-03-13T13:59:59Z", NONE, NULL),
	ROW("a hearing 7 days ahead exactly: reminder", LINES(HEARING_BASE), "2025-03-13T14:00:00Z",
	    LINES("HEARING-REMINDER due 2025-03-20T14:00:00Z"), "HEARING-REMINDER: 2025-03-20T14:00:00Z"),
	ROW("at the hearing's instant: still a reminder", LINES(HEARING_BASE), "2025-03-20T14:00:00Z",
	    LINES("HEARING-REMINDER due 2025-03-20T14:00:00Z"), NULL),
	ROW("a second after the hearing: no reminder", LINES(HEARING_BASE), "2025-03-20T14:00:01Z", NONE, NULL),
	ROW("an adjourned hearing: no reminder",
	    LINES(HEARING_BASE, HEARING("ha1", "2025-03-15T00:00:00Z", "adjourned", "2025-03-20T14:00:00Z")),
	    "2025-03-16T00:00:00Z", NONE, NULL),
	ROW("an attended hearing, at its instant: no reminder",
	    LINES(HEARING_BASE, HEARING("hat", "2025-03-20T14:00:00Z", "attended", "2025-03-20T14:00:00Z")),
	    "2025-03-20T14:00:00Z", NONE, NULL),
	ROW("two hearings within 7 days: two reminders",
	    LINES(HEARING_BASE, HEARING("hs2", "2025-03-11T00:00:00Z", "scheduled", "2025-03-25T09:00:00Z")),
	    "2025-03-19T00:00:00Z",
	    LINES("HEARING-REMINDER due 2025-03-20T14:00:00Z", "HEARING-REMINDER due 2025-03-25T09:00:00Z"), NULL),
	ROW("nine hearings within 7 days: the first eight reminded",
	    LINES(ARREST, ENROLL("app", 30), HEARING("h1", "2025-03-02T01:00:00Z", "scheduled", "2025-03-20T01:00:00Z"),
		  HEARING("h2", "2025-03-02T02:00:00Z", "scheduled", "2025-03-20T02:00:00Z"),
		  HEARING("h3", "2025-03-02T03:00:00Z", "scheduled", "2025-03-20T03:00:00Z"),
		  HEARING("h4", "2025-03-02T04:00:00Z", "scheduled", "2025-03-20T04:00:00Z"),
		  HEARING("h5", "2025-03-02T05:00:00Z", "scheduled", "2025-03-20T05:00:00Z"),
		  HEARING("h6", "2025-03-02T06:00:00Z", "scheduled", "2025-03-20T06:00:00Z"),
		  HEARING("h7", "2025-03-02T07:00:00Z", "scheduled", "2025-03-20T07:00:00Z"),
		  HEARING("h8", "2025-03-02T08:00:00Z", "scheduled", "2025-03-20T08:00:00Z"),
		  HEARING("h9", "2025-03-02T09:00:00Z", "scheduled", "2025-03-20T09:00:00Z"),
		  CHECKIN("ck1", "2025-03-10T00:00:00Z")),
	    "2025-03-19T00:00:00Z",
	    LINES("HEARING-REMINDER due 2025-03-20T01:00:00Z", "HEARING-REMINDER due 2025-03-20T02:00:00Z",
		  "HEARING-REMINDER due 2025-03-20T03:00:00Z", "HEARING-REMINDER due 2025-03-20T04:00:00Z",
		  "HEARING-REMINDER due 2025-03-20T05:00:00Z", "HEARING-REMINDER due 2025-03-20T06:00:00Z",
		  "HEARING-REMINDER due 2025-03-20T07:00:00Z", "HEARING-REMINDER due 2025-03-20T08:00:00Z"), NULL),
	ROW_R("hearing_reminder_days = 2: 3 days ahead is too far", LINES(HEARING_BASE), "2025-03-17T13:59:59Z", &custom,
	      NONE, NULL),
	ROW_R("hearing_reminder_days = 2: 2 days ahead", LINES(HEARING_BASE), "2025-03-18T14:00:00Z", &custom,
	      LINES("HEARING-REMINDER due 2025-03-20T14:00:00Z"), NULL),
	ROW("a hearing of a person not under supervision: no reminder",
	    LINES(ARREST, HEARING("hs1", "2025-03-02T00:00:00Z", "scheduled", "2025-03-20T14:00:00Z")),
	    "2025-03-19T00:00:00Z", NONE, NULL),

	/* --- HEARING-MISSED */
	ROW("a missed hearing", LINES(HEARING_BASE, HEARING("hm1", "2025-03-20T18:00:00Z", "missed", "2025-03-20T14:00:00Z")),
	    "2025-03-21T00:00:00Z", LINES("HEARING-MISSED overdue 2025-03-20T14:00:00Z"),
	    "HEARING-MISSED: 2025-03-20T14:00:00Z"),
	ROW("a missed hearing, before the next is scheduled",
	    LINES(HEARING_BASE, HEARING("hm1", "2025-03-20T18:00:00Z", "missed", "2025-03-20T14:00:00Z"),
		  HEARING("hs2", "2025-03-25T00:00:00Z", "scheduled", "2025-04-15T10:00:00Z")),
	    "2025-03-24T23:59:59Z", LINES("HEARING-MISSED overdue 2025-03-20T14:00:00Z"), NULL),
	ROW("a later hearing scheduled clears the missed one",
	    LINES(HEARING_BASE, HEARING("hm1", "2025-03-20T18:00:00Z", "missed", "2025-03-20T14:00:00Z"),
		  HEARING("hs2", "2025-03-25T00:00:00Z", "scheduled", "2025-04-15T10:00:00Z")),
	    "2025-03-25T00:00:00Z", NONE, NULL),
	ROW("the later hearing comes up: a reminder",
	    LINES(HEARING_BASE, HEARING("hm1", "2025-03-20T18:00:00Z", "missed", "2025-03-20T14:00:00Z"),
		  HEARING("hs2", "2025-03-25T00:00:00Z", "scheduled", "2025-04-15T10:00:00Z"), CHECKIN("ck2", "2025-04-05T00:00:00Z")),
	    "2025-04-08T10:00:00Z", LINES("HEARING-REMINDER due 2025-04-15T10:00:00Z"), NULL),
	ROW("the later hearing missed too: flagged at the latest",
	    LINES(HEARING_BASE, HEARING("hm1", "2025-03-20T18:00:00Z", "missed", "2025-03-20T14:00:00Z"),
		  HEARING("hs2", "2025-03-25T00:00:00Z", "scheduled", "2025-04-15T10:00:00Z"), CHECKIN("ck2", "2025-04-05T00:00:00Z"),
		  HEARING("hm2", "2025-04-15T12:00:00Z", "missed", "2025-04-15T10:00:00Z")),
	    "2025-04-16T00:00:00Z", LINES("HEARING-MISSED overdue 2025-04-15T10:00:00Z"), NULL),
	ROW("an attended hearing is not flagged",
	    LINES(HEARING_BASE, HEARING("hat", "2025-03-20T15:00:00Z", "attended", "2025-03-20T14:00:00Z")),
	    "2025-03-21T00:00:00Z", NONE, NULL),

	/* --- an enrolment interrupted by re-detention */
	ROW("enrolled, before the book-in: supervision flags",
	    LINES(ARREST, ENROLL("app", 7), HEARING("hs1", "2025-03-02T00:00:00Z", "scheduled", "2025-04-05T10:00:00Z"), BOOK_IN_APR),
	    "2025-04-01T11:59:59Z",
	    LINES("ATD-ESCALATE info -", "ATD-ABSCOND overdue 2025-03-31T00:00:00Z", "HEARING-REMINDER due 2025-04-05T10:00:00Z"),
	    NULL),
	ROW("booked in: only the detention flags",
	    LINES(ARREST, ENROLL("app", 7), HEARING("hs1", "2025-03-02T00:00:00Z", "scheduled", "2025-04-05T10:00:00Z"), BOOK_IN_APR),
	    "2025-04-01T12:00:00Z", LINES("PR-BOND info -", "STD-CLASSIFY-12H due 2025-04-02T00:00:00Z"), NULL),
	ROW("released, not enrolled again: no supervision flags",
	    LINES(ARREST, ENROLL("app", 7), HEARING("hs1", "2025-03-02T00:00:00Z", "scheduled", "2025-04-05T10:00:00Z"), BOOK_IN_APR,
		  BOOK_OUT("bo1", "2025-04-03T00:00:00Z")),
	    "2025-04-04T00:00:00Z", NONE, NULL),
	ROW("enrolled again: a fresh enrolment, the hearing reminded again",
	    LINES(ARREST, ENROLL("app", 7), HEARING("hs1", "2025-03-02T00:00:00Z", "scheduled", "2025-04-05T10:00:00Z"), BOOK_IN_APR,
		  BOOK_OUT("bo1", "2025-04-03T00:00:00Z"), ENROLL_ID("en2", "2025-04-04T00:00:00Z", "app", 7)),
	    "2025-04-04T00:00:00Z", LINES("HEARING-REMINDER due 2025-04-05T10:00:00Z"), NULL),
	ROW("enrolled again: abscond counts from the new enrolment",
	    LINES(ARREST, ENROLL("app", 7), BOOK_IN_APR, BOOK_OUT("bo1", "2025-04-03T00:00:00Z"),
		  ENROLL_ID("en2", "2025-04-04T00:00:00Z", "wrist", 30)),
	    "2025-05-04T00:00:01Z", LINES("ATD-ABSCOND overdue 2025-05-04T00:00:00Z"), NULL),
	ROW("the enrolment ended (absconded): no supervision flags",
	    LINES(ARREST, ENROLL("app", 7), ALERT("al1", "2025-03-10T00:00:00Z", "tamper"),
		  ATD_END("ae1", "2025-03-20T00:00:00Z", "absconded")),
	    "2025-04-15T00:00:00Z", NONE, NULL),
};

/* "RULE status DUE" of a flag. */
static void flag_text(const struct flag *f, char *buf, size_t size)
{
	char due[TS_TEXT_MAX];
	snprintf(buf, size, "%s %s %s", vocab_word(&vocab_flag_rule, f->rule), vocab_word(&vocab_flag_status, f->status),
		 f->due == TS_NONE ? "-" : ts_format(f->due, due));
}

static void check_flags(const struct flag_case *c)
{
	struct timeline tl;
	ts_t t;
	const struct rules *r = replay_scene(&tl, &c->s, &t);
	struct flag out[CLOCK_FLAGS_MAX + 1];
	memset(out, 0x5a, sizeof out);
	size_t n = clock_flags(&tl, t, &reg, r, out);
	assert_true(n <= CLOCK_FLAGS_MAX);

	char got[CLOCK_FLAGS_MAX][80], all[2048] = "";
	for (size_t i = 0; i < n; i++) {
		flag_text(&out[i], got[i], sizeof got[i]);
		strcat(all, got[i]);
		strcat(all, i + 1 < n ? " | " : "");
		assert_true(out[i].reason[0] != '\0');
		assert_non_null(memchr(out[i].reason, '\0', sizeof out[i].reason));
		/* one flag per rule, but for the hearing reminders */
		if (i > 0 && (out[i].rule < out[i - 1].rule ||
			      (out[i].rule == out[i - 1].rule && out[i].rule != FLAG_HEARING_REMINDER)))
			fail_msg("%s: flags not in rule order: %s", c->s.what, all);
	}
	size_t want = 0;
	while (c->want[want])
		want++;
	bool same = want == n;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(got[i], c->want[i]) == 0;
	if (!same) {
		char expected[2048] = "";
		for (size_t i = 0; i < want; i++) {
			strcat(expected, c->want[i]);
			strcat(expected, i + 1 < want ? " | " : "");
		}
		fail_msg("%s at %s:\n  got      [%s]\n  expected [%s]", c->s.what, c->s.t, all, expected);
	}
	for (const char *const *m = c->must; *m; m++) {
		const char *colon = strchr(*m, ':');
		assert_non_null(colon);
		size_t len = (size_t)(colon - *m);
		const char *words = colon + 2;
		const struct flag *f = NULL;
		for (size_t i = 0; !f && i < n; i++) {
			const char *rule = vocab_word(&vocab_flag_rule, out[i].rule);
			if (strlen(rule) == len && strncmp(rule, *m, len) == 0)
				f = &out[i];
		}
		if (!f)
			fail_msg("%s: no %.*s flag for \"%s\"", c->s.what, (int)len, *m, words);
		if (!strstr(f->reason, words))
			fail_msg("%s: %.*s reason \"%s\" does not contain \"%s\"", c->s.what, (int)len, *m, f->reason, words);
	}
	timeline_free(&tl);
}

static void test_flags(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < ROWS(flag_cases); i++)
		check_flags(&flag_cases[i]);
}

/* Every rule of enum flag_rule is expected by some row above. */
static void test_flags_cover_every_rule(void **unused)
{
	(void)unused;
	for (int rule = 0; rule < FLAG_RULE_COUNT; rule++) {
		const char *word = vocab_word(&vocab_flag_rule, rule);
		bool seen = false;
		for (size_t i = 0; !seen && i < ROWS(flag_cases); i++)
			for (const char *const *w = flag_cases[i].want; !seen && *w; w++)
				seen = strncmp(*w, word, strlen(word)) == 0 && (*w)[strlen(word)] == ' ';
		if (!seen)
			fail_msg("no row expects %s", word);
	}
	assert_int_equal(vocab_find(&vocab_flag_status, "due"), FLAG_DUE);
	assert_int_equal(vocab_find(&vocab_flag_status, "overdue"), FLAG_OVERDUE);
	assert_int_equal(vocab_find(&vocab_flag_status, "info"), FLAG_INFO);
	assert_int_equal(vocab_find(&vocab_flag_rule, "STD-CLASSIFY-12H"), FLAG_STD_CLASSIFY_12H);
}

/* ------------------------------------------------------------ removal clock */

struct removal_case {
	struct scene s;
	bool runs;
	const char *start, *end; /* NULL when it does not run */
	ts_t tolled;             /* seconds */
	const char *why;         /* a word of start_why */
};

static const struct removal_case removal_cases[] = {
	{{"no order", LINES(ARREST, BOOK_IN, CLASSIFY), "2025-03-11T00:00:00Z", NULL}, false, NULL, NULL, 0, NULL},
	{{"final order", LINES(BASE), "2025-03-11T00:00:00Z", NULL}, true, "2025-03-01T00:00:00Z", "2025-05-30T00:00:00Z", 0,
	 "final order"},
	{{"final order, not detained", LINES(ARREST, ORDER), "2025-03-11T00:00:00Z", NULL}, true, "2025-03-01T00:00:00Z",
	 "2025-05-30T00:00:00Z", 0, "final order"},
	{{"final date given", LINES(ARREST, BOOK_IN, CLASSIFY, EV("ro1", "removal_order", "2025-03-01T10:00:00Z", ",'final':'2025-02-20'")),
	 "2025-03-11T00:00:00Z", NULL}, true, "2025-02-20T00:00:00Z", "2025-05-21T00:00:00Z", 0, "final order"},
	{{"stay granted", LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted")), "2025-04-01T00:00:00Z", NULL}, false,
	 NULL, NULL, 0, NULL},
	{{"stay granted, not yet at T", LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted")), "2025-03-10T09:59:59Z",
	 NULL}, true, "2025-03-01T00:00:00Z", "2025-05-30T00:00:00Z", 0, "final order"},
	{{"stay lifted", LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted"), STAY("sr2", "2025-04-15T10:00:00Z", "lifted")),
	 "2025-04-20T00:00:00Z", NULL}, true, "2025-04-15T10:00:00Z", "2025-07-14T10:00:00Z", 0, "lifted"},
	{{"a new order after a lifted stay", LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted"),
	 STAY("sr2", "2025-04-15T10:00:00Z", "lifted"), EV("ro2", "removal_order", "2025-05-01T10:00:00Z", "")),
	 "2025-05-02T00:00:00Z", NULL}, true, "2025-05-01T00:00:00Z", "2025-07-30T00:00:00Z", 0, "final order"},
	{{"booked in after the order", LINES(ARREST, ORDER, EV("bi2", "book_in", "2025-03-20T12:00:00Z", ",'facility':'AAA'")),
	 "2025-04-01T00:00:00Z", NULL}, true, "2025-03-20T12:00:00Z", "2025-06-18T12:00:00Z", 0, "book"},
	{{"booked in after the order, then a lift later still",
	 LINES(ARREST, ORDER, STAY("sr1", "2025-03-10T10:00:00Z", "granted"),
	       EV("bi2", "book_in", "2025-03-20T12:00:00Z", ",'facility':'AAA'"), STAY("sr2", "2025-04-15T10:00:00Z", "lifted")),
	 "2025-04-20T00:00:00Z", NULL}, true, "2025-04-15T10:00:00Z", "2025-07-14T10:00:00Z", 0, "lifted"},
	{{"lifted, then booked in later still",
	 LINES(ARREST, ORDER, STAY("sr1", "2025-03-10T10:00:00Z", "granted"), STAY("sr2", "2025-04-15T10:00:00Z", "lifted"),
	       EV("bi2", "book_in", "2025-04-20T12:00:00Z", ",'facility':'AAA'")),
	 "2025-04-21T00:00:00Z", NULL}, true, "2025-04-20T12:00:00Z", "2025-07-19T12:00:00Z", 0, "book"},
	{{"tolled 10 days", LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"), NONCOOP("nc2", "2025-06-04T00:00:00Z", "end")),
	 "2025-06-05T00:00:00Z", NULL}, true, "2025-03-01T00:00:00Z", "2025-06-09T00:00:00Z", 10 * TS_DAY, "final order"},
	{{"tolled, the interval half over at T",
	 LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"), NONCOOP("nc2", "2025-06-04T00:00:00Z", "end")),
	 "2025-05-30T00:00:00Z", NULL}, true, "2025-03-01T00:00:00Z", "2025-06-04T00:00:00Z", 5 * TS_DAY, "final order"},
	{{"tolled, open at T", LINES(BASE, NONCOOP("nc1", "2025-05-20T00:00:00Z", "start")), "2025-06-10T12:00:00Z", NULL}, true,
	 "2025-03-01T00:00:00Z", "2025-06-20T12:00:00Z", 21 * TS_DAY + TS_DAY / 2, "final order"},
	{{"tolled twice", LINES(BASE, NONCOOP("nc1", "2025-03-10T00:00:00Z", "start"), NONCOOP("nc2", "2025-03-13T00:00:00Z", "end"),
	 NONCOOP("nc3", "2025-04-01T00:00:00Z", "start"), NONCOOP("nc4", "2025-04-02T06:00:00Z", "end")),
	 "2025-05-01T00:00:00Z", NULL}, true, "2025-03-01T00:00:00Z", "2025-06-03T06:00:00Z", 4 * TS_DAY + 6 * 3600, "final order"},
	{{"before S not tolled", LINES(ARREST, BOOK_IN, CLASSIFY, NONCOOP("nc1", "2025-02-25T00:00:00Z", "start"), ORDER,
	 NONCOOP("nc2", "2025-03-05T00:00:00Z", "end")),
	 "2025-03-11T00:00:00Z", NULL}, true, "2025-03-01T00:00:00Z", "2025-06-03T00:00:00Z", 4 * TS_DAY, "final order"},
	{{"a 30-day removal period", LINES(BASE), "2025-03-11T00:00:00Z", &custom}, true, "2025-03-01T00:00:00Z",
	 "2025-03-31T00:00:00Z", 0, "final order"},
};

static void test_removal_clock(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < ROWS(removal_cases); i++) {
		const struct removal_case *c = &removal_cases[i];
		struct timeline tl;
		ts_t t;
		const struct rules *r = replay_scene(&tl, &c->s, &t);
		struct removal_clock rc;
		memset(&rc, 0x5a, sizeof rc);
		clock_removal(&tl, t, r, &rc);
		char s[TS_TEXT_MAX], e[TS_TEXT_MAX];
		if (rc.runs != c->runs)
			fail_msg("%s: runs %d", c->s.what, rc.runs);
		if (c->runs) {
			if (rc.start != T(c->start) || rc.end != T(c->end) || rc.tolled != c->tolled)
				fail_msg("%s: S %s, tolled %lld s, end %s; expected S %s, tolled %lld s, end %s", c->s.what,
					 ts_format(rc.start, s), (long long)rc.tolled, ts_format(rc.end, e), c->start,
					 (long long)c->tolled, c->end);
			assert_non_null(rc.start_why);
			if (!strstr(rc.start_why, c->why))
				fail_msg("%s: start_why \"%s\", expected \"%s\"", c->s.what, rc.start_why, c->why);
		}
		timeline_free(&tl);
	}
}

/* clock_in_removal_period: detained after a final order, S <= t < end. */
static void test_in_removal_period(void **unused)
{
	(void)unused;
	const struct {
		struct scene s;
		bool want;
	} cases[] = {
		{{"no order", LINES(ARREST, BOOK_IN, CLASSIFY), "2025-03-11T00:00:00Z", NULL}, false},
		{{"10 days in", LINES(BASE), "2025-03-11T00:00:00Z", NULL}, true},
		{{"at the order", LINES(BASE), "2025-03-01T10:00:00Z", NULL}, true},
		{{"the last second", LINES(BASE), "2025-05-29T23:59:59Z", NULL}, true},
		{{"at the end", LINES(BASE), "2025-05-30T00:00:00Z", NULL}, false},
		{{"before a final date that lies ahead",
		 LINES(ARREST, BOOK_IN, CLASSIFY, EV("ro1", "removal_order", "2025-03-01T10:00:00Z", ",'final':'2025-03-05'")),
		 "2025-03-04T23:59:59Z", NULL}, false},
		{{"at that final date",
		 LINES(ARREST, BOOK_IN, CLASSIFY, EV("ro1", "removal_order", "2025-03-01T10:00:00Z", ",'final':'2025-03-05'")),
		 "2025-03-05T00:00:00Z", NULL}, true},
		{{"not detained", LINES(ARREST, ORDER), "2025-03-11T00:00:00Z", NULL}, false},
		{{"booked out", LINES(BASE, BOOK_OUT("bo1", "2025-03-05T10:00:00Z")), "2025-03-11T00:00:00Z", NULL}, false},
		{{"stay granted", LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted")), "2025-03-11T00:00:00Z", NULL}, false},
		{{"stay lifted: a new period", LINES(BASE, STAY("sr1", "2025-03-10T10:00:00Z", "granted"),
		 STAY("sr2", "2025-04-15T10:00:00Z", "lifted")), "2025-07-01T00:00:00Z", NULL}, true},
		{{"tolled past S + 90 d", LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"),
		 NONCOOP("nc2", "2025-06-04T00:00:00Z", "end")), "2025-06-08T23:59:59Z", NULL}, true},
		{{"tolled period ended", LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"),
		 NONCOOP("nc2", "2025-06-04T00:00:00Z", "end")), "2025-06-09T00:00:00Z", NULL}, false},
		{{"open non-cooperation: still inside", LINES(BASE, NONCOOP("nc1", "2025-05-20T00:00:00Z", "start")),
		 "2025-12-01T00:00:00Z", NULL}, true},
		{{"a 30-day period, day 29", LINES(BASE), "2025-03-30T23:59:59Z", &custom}, true},
		{{"a 30-day period, day 30", LINES(BASE), "2025-03-31T00:00:00Z", &custom}, false},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct timeline tl;
		ts_t t;
		const struct rules *r = replay_scene(&tl, &cases[i].s, &t);
		bool got = clock_in_removal_period(&tl, t, r);
		if (got != cases[i].want)
			fail_msg("%s at %s: %d, expected %d", cases[i].s.what, cases[i].s.t, got, cases[i].want);
		timeline_free(&tl);
	}
}

/* clock_child_at_book_in: under the age at the current or last stay's book-in. */
static void test_child_at_book_in(void **unused)
{
	(void)unused;
	const struct {
		struct scene s; /* t NULL: after all the lines */
		bool want;
	} cases[] = {
		{{"born 2010", LINES(ARREST_BORN("2010-06-01"), BOOK_IN), NULL, NULL}, true},
		{{"born 1990", LINES(ARREST, BOOK_IN), NULL, NULL}, false},
		{{"18 on the day", LINES(ARREST_BORN("2007-02-01"), BOOK_IN), NULL, NULL}, false},
		{{"18 the next day", LINES(ARREST_BORN("2007-02-02"), BOOK_IN), NULL, NULL}, true},
		{{"birth date unknown", LINES(ARREST_NO_BIRTH, BOOK_IN), NULL, NULL}, false},
		{{"never booked in", LINES(ARREST_BORN("2010-06-01")), NULL, NULL}, false},
		{{"the last stay, after release",
		  LINES(ARREST_BORN("2010-06-01"), BOOK_IN, BOOK_OUT("bo1", "2025-02-02T00:00:00Z")), NULL, NULL}, true},
		{{"a child until 21", LINES(ARREST_BORN("2005-01-01"), BOOK_IN), NULL, &custom}, true},
		{{"an adult at 18", LINES(ARREST_BORN("2005-01-01"), BOOK_IN), NULL, NULL}, false},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct timeline tl;
		ts_t t;
		const struct rules *r = replay_scene(&tl, &cases[i].s, &t);
		bool got = clock_child_at_book_in(&tl, r);
		if (got != cases[i].want)
			fail_msg("%s: %d, expected %d", cases[i].s.what, got, cases[i].want);
		timeline_free(&tl);
	}
	/* born 2007-02-29 does not exist; born 2008-02-29 and booked in
	 * 2026-02-28 is still 17 (18 on 1 March 2026) */
	const struct scene leap = {"leap day",
				   LINES(EV("ar1", "arrest", "2026-02-28T08:00:00Z", ",'aor':'ATL','agency':'ICE','birth_date':'2008-02-29'"),
					 EV("bi1", "book_in", "2026-02-28T12:00:00Z", ",'facility':'AAA'")),
				   NULL, NULL};
	struct timeline tl;
	ts_t t;
	replay_scene(&tl, &leap, &t);
	assert_true(clock_child_at_book_in(&tl, &defaults));
	timeline_free(&tl);
}

/* clock_release_required and when it began to hold. */
static void test_release_required(void **unused)
{
	(void)unused;
	const struct {
		struct scene s;
		const char *since; /* NULL: does not hold */
	} cases[] = {
		{{"refused, presumptive period not passed", LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused")),
		 "2025-08-28T00:00:00Z", NULL}, NULL},
		{{"refused, passed", LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused")), "2025-08-28T00:00:01Z", NULL},
		 "2025-08-28T00:00:00Z"},
		{{"refused after the presumptive period", LINES(BASE, TRAVEL("td1", "2025-09-01T10:00:00Z", "refused")),
		 "2025-09-02T00:00:00Z", NULL}, "2025-09-01T10:00:00Z"},
		{{"requested only", LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "requested")), "2025-09-02T00:00:00Z", NULL},
		 NULL},
		{{"nothing refused, nothing found", LINES(BASE), "2026-01-01T00:00:00Z", NULL}, NULL},
		{{"not foreseeable", LINES(BASE, REVIEW("cr90", "2025-05-20T10:00:00Z", "90_day", "continue", ",'removal_foreseeable':false")),
		 "2025-09-02T00:00:00Z", NULL}, "2025-08-28T00:00:00Z"},
		{{"foreseeable", LINES(BASE, REVIEW("cr90", "2025-05-20T10:00:00Z", "90_day", "continue", ",'removal_foreseeable':true")),
		 "2025-09-02T00:00:00Z", NULL}, NULL},
		{{"both, the earlier counts", LINES(BASE, TRAVEL("td1", "2025-09-01T10:00:00Z", "refused"),
		 REVIEW("crq", "2025-09-05T10:00:00Z", "requested", "continue", ",'removal_foreseeable':false")),
		 "2025-09-10T00:00:00Z", NULL}, "2025-09-01T10:00:00Z"},
		{{"both, the review first", LINES(BASE, REVIEW("crq", "2025-09-01T10:00:00Z", "requested", "continue", ",'removal_foreseeable':false"),
		 TRAVEL("td1", "2025-09-05T10:00:00Z", "refused")),
		 "2025-09-10T00:00:00Z", NULL}, "2025-09-01T10:00:00Z"},
		{{"tolled presumptive period", LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"),
		 NONCOOP("nc2", "2025-06-04T00:00:00Z", "end"), TRAVEL("td1", "2025-06-05T10:00:00Z", "refused")),
		 "2025-09-07T00:00:00Z", NULL}, NULL},
		{{"tolled presumptive period passed", LINES(BASE, NONCOOP("nc1", "2025-05-25T00:00:00Z", "start"),
		 NONCOOP("nc2", "2025-06-04T00:00:00Z", "end"), TRAVEL("td1", "2025-06-05T10:00:00Z", "refused")),
		 "2025-09-07T00:00:01Z", NULL}, "2025-09-07T00:00:00Z"},
		{{"stay of removal granted", LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused"),
		 STAY("sr1", "2025-04-10T10:00:00Z", "granted")), "2025-12-01T00:00:00Z", NULL}, NULL},
		{{"released", LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused"),
		 EV("bo1", "book_out", "2025-09-01T10:00:00Z", ",'reason':'no_removal_foreseeable'")), "2025-09-02T00:00:00Z", NULL}, NULL},
		{{"a 100-day presumptive period", LINES(BASE, TRAVEL("td1", "2025-04-01T10:00:00Z", "refused")),
		 "2025-06-09T00:00:01Z", &custom}, "2025-06-09T00:00:00Z"},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct timeline tl;
		ts_t t;
		const struct rules *r = replay_scene(&tl, &cases[i].s, &t);
		ts_t since = 12345;
		bool got = clock_release_required(&tl, t, r, &since);
		char s[TS_TEXT_MAX];
		if (got != (cases[i].since != NULL))
			fail_msg("%s: %d", cases[i].s.what, got);
		if (got && since != T(cases[i].since))
			fail_msg("%s: since %s, expected %s", cases[i].s.what, ts_format(since, s), cases[i].since);
		/* since may be NULL */
		assert_int_equal(clock_release_required(&tl, t, r, NULL), got);
		timeline_free(&tl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_flags_cover_every_rule),
		cmocka_unit_test(test_removal_clock),
		cmocka_unit_test(test_in_removal_period),
		cmocka_unit_test(test_child_at_book_in),
		cmocka_unit_test(test_release_required),
	};
	return cmocka_run_group_tests(tests, setup, facilities_teardown);
}
