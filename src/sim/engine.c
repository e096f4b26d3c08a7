#include "engine.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

#define HOUR 3600
#define DAY TS_DAY
#define QUEUE_MAX 20
#define FACILITY_YEARS 12 /* facilities open this long before the run */

enum act {
	ACT_ARREST, ACT_BOOK_IN, ACT_CLASSIFY, ACT_TRANSFER, ACT_ORDER, ACT_TRAVEL, ACT_NONCOOP, ACT_STAY,
	ACT_REVIEW, ACT_BOND_SET, ACT_BOND_POSTED, ACT_BOOK_OUT, ACT_ENROLL, ACT_PERIOD, ACT_CHECKIN,
	ACT_ALERT, ACT_CHANGE, ACT_SCHEDULE, ACT_DEPART, ACT_END, ACT_HEARING, ACT_HEARING_RESULT
};

/* One planned step of a person's life; arg's meaning depends on kind. */
struct action {
	ts_t at;
	uint16_t order; /* plan order, for steps at the same second */
	uint8_t kind;
	int32_t arg;
};

struct agent {
	uint64_t serial;
	struct rng rng;
	char person[ANUMBER_LEN + 1];
	int agency, aor, sex, crim, threat, mandatory, border, country, facility, reason;
	bool child;
	ts_t birth;
	/* supervision */
	int tech;
	int checkin_days;  /* the schedule in force */
	ts_t schedule_end; /* when it changes, TS_NONE if it does not */
	int missed;        /* periods missed in a row */
	ts_t enrolled_at, end_at, abscond_at, last_hearing;
	int end_reason;
	uint32_t n_events;
	uint16_t n_planned;
	int nq;
	struct action q[QUEUE_MAX]; /* sorted latest first: q[nq - 1] is next */
};

struct model {
	const struct profile *p;
	const struct sim_options *o;
	struct rng rng; /* arrivals */
	sim_emit_fn emit;
	void *ctx;
	struct error *err;
	struct sim_totals *t;
	struct agent **heap;
	size_t n, cap;
	uint64_t serial;
	ts_t end, facilities_at;
	double carry[3]; /* ICE, CBP, direct supervision */
	double aor_weight[32];
	double mandatory_share; /* among people whose release is not discretionary */
	/* facilities by AOR and sex (M, F), with capacity weights */
	size_t *choices[32][2];
	double *weights[32][2];
	size_t n_choices[32][2];
};

static const char *const family_names[] = {
	"Garcia", "Lopez", "Hernandez", "Martinez", "Gonzalez", "Perez", "Rodriguez", "Sanchez", "Ramirez",
	"Cruz", "Flores", "Gomez", "Morales", "Reyes", "Diaz", "Torres", "Castillo", "Vasquez", "Mendoza",
	"Ortiz", "Chen", "Singh", "Silva", "Pierre", "Mejia", "Aguilar", "Rivera", "Jimenez", "Ruiz", "Alvarez"};
static const char *const given_names[] = {
	"Jose", "Maria", "Juan", "Ana", "Luis", "Carlos", "Rosa", "Jorge", "Elena", "Miguel", "Sofia", "Pedro",
	"Carmen", "Diego", "Lucia", "Mario", "Daniela", "Oscar", "Paola", "Wei", "Arjun", "Jean", "Marta",
	"Andres", "Karla", "Victor", "Gabriela", "Hector", "Isabel", "Rafael"};

/* --- the heap of agents, by next action ---------------------------------- */

static bool earlier(const struct agent *a, const struct agent *b)
{
	const struct action *x = &a->q[a->nq - 1], *y = &b->q[b->nq - 1];
	return x->at < y->at || (x->at == y->at && a->serial < b->serial);
}

static int heap_push(struct model *m, struct agent *a)
{
	assert(a->nq > 0);
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4096;
		struct agent **h = realloc(m->heap, cap * sizeof *h);
		if (!h)
			return error_set(m->err, ERR_NOMEM, "out of memory");
		m->heap = h;
		m->cap = cap;
	}
	size_t i = m->n++;
	while (i > 0 && earlier(a, m->heap[(i - 1) / 2])) {
		m->heap[i] = m->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	m->heap[i] = a;
	return 0;
}

static struct agent *heap_pop(struct model *m)
{
	assert(m->n > 0);
	struct agent *top = m->heap[0], *last = m->heap[--m->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= m->n)
			break;
		if (c + 1 < m->n && earlier(m->heap[c + 1], m->heap[c]))
			c++;
		if (!earlier(m->heap[c], last))
			break;
		m->heap[i] = m->heap[c];
		i = c;
	}
	if (m->n > 0)
		m->heap[i] = last;
	return top;
}

/* Plan a step; steps beyond QUEUE_MAX are dropped (never reached in practice). */
static void plan(struct agent *a, ts_t at, int kind, int arg)
{
	assert(a->nq < QUEUE_MAX);
	if (a->nq == QUEUE_MAX)
		return;
	struct action act = {at, a->n_planned++, (uint8_t)kind, arg};
	int i = a->nq++;
	while (i > 0 && (a->q[i - 1].at < at || (a->q[i - 1].at == at && a->q[i - 1].order < act.order))) {
		a->q[i] = a->q[i - 1];
		i--;
	}
	a->q[i] = act;
}

/* --- choosing ------------------------------------------------------------ */

static double uniform(struct agent *a, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(&a->rng);
}

static ts_t hours(struct agent *a, double lo, double hi)
{
	return (ts_t)(uniform(a, lo, hi) * HOUR);
}

/* A facility for the person's AOR and sex, by capacity; never `avoid` (a
 * transfer's origin) when the AOR has another. */
static size_t pick_facility(const struct model *m, struct agent *a, int avoid)
{
	int aor = a->aor, sex = a->sex == SEX_F ? 1 : 0;
	size_t n = m->n_choices[aor][sex];
	size_t i = rng_pick(&a->rng, m->weights[aor][sex], n);
	if ((int)m->choices[aor][sex][i] == avoid)
		i = (i + 1) % n;
	return m->choices[aor][sex][i];
}

static int escalated(int tech)
{
	return tech == TECH_WRIST ? TECH_ANKLE : tech == TECH_ANKLE ? TECH_ANKLE : TECH_WRIST;
}

/* --- emitting ------------------------------------------------------------ */

static void begin_event(const struct model *m, struct agent *a, int type, ts_t at, struct event *ev)
{
	event_init(ev);
	snprintf(ev->id, sizeof ev->id, "g%llu-%llu-%u", (unsigned long long)m->o->seed,
		 (unsigned long long)a->serial, a->n_events++);
	strcpy(ev->person, a->person);
	ev->type = type;
	ev->at = at;
}

/* The month of an instant, counted from October (0) to September (11). */
static int month_of(ts_t at)
{
	char date[DATE_TEXT_MAX];
	ts_format_date(at, date);
	int month = (date[5] - '0') * 10 + (date[6] - '0');
	return (month + 2) % 12;
}

static bool counted(const struct model *m, ts_t at)
{
	return at >= m->o->from && at < m->end;
}

static int send(struct model *m, const struct event *ev)
{
	if (m->t && counted(m, ev->at))
		m->t->events++;
	return m->emit(m->ctx, ev, m->err);
}

static const struct sim_facility *facility_of(const struct model *m, int f)
{
	return &m->p->facilities[f];
}

static int do_arrest(struct model *m, struct agent *a, ts_t at)
{
	struct event ev;
	begin_event(m, a, EV_ARREST, at, &ev);
	ev.aor = a->aor;
	ev.agency = a->agency;
	ev.border = a->border;
	ev.family_name = (char *)family_names[a->serial % (sizeof family_names / sizeof *family_names)];
	ev.given_name = (char *)given_names[(a->serial / 7) % (sizeof given_names / sizeof *given_names)];
	ev.birth_date = a->birth;
	ev.sex = a->sex;
	strcpy(ev.citizenship, vocab_word(&vocab_country, a->country));
	strcpy(ev.birth_country, ev.citizenship);
	ev.criminality = a->crim;
	ev.threat_level = a->threat;
	return send(m, &ev);
}

static int do_book_in(struct model *m, struct agent *a, ts_t at, int kind)
{
	struct event ev;
	if (kind == ACT_TRANSFER)
		a->facility = (int)pick_facility(m, a, a->facility);
	begin_event(m, a, kind == ACT_TRANSFER ? EV_TRANSFER : EV_BOOK_IN, at, &ev);
	strcpy(ev.facility, facility_of(m, a->facility)->code);
	if (kind == ACT_BOOK_IN && m->t && counted(m, at))
		m->t->book_ins[a->agency][month_of(at)]++;
	return send(m, &ev);
}

static int do_classify(struct model *m, struct agent *a, ts_t at)
{
	struct event ev;
	begin_event(m, a, EV_CLASSIFY, at, &ev);
	ev.criminality = a->crim;
	ev.threat_level = a->threat;
	ev.mandatory = a->mandatory;
	return send(m, &ev);
}

static int do_case(struct model *m, struct agent *a, const struct action *act)
{
	struct event ev;
	static const int types[] = {[ACT_ORDER] = EV_REMOVAL_ORDER, [ACT_TRAVEL] = EV_TRAVEL_DOCUMENT,
				    [ACT_NONCOOP] = EV_NONCOOPERATION, [ACT_STAY] = EV_STAY_OF_REMOVAL,
				    [ACT_REVIEW] = EV_CUSTODY_REVIEW, [ACT_BOND_SET] = EV_BOND,
				    [ACT_BOND_POSTED] = EV_BOND};
	begin_event(m, a, types[act->kind], act->at, &ev);
	switch (act->kind) {
	case ACT_ORDER:
		ev.final_date = ts_floor_day(act->at);
		break;
	case ACT_TRAVEL:
		ev.status = act->arg;
		strcpy(ev.country, vocab_word(&vocab_country, a->country));
		break;
	case ACT_NONCOOP:
	case ACT_STAY:
		ev.status = act->arg;
		break;
	case ACT_REVIEW: /* arg: kind * 4 + decision * 2 + foreseeable */
		ev.review_kind = act->arg / 4;
		ev.decision = act->arg / 2 % 2;
		ev.removal_foreseeable = act->arg % 2;
		break;
	case ACT_BOND_SET:
		ev.status = BOND_SET;
		ev.amount = act->arg;
		ev.by = BY_IJ;
		break;
	default:
		ev.status = BOND_POSTED;
		break;
	}
	return send(m, &ev);
}

static int do_book_out(struct model *m, struct agent *a, ts_t at)
{
	struct event ev;
	begin_event(m, a, EV_BOOK_OUT, at, &ev);
	ev.reason = a->reason;
	if (a->reason == OUT_REMOVED)
		strcpy(ev.country, vocab_word(&vocab_country, a->country));
	if (m->t && counted(m, at))
		m->t->book_outs[a->reason]++;
	return send(m, &ev);
}

/* --- supervision ---------------------------------------------------------- */

static int do_supervision(struct model *m, struct agent *a, const struct action *act)
{
	struct event ev;
	static const int types[] = {[ACT_ENROLL] = EV_ATD_ENROLL, [ACT_CHECKIN] = EV_ATD_CHECKIN,
				    [ACT_ALERT] = EV_ATD_ALERT, [ACT_CHANGE] = EV_ATD_CHANGE, [ACT_SCHEDULE] = EV_ATD_CHANGE,
				    [ACT_DEPART] = EV_DEPARTURE, [ACT_END] = EV_ATD_END};
	begin_event(m, a, types[act->kind], act->at, &ev);
	switch (act->kind) {
	case ACT_ENROLL:
		ev.technology = a->tech;
		ev.checkin_days = a->checkin_days;
		ev.aor = a->aor;
		break;
	case ACT_SCHEDULE:
		a->checkin_days = act->arg;
		a->schedule_end = TS_NONE;
		ev.checkin_days = act->arg;
		ev.reason_text = "schedule review";
		plan(a, act->at, ACT_PERIOD, 0);
		break;
	case ACT_CHECKIN:
		ev.result = act->arg;
		if (m->t && counted(m, act->at))
			m->t->checkins++;
		break;
	case ACT_ALERT:
		ev.alert = act->arg;
		break;
	case ACT_CHANGE:
		a->tech = escalated(a->tech);
		ev.technology = a->tech;
		ev.reason_text = "two check-ins missed in a row";
		break;
	case ACT_DEPART:
		strcpy(ev.country, vocab_word(&vocab_country, a->country));
		break;
	default:
		ev.reason = a->end_reason;
		break;
	}
	return send(m, &ev);
}

/* The start of a check-in period: plan its check-in (or miss it), alerts,
 * an escalation after two misses, and the next period. */
static void period(struct model *m, struct agent *a, const struct action *act)
{
	const struct profile *p = m->p;
	ts_t start = act->at, length = (ts_t)a->checkin_days * DAY;
	ts_t until = a->schedule_end == TS_NONE ? a->end_at : a->schedule_end; /* this schedule's last instant */
	bool gone = a->abscond_at != TS_NONE && start >= a->abscond_at;
	if (gone)
		return;
	if (!rng_chance(&a->rng, p->miss)) {
		ts_t at = start + (ts_t)(uniform(a, 0.05, 0.95) * (double)length);
		if (at < until && (a->abscond_at == TS_NONE || at < a->abscond_at)) {
			if (rng_chance(&a->rng, 0.02))
				plan(a, at - 180, ACT_CHECKIN, CHECKIN_FAILED_VERIFICATION);
			plan(a, at, ACT_CHECKIN, CHECKIN_OK);
		}
		a->missed = 0;
	} else if (++a->missed >= 2) {
		ts_t at = start + length + DAY + hours(a, 1, 8);
		if (a->tech != TECH_ANKLE && rng_chance(&a->rng, 0.5) && at < a->end_at)
			plan(a, at, ACT_CHANGE, 0);
		a->missed = 0;
	}
	if (a->tech == TECH_ANKLE || a->tech == TECH_WRIST) {
		ts_t at = start + (ts_t)(uniform(a, 0, 1) * (double)length);
		if (at < a->end_at && rng_chance(&a->rng, 0.03))
			plan(a, at, ACT_ALERT, ALERT_BATTERY);
		else if (at < a->end_at && rng_chance(&a->rng, 0.003))
			plan(a, at, ACT_ALERT, ALERT_TAMPER);
	}
	if (start + length < until)
		plan(a, start + length, ACT_PERIOD, act->arg + 1);
}

static int hearing(struct model *m, struct agent *a, const struct action *act)
{
	struct event ev;
	begin_event(m, a, EV_HEARING, act->at, &ev);
	if (act->kind == ACT_HEARING) {
		ts_t when = act->at + (ts_t)(uniform(a, 20, 60) * DAY);
		if (when <= a->last_hearing)
			when = a->last_hearing + DAY;
		a->last_hearing = when;
		ev.status = HEARING_SCHEDULED;
		plan(a, when + hours(a, 1, 4), ACT_HEARING_RESULT,
		     rng_chance(&a->rng, m->p->attendance) ? HEARING_ATTENDED : HEARING_MISSED);
		ts_t next = act->at + (ts_t)(m->p->hearing_every * DAY);
		if (next < a->end_at)
			plan(a, next, ACT_HEARING, 0);
	} else {
		ev.status = act->arg;
		if (m->t && counted(m, act->at))
			(*(act->arg == HEARING_ATTENDED ? &m->t->hearings_attended : &m->t->hearings_missed))++;
	}
	ev.hearing_at = a->last_hearing;
	return send(m, &ev);
}

/* Enrol at `at` until end (or an abscondment). A standing participant
 * (enrolled before history_until) checks in on the history schedule until
 * then, and on the profile's after it. */
static void supervise(struct model *m, struct agent *a, ts_t at, ts_t end, ts_t history_until)
{
	const struct profile *p = m->p;
	bool standing = history_until > at && history_until < end;
	a->checkin_days = standing ? p->history_checkin_days : p->checkin_days;
	a->schedule_end = standing ? history_until : TS_NONE;
	a->tech = (int)rng_pick(&a->rng, p->technology, TECH_COUNT);
	a->enrolled_at = at;
	a->end_at = end;
	a->abscond_at = TS_NONE;
	double r = rng_uniform(&a->rng);
	a->end_reason = r < 0.8 ? END_CASE_CLOSED : r < 0.9 ? END_DEPARTED : END_OTHER;
	if (rng_chance(&a->rng, p->abscond)) {
		ts_t start = history_until > at ? history_until : at;
		ts_t gone = start + (ts_t)(uniform(a, 0.1, 0.9) * (double)(end - start));
		ts_t ends = gone + (ts_t)(uniform(a, 31, 40) * DAY);
		if (ends < end) {
			a->abscond_at = gone;
			a->end_at = ends;
			a->end_reason = END_ABSCONDED;
		}
	}
	plan(a, at, ACT_ENROLL, 0);
	plan(a, at, ACT_PERIOD, 0);
	if (standing && history_until < a->end_at)
		plan(a, history_until, ACT_SCHEDULE, p->checkin_days);
	ts_t first_hearing = at + (ts_t)(uniform(a, 3, 30) * DAY);
	if (first_hearing < history_until)
		first_hearing = history_until + (ts_t)(uniform(a, 0, 30) * DAY);
	if (first_hearing < a->end_at)
		plan(a, first_hearing, ACT_HEARING, 0);
	if (a->end_reason == END_DEPARTED)
		plan(a, a->end_at - HOUR, ACT_DEPART, 0);
	plan(a, a->end_at, ACT_END, 0);
}

static ts_t program_end(struct agent *a, const struct profile *p, ts_t from)
{
	double days = rng_exponential(&a->rng, p->alip_days);
	return from + (ts_t)((days < 15 * 365 ? days : 15 * 365) * DAY) + DAY;
}

/* --- detention ------------------------------------------------------------- */

static bool supervised_release(int reason)
{
	return reason == OUT_PAROLED || reason == OUT_RECOGNIZANCE || reason == OUT_SUPERVISION ||
	       reason == OUT_BONDED_OUT || reason == OUT_NO_REMOVAL_FORESEEABLE;
}

static ts_t between(struct agent *a, ts_t from, ts_t to, double lo, double hi)
{
	return from + (ts_t)(uniform(a, lo, hi) * (double)(to - from));
}

static void plan_removal(struct model *m, struct agent *a, ts_t in, ts_t out)
{
	const struct profile *p = m->p;
	ts_t order = between(a, in, out, 0.3, 0.6), span = out - order;
	plan(a, order, ACT_ORDER, 0);
	plan(a, order + span / 10, ACT_TRAVEL, TRAVEL_REQUESTED);
	if (rng_chance(&a->rng, p->noncooperation)) {
		plan(a, order + span / 5, ACT_NONCOOP, NONCOOP_START);
		plan(a, order + span * 7 / 20, ACT_NONCOOP, NONCOOP_END);
	}
	if (rng_chance(&a->rng, p->stay_of_removal)) {
		plan(a, order + span * 2 / 5, ACT_STAY, STAY_GRANTED);
		plan(a, order + span * 11 / 20, ACT_STAY, STAY_LIFTED);
	}
	plan(a, order + span * 4 / 5, ACT_TRAVEL, TRAVEL_ISSUED);
	ts_t final = ts_floor_day(order);
	if (out - final > 90 * DAY + 2 * HOUR)
		plan(a, final + 85 * DAY, ACT_REVIEW, REVIEW_90_DAY * 4 + DECISION_CONTINUE * 2 + 1);
	if (out - final > 180 * DAY + 2 * HOUR)
		plan(a, final + 175 * DAY, ACT_REVIEW, REVIEW_180_DAY * 4 + DECISION_CONTINUE * 2 + 1);
}

/* A country that will not take its national back: reviews, then release. */
static void plan_refusal(struct agent *a, ts_t order)
{
	ts_t final = ts_floor_day(order);
	plan(a, order, ACT_ORDER, 0);
	plan(a, order + 3 * DAY, ACT_TRAVEL, TRAVEL_REQUESTED);
	plan(a, order + (ts_t)(uniform(a, 30, 80) * DAY), ACT_TRAVEL, TRAVEL_REFUSED);
	plan(a, final + 85 * DAY, ACT_REVIEW, REVIEW_90_DAY * 4 + DECISION_CONTINUE * 2 + 0);
	plan(a, final + 176 * DAY, ACT_REVIEW, REVIEW_180_DAY * 4 + DECISION_RELEASE * 2 + 0);
}

static void plan_detention(struct model *m, struct agent *a, ts_t arrest, ts_t in, ts_t out, ts_t order)
{
	const struct profile *p = m->p;
	ts_t stay = out - in;
	assert(arrest < in && in < out);
	plan(a, arrest, ACT_ARREST, 0);
	plan(a, in, ACT_BOOK_IN, 0);
	ts_t classify = hours(a, 1, 10);
	plan(a, in + (classify < stay / 3 ? classify : stay / 3), ACT_CLASSIFY, 0);
	if (!a->child && stay > 2 * DAY && m->n_choices[a->aor][a->sex == SEX_F] > 1 && rng_chance(&a->rng, p->transfer))
		plan(a, between(a, in, out, 0.2, 0.5), ACT_TRANSFER, 0);
	if (a->reason == OUT_REMOVED)
		plan_removal(m, a, in, out);
	else if (a->reason == OUT_NO_REMOVAL_FORESEEABLE)
		plan_refusal(a, order);
	else if (a->reason == OUT_BONDED_OUT) {
		ts_t set = out - (ts_t)(uniform(a, 2, 6) * DAY);
		if (set < in + stay / 3)
			set = in + stay / 3;
		plan(a, set, ACT_BOND_SET, 1500 + 500 * (int)rng_below(&a->rng, 48));
		plan(a, out - (out - set) / 5, ACT_BOND_POSTED, 0);
	}
	plan(a, out, ACT_BOOK_OUT, 0);
	if (supervised_release(a->reason) && rng_chance(&a->rng, p->enrol_on_release)) {
		ts_t at = out + hours(a, 1, 6);
		supervise(m, a, at, program_end(a, p, at), at);
	}
}

/* --- people --------------------------------------------------------------- */

static struct agent *new_agent(struct model *m, ts_t around)
{
	struct agent *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->serial = ++m->serial;
	rng_seed(&a->rng, m->o->seed, a->serial);
	snprintf(a->person, sizeof a->person, "A%09llu", 100000000ull + (unsigned long long)a->serial);
	a->sex = rng_chance(&a->rng, 0.12) ? SEX_F : SEX_M;
	a->country = (int)rng_pick(&a->rng, m->p->citizenship, (size_t)vocab_country.count);
	a->aor = (int)rng_pick(&a->rng, m->aor_weight, (size_t)vocab_aor.count);
	a->birth = ts_floor_day(around - (ts_t)(uniform(a, 18, 60) * 365.25 * DAY));
	a->threat = THREAT_NULL;
	a->mandatory = MAND_NONE;
	a->abscond_at = TS_NONE;
	a->last_hearing = TS_NONE;
	a->facility = (int)pick_facility(m, a, -1);
	return a;
}

static bool refuses(const struct profile *p, int country)
{
	for (size_t i = 0; i < p->n_refusing; i++)
		if (p->refusing[i] == country)
			return true;
	return false;
}

static bool border_forbids(int reason)
{
	return reason == OUT_RECOGNIZANCE || reason == OUT_SUPERVISION || reason == OUT_PAROLED ||
	       reason == OUT_CAPACITY;
}

/* Who the person is and how their stay will end. */
static void classify_person(struct model *m, struct agent *a)
{
	const struct profile *p = m->p;
	a->crim = (int)rng_pick(&a->rng, p->criminality[a->agency], 3);
	a->reason = (int)rng_pick(&a->rng, p->release, OUT_REASON_COUNT);
	if (a->reason == OUT_REMOVED && refuses(p, a->country) && rng_chance(&a->rng, p->refusal))
		a->reason = OUT_NO_REMOVAL_FORESEEABLE;
	a->border = a->agency == AGENCY_CBP && !border_forbids(a->reason) && rng_chance(&a->rng, p->border);
	if (!release_is_discretionary(a->reason) && rng_chance(&a->rng, m->mandatory_share))
		a->mandatory = a->agency == AGENCY_CBP || a->crim == CRIM_NONE ? MAND_235B
			       : a->crim == CRIM_CONVICTED && rng_chance(&a->rng, 0.8) ? MAND_236C
										  : MAND_LAKEN_RILEY;
	double share = a->crim == CRIM_CONVICTED ? p->threat_convicted : a->crim == CRIM_PENDING ? p->threat_pending : 0;
	if (rng_chance(&a->rng, share))
		a->threat = 1 + (int)rng_pick(&a->rng, p->threat_levels, 3);
}

/* A child: held briefly, then transferred to HHS within 72 hours. */
static int add_child(struct model *m, struct agent *a, ts_t arrest)
{
	a->child = true;
	a->crim = CRIM_NONE;
	a->border = 1;
	a->reason = OUT_TRANSFERRED_HHS;
	a->birth = ts_floor_day(arrest - (ts_t)(uniform(a, 10, 17.5) * 365.25 * DAY));
	ts_t in = arrest + hours(a, 1, 4);
	plan_detention(m, a, arrest, in, in + hours(a, 6, 60), TS_NONE);
	return heap_push(m, a);
}

/* The mean stay of a person whose stays average `mean`: a share of stays
 * is short (short_length of the mean), the others long enough that the
 * mean holds. Among the people held at an instant the long stays weigh by
 * their length: standing says which of the two to draw for. */
static double stay_mean(struct agent *a, const struct profile *p, double mean, bool standing)
{
	double share = p->short_share, len = p->short_length;
	if (share <= 0)
		return mean;
	double long_len = (1 - share * len) / (1 - share);
	double p_short = standing ? share * len : share;
	return mean * (rng_chance(&a->rng, p_short) ? len : long_len);
}

/* A person arrested at `arrest` (a new arrival), or, with arrest TS_NONE,
 * one already detained on the first day. */
static int add_detainee(struct model *m, int agency, ts_t arrest)
{
	const struct profile *p = m->p;
	ts_t around = arrest == TS_NONE ? m->o->from : arrest;
	struct agent *a = new_agent(m, around);
	if (!a)
		return error_set(m->err, ERR_NOMEM, "out of memory");
	a->agency = agency;
	if (arrest != TS_NONE && agency == AGENCY_CBP && rng_chance(&a->rng, p->children))
		return add_child(m, a, arrest);
	classify_person(m, a);
	double mean = stay_mean(a, p, p->alos[agency][a->crim] * DAY, arrest == TS_NONE);
	ts_t in, out, order = TS_NONE;
	if (a->reason == OUT_NO_REMOVAL_FORESEEABLE) {
		ts_t to_order = (ts_t)(uniform(a, 2, 20) * DAY), stay = to_order + (ts_t)(uniform(a, 186, 260) * DAY);
		in = arrest != TS_NONE ? arrest + hours(a, 1, 8) : m->o->from - (ts_t)(uniform(a, 0, 1) * (double)stay);
		order = in + to_order;
		out = in + stay;
	} else if (arrest != TS_NONE) {
		double years = (double)(arrest - m->o->from) / (365.0 * DAY);
		mean *= p->alos_by_month[month_of(arrest)];
		in = arrest + hours(a, 1, 8);
		out = in + 6 * HOUR + (ts_t)rng_exponential(&a->rng, mean * (1 + p->alos_trend * years));
	} else {
		double elapsed = rng_exponential(&a->rng, mean * p->standing_elapsed);
		in = m->o->from - (ts_t)(elapsed < 5 * 365.0 * DAY ? elapsed : 5 * 365.0 * DAY) - HOUR;
		out = m->o->from + 6 * HOUR + (ts_t)rng_exponential(&a->rng, mean);
	}
	plan_detention(m, a, arrest != TS_NONE ? arrest : in - hours(a, 1, 8), in, out, order);
	return heap_push(m, a);
}

/* A person supervised without detention: arrested at `arrest`, or (arrest
 * TS_NONE) already enrolled on the first day. */
static int add_supervised(struct model *m, ts_t arrest)
{
	const struct profile *p = m->p;
	ts_t from = m->o->from;
	struct agent *a = new_agent(m, arrest == TS_NONE ? from : arrest);
	if (!a)
		return error_set(m->err, ERR_NOMEM, "out of memory");
	a->agency = rng_chance(&a->rng, 0.5) ? AGENCY_CBP : AGENCY_ICE;
	a->crim = CRIM_NONE;
	if (arrest != TS_NONE) {
		ts_t at = arrest + hours(a, 2, 48);
		plan(a, arrest, ACT_ARREST, 0);
		supervise(m, a, at, program_end(a, p, at), at);
	} else {
		double age = rng_exponential(&a->rng, p->alip_days);
		ts_t at = from - (ts_t)((age < 10 * 365 ? age : 10 * 365) * DAY) - HOUR;
		plan(a, at - (ts_t)(uniform(a, 1, 10) * DAY), ACT_ARREST, 0);
		supervise(m, a, at, program_end(a, p, from), from - 28 * DAY);
	}
	return heap_push(m, a);
}

/* --- the run --------------------------------------------------------------- */

static int act(struct model *m, struct agent *a, const struct action *x)
{
	switch (x->kind) {
	case ACT_ARREST:
		return do_arrest(m, a, x->at);
	case ACT_BOOK_IN:
	case ACT_TRANSFER:
		return do_book_in(m, a, x->at, x->kind);
	case ACT_CLASSIFY:
		return do_classify(m, a, x->at);
	case ACT_BOOK_OUT:
		return do_book_out(m, a, x->at);
	case ACT_PERIOD:
		period(m, a, x);
		return 0;
	case ACT_HEARING:
	case ACT_HEARING_RESULT:
		return hearing(m, a, x);
	case ACT_ENROLL:
	case ACT_CHECKIN:
	case ACT_ALERT:
	case ACT_CHANGE:
	case ACT_SCHEDULE:
	case ACT_DEPART:
	case ACT_END:
		return do_supervision(m, a, x);
	default:
		return do_case(m, a, x);
	}
}

/* Carry out every planned step before `until`, in time order. */
static int drain(struct model *m, ts_t until)
{
	while (m->n > 0 && m->heap[0]->q[m->heap[0]->nq - 1].at < until) {
		struct agent *a = heap_pop(m);
		struct action x = a->q[--a->nq];
		int rc = act(m, a, &x);
		if (rc == 0 && a->nq > 0)
			rc = heap_push(m, a);
		else
			free(a);
		if (rc)
			return rc;
	}
	return 0;
}

static int open_facilities(struct model *m)
{
	const struct profile *p = m->p;
	for (size_t i = 0; i < p->n_facilities; i++) {
		const struct sim_facility *f = &p->facilities[i];
		struct event ev;
		profile_facility_event(f, m->facilities_at, (int)((double)f->capacity * m->o->scale + 0.5), &ev);
		int rc = m->emit(m->ctx, &ev, m->err);
		if (rc)
			return rc;
	}
	return 0;
}

/* Facilities by AOR and sex with their capacities as weights; arrests by AOR
 * in proportion to its beds. Families' facilities take no adults here. */
static int index_facilities(struct model *m)
{
	const struct profile *p = m->p;
	const int family = vocab_find(&vocab_facility_kind, "FAMILY");
	for (int aor = 0; aor < vocab_aor.count; aor++)
		for (int sex = 0; sex < 2; sex++) {
			size_t n = 0;
			m->choices[aor][sex] = calloc(p->n_facilities, sizeof(size_t));
			m->weights[aor][sex] = calloc(p->n_facilities, sizeof(double));
			if (!m->choices[aor][sex] || !m->weights[aor][sex])
				return error_set(m->err, ERR_NOMEM, "out of memory");
			for (int national = 0; national < 2 && n == 0; national++)
				for (size_t i = 0; i < p->n_facilities; i++) {
					const struct sim_facility *f = &p->facilities[i];
					bool fits = f->sex == FSEX_ANY || f->sex == (sex ? FSEX_F : FSEX_M);
					if (fits && f->kind != family && (national || f->aor == aor) &&
					    f->capacity > 0) {
						m->choices[aor][sex][n] = i;
						m->weights[aor][sex][n++] = f->capacity;
						if (!national)
							m->aor_weight[aor] += f->capacity * (sex ? 0.1 : 1);
					}
				}
			if (n == 0)
				return error_set(m->err, ERR_INVALID, "the profile has no facility for %s",
						 sex ? "women" : "men");
			m->n_choices[aor][sex] = n;
		}
	return 0;
}

static void free_model(struct model *m)
{
	while (m->n > 0)
		free(m->heap[--m->n]);
	free(m->heap);
	for (int aor = 0; aor < 32; aor++)
		for (int sex = 0; sex < 2; sex++) {
			free(m->choices[aor][sex]);
			free(m->weights[aor][sex]);
		}
}

/* Arrivals of one day: book-ins by agency, direct enrolments. */
static int arrive(struct model *m, ts_t day)
{
	const struct profile *p = m->p;
	char date[DATE_TEXT_MAX];
	ts_format_date(day, date);
	int month = month_of(day), year = atoi(date);
	unsigned month_number = (unsigned)((month + 9) % 12 + 1);
	int64_t days = ts_days_from_civil(year + (month_number == 12), month_number % 12 + 1, 1) -
		       ts_days_from_civil(year, month_number, 1);
	double expected[3] = {p->book_ins[AGENCY_ICE][month] / (double)days,
			      p->book_ins[AGENCY_CBP][month] / (double)days, p->direct_per_day};
	for (int k = 0; k < 3; k++) {
		m->carry[k] += expected[k] * m->o->scale;
		int count = (int)m->carry[k];
		m->carry[k] -= count;
		for (int i = 0; i < count; i++) {
			ts_t at = day + (ts_t)rng_below(&m->rng, DAY - 12 * HOUR);
			int rc = k < 2 ? add_detainee(m, k, at) : add_supervised(m, at);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* The mean stay of the book-ins of an agency: its ALOS by criminality,
 * weighted by the criminality of its book-ins. */
static double agency_stay(const struct profile *p, int agency)
{
	double days = 0, shares = 0;
	for (int c = 0; c < 3; c++) {
		days += p->criminality[agency][c] * p->alos[agency][c];
		shares += p->criminality[agency][c];
	}
	return shares > 0 ? days / shares : 0;
}

/* The standing population: the people held on the first day, split
 * between the agencies as Little's law has it (each agency's share of the
 * population is its arrivals times its mean stay, with the first month's
 * arrivals), and the people supervised. */
static int standing(struct model *m)
{
	const struct profile *p = m->p;
	int first = month_of(m->o->from);
	double ice = p->book_ins[AGENCY_ICE][first] * agency_stay(p, AGENCY_ICE);
	double cbp = p->book_ins[AGENCY_CBP][first] * agency_stay(p, AGENCY_CBP);
	if (ice + cbp <= 0)
		ice = 1;
	long detained = lround(p->standing_detained * m->o->scale), supervised = lround(p->standing_atd * m->o->scale);
	int rc = 0;
	for (long i = 0; rc == 0 && i < detained; i++)
		rc = add_detainee(m, rng_uniform(&m->rng) * (ice + cbp) < ice ? AGENCY_ICE : AGENCY_CBP, TS_NONE);
	for (long i = 0; rc == 0 && i < supervised; i++)
		rc = add_supervised(m, TS_NONE);
	return rc;
}

static void count_supervised(struct model *m)
{
	for (size_t i = 0; m->t && i < m->n; i++) {
		const struct agent *a = m->heap[i];
		if (a->enrolled_at != 0 && a->enrolled_at < m->end && a->end_at >= m->end)
			m->t->atd_active[a->tech]++;
	}
}

int sim_run(const struct profile *p, const struct sim_options *o, sim_emit_fn emit, void *ctx,
	    struct sim_totals *totals, struct error *err)
{
	struct model m = {.p = p, .o = o, .emit = emit, .ctx = ctx, .err = err, .t = totals};
	if (totals)
		memset(totals, 0, sizeof *totals);
	assert(o->days > 0 && o->scale > 0);
	rng_seed(&m.rng, o->seed, 0);
	m.end = o->from + (ts_t)o->days * DAY;
	m.facilities_at = o->from - (ts_t)FACILITY_YEARS * 365 * DAY;
	double discretionary = 0, all = 0;
	for (int r = 0; r < OUT_REASON_COUNT; r++) {
		all += p->release[r];
		discretionary += release_is_discretionary(r) ? p->release[r] : 0;
	}
	m.mandatory_share = fmin(1, p->mandatory / fmax(1e-9, 1 - discretionary / all));
	int rc = index_facilities(&m);
	if (rc == 0)
		rc = open_facilities(&m);
	if (rc == 0)
		rc = standing(&m);
	for (int d = 0; rc == 0 && d < o->days; d++) {
		ts_t day = o->from + (ts_t)d * DAY;
		if ((rc = drain(&m, day)) == 0)
			rc = arrive(&m, day);
	}
	if (rc == 0 && (rc = drain(&m, m.end)) == 0)
		count_supervised(&m);
	free_model(&m);
	return rc;
}
