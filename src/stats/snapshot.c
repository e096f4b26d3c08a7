/* snapshot.c: building the columnar snapshot (see snapshot.h). */
#include "snapshot.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

uint32_t stats_time(ts_t t)
{
	if (t == TS_FOREVER)
		return STATS_OPEN;
	return t < 0 ? 0 : t >= (ts_t)STATS_OPEN ? STATS_OPEN - 1 : (uint32_t)t;
}

uint32_t stats_instant(ts_t t)
{
	return t == TS_FOREVER ? STATS_OPEN - 1 : stats_time(t);
}

static void table_column(struct stats_table *t, void *column, size_t size)
{
	assert(t->n_columns < STATS_COLUMNS_MAX);
	t->columns[t->n_columns] = column;
	t->sizes[t->n_columns++] = size;
}

/* Resize every column of t to cap rows. */
static int table_resize(struct stats_table *t, size_t cap)
{
	for (int i = 0; i < t->n_columns; i++) {
		void *p = realloc(*t->columns[i], (cap ? cap : 1) * t->sizes[i]);
		if (!p)
			return ERR_NOMEM;
		*t->columns[i] = p;
	}
	t->cap = cap;
	return 0;
}

/* Make room for one more row; returns its index, or -1 out of memory. */
static ptrdiff_t table_row(struct stats_table *t, struct error *err)
{
	if (t->n == t->cap && table_resize(t, t->cap ? t->cap * 2 : 1024)) {
		error_set(err, ERR_NOMEM, "out of memory building the statistics snapshot");
		return -1;
	}
	return (ptrdiff_t)t->n++;
}

static void table_free(struct stats_table *t)
{
	for (int i = 0; i < t->n_columns; i++) {
		free(*t->columns[i]);
		*t->columns[i] = NULL;
	}
	t->n = t->cap = 0;
}

static size_t table_bytes(const struct stats_table *t)
{
	size_t row = 0;
	for (int i = 0; i < t->n_columns; i++)
		row += t->sizes[i];
	return row * t->cap;
}

#define COLUMN(table, array) table_column(&(table), &(array), sizeof *(array))

static void describe_tables(struct stats_snapshot *s)
{
	COLUMN(s->stays, s->stay_in);
	COLUMN(s->stays, s->stay_out);
	COLUMN(s->stays, s->stay_person);
	COLUMN(s->stays, s->stay_fac_in);
	COLUMN(s->stays, s->stay_fac_out);
	COLUMN(s->stays, s->stay_agency);
	COLUMN(s->stays, s->stay_reason);
	COLUMN(s->stays, s->stay_class_in);
	COLUMN(s->stays, s->stay_class_out);
	COLUMN(s->segments, s->seg_in);
	COLUMN(s->segments, s->seg_out);
	COLUMN(s->segments, s->seg_stay);
	COLUMN(s->segments, s->seg_fac);
	COLUMN(s->segments, s->seg_class);
	COLUMN(s->arrests, s->arrest_at);
	COLUMN(s->arrests, s->arrest_person);
	COLUMN(s->arrests, s->arrest_aor);
	COLUMN(s->arrests, s->arrest_agency);
	COLUMN(s->arrests, s->arrest_class);
	COLUMN(s->departures, s->dep_at);
	COLUMN(s->departures, s->dep_person);
	COLUMN(s->departures, s->dep_aor);
	COLUMN(s->departures, s->dep_agency);
	COLUMN(s->departures, s->dep_class);
	COLUMN(s->enrolments, s->enr_start);
	COLUMN(s->enrolments, s->enr_end);
	COLUMN(s->enrolments, s->enr_since);
	COLUMN(s->enrolments, s->enr_person);
	COLUMN(s->enrolments, s->enr_tech);
	COLUMN(s->enrolments, s->enr_area);
	COLUMN(s->enrolments, s->enr_reason);
	COLUMN(s->hearings, s->hearing_at);
	COLUMN(s->hearings, s->hearing_attended);
}

int stats_snapshot_init(struct stats_snapshot *s, const struct facility_registry *reg, struct error *err)
{
	memset(s, 0, sizeof *s);
	describe_tables(s);
	if (reg->n >= UINT16_MAX)
		return error_set(err, ERR_INVALID, "%zu facilities: the statistics snapshot takes at most %u",
				 reg->n, UINT16_MAX - 1);
	s->n_facilities = reg->n;
	s->facility_code = calloc(reg->n + 1, sizeof *s->facility_code);
	s->facility_aor = calloc(reg->n + 1, sizeof *s->facility_aor);
	s->facility_capacity = calloc(reg->n + 1, sizeof *s->facility_capacity);
	if (!s->facility_code || !s->facility_aor || !s->facility_capacity)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < reg->n; i++) {
		struct facility_state st;
		facility_state_at(&reg->items[i], TS_FOREVER, &st);
		strcpy(s->facility_code[i], reg->items[i].code);
		s->facility_aor[i] = (int8_t)(st.details ? st.details->aor : UNSET);
		s->facility_capacity[i] = st.details ? st.capacity : 0;
	}
	return 0;
}

void stats_snapshot_free(struct stats_snapshot *s)
{
	free(s->facility_code);
	free(s->facility_aor);
	free(s->facility_capacity);
	struct stats_table *tables[] = {&s->stays, &s->segments, &s->arrests, &s->departures, &s->enrolments,
					&s->hearings};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		table_free(tables[i]);
	memset(s, 0, sizeof *s);
}

void stats_snapshot_settle(struct stats_snapshot *s)
{
	struct stats_table *tables[] = {&s->stays, &s->segments, &s->arrests, &s->departures, &s->enrolments,
					&s->hearings};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		(void)table_resize(tables[i], tables[i]->n); /* shrinking; on failure the columns stay as they are */
}

size_t stats_snapshot_bytes(const struct stats_snapshot *s)
{
	const struct stats_table *tables[] = {&s->stays, &s->segments, &s->arrests, &s->departures,
					      &s->enrolments, &s->hearings};
	size_t bytes = s->n_facilities * (sizeof *s->facility_code + sizeof *s->facility_aor +
					  sizeof *s->facility_capacity);
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		bytes += table_bytes(tables[i]);
	return bytes;
}

static int compare_code(const void *key, const void *item)
{
	return strcmp(key, item);
}

static int facility_index(const struct stats_snapshot *s, const char *code, const char *person, struct error *err)
{
	const char(*hit)[FACILITY_CODE_MAX + 1] =
		bsearch(code, s->facility_code, s->n_facilities, sizeof *s->facility_code, compare_code);
	if (!hit)
		return error_set(err, ERR_INVALID, "person %s: facility %s is not in the ledger", person, code);
	return (int)(hit - s->facility_code);
}

static uint8_t small(int value)
{
	return value == UNSET ? STATS_NONE : (uint8_t)value;
}

static uint8_t class_byte(int criminality, int threat_level, int mandatory)
{
	int crim = criminality == UNSET ? STATS_CRIM_UNKNOWN : criminality;
	int threat = threat_level >= 1 && threat_level <= 3 ? threat_level : 0;
	return (uint8_t)(crim | threat << 2 | (mandatory + 1) << 4);
}

static uint8_t mark_class(const struct tl_mark *m)
{
	return class_byte(m->criminality, m->threat_level, m->mandatory);
}

/* The class of a stay's end: its recorded criminality, with the threat
 * level and mandatory basis of c. */
static uint8_t with_criminality(uint8_t c, int criminality)
{
	return class_byte(criminality, stats_class_threat(c), stats_class_mandatory(c));
}

static int compare_ord(const void *a, const void *b)
{
	const struct tl_mark *x = *(const struct tl_mark *const *)a, *y = *(const struct tl_mark *const *)b;
	return (x->ord > y->ord) - (x->ord < y->ord);
}

/* One person's marks in timeline order. */
struct person {
	const struct tl_history *h;
	uint32_t id;
	const struct tl_mark **marks; /* by ord */
	size_t base_stay;             /* the snapshot index of h->stays[0] */
};

/* The classification in force at t: that left by the last mark at or
 * before t. */
static uint8_t class_at(const struct person *p, ts_t t)
{
	uint8_t c = class_byte(UNSET, UNSET, UNSET);
	for (size_t i = 0; i < p->h->n_marks && p->marks[i]->at <= t; i++)
		c = mark_class(p->marks[i]);
	return c;
}

static int add_marks(struct stats_snapshot *s, const struct person *p, struct error *err)
{
	const struct tl_mark *arrest = NULL;
	for (size_t i = 0; i < p->h->n_marks; i++) {
		const struct tl_mark *m = p->marks[i];
		uint8_t c = mark_class(m);
		ptrdiff_t r;
		switch (m->kind) {
		case MARK_ARREST:
			arrest = m;
			if ((r = table_row(&s->arrests, err)) < 0)
				return ERR_NOMEM;
			s->arrest_at[r] = stats_time(m->at);
			s->arrest_person[r] = p->id;
			s->arrest_aor[r] = small(m->aor);
			s->arrest_agency[r] = small(m->agency);
			s->arrest_class[r] = c;
			break;
		case MARK_DEPARTURE:
			if ((r = table_row(&s->departures, err)) < 0)
				return ERR_NOMEM;
			s->dep_at[r] = stats_time(m->at);
			s->dep_person[r] = p->id;
			s->dep_aor[r] = small(arrest ? arrest->aor : UNSET);
			s->dep_agency[r] = small(arrest ? arrest->agency : UNSET);
			s->dep_class[r] = c;
			break;
		case MARK_HEARING:
			if (!m->supervised)
				break;
			if ((r = table_row(&s->hearings, err)) < 0)
				return ERR_NOMEM;
			s->hearing_at[r] = stats_time(m->at);
			s->hearing_attended[r] = m->outcome == HEARING_ATTENDED;
			break;
		default:
			break;
		}
	}
	return 0;
}

static int add_segment(struct stats_snapshot *s, ts_t in, ts_t out, size_t stay, int fac, uint8_t c,
		       struct error *err)
{
	ptrdiff_t r = table_row(&s->segments, err);
	if (r < 0)
		return ERR_NOMEM;
	s->seg_in[r] = stats_time(in);
	s->seg_out[r] = stats_time(out);
	s->seg_stay[r] = (uint32_t)stay;
	s->seg_fac[r] = (uint16_t)fac;
	s->seg_class[r] = c;
	return 0;
}

/* The index in h->stays of the stay with this key, or -1. */
static ptrdiff_t stay_of(const struct tl_history *h, const char *key)
{
	for (size_t i = 0; i < h->n_stays; i++)
		if (strcmp(h->stays[i].key, key) == 0)
			return (ptrdiff_t)i;
	return -1;
}

/* Split a stint into segments at each change of classification in it,
 * and note it as its stay's latest facility so far. */
static int add_stint(struct stats_snapshot *s, const struct person *p, const struct tl_stint *st,
		     ts_t *stay_last_in, struct error *err)
{
	ptrdiff_t i = stay_of(p->h, st->stay_key);
	if (i < 0)
		return error_set(err, ERR_INVALID, "person %s: stint %s belongs to no stay of theirs (%s)",
				 p->h->person, st->key, st->stay_key);
	int fac = facility_index(s, st->facility, p->h->person, err);
	if (fac < 0)
		return fac;
	size_t stay = p->base_stay + (size_t)i;
	if (st->in >= stay_last_in[i]) {
		stay_last_in[i] = st->in;
		s->stay_fac_out[stay] = (uint16_t)fac;
	}
	ts_t from = st->in;
	uint8_t c = class_at(p, from);
	for (size_t k = 0; k < p->h->n_marks; k++) {
		const struct tl_mark *m = p->marks[k];
		uint8_t next = mark_class(m);
		if (m->at <= from || m->at >= st->out || next == c)
			continue;
		int rc = add_segment(s, from, m->at, stay, fac, c, err);
		if (rc)
			return rc;
		from = m->at;
		c = class_at(p, from);
	}
	s->n_stints++;
	return add_segment(s, from, st->out, stay, fac, c, err);
}

static int add_stays(struct stats_snapshot *s, struct person *p, struct error *err)
{
	const struct tl_history *h = p->h;
	p->base_stay = s->stays.n;
	for (size_t i = 0; i < h->n_stays; i++) {
		const struct tl_stay *st = &h->stays[i];
		if (st->out != TS_FOREVER && (st->out_reason < 0 || st->out_reason >= OUT_REASON_COUNT))
			return error_set(err, ERR_INVALID, "person %s: stay %s ended without a release reason",
					 h->person, st->key);
		int fac = facility_index(s, st->facility, h->person, err);
		ptrdiff_t r = fac < 0 ? -1 : table_row(&s->stays, err);
		if (r < 0)
			return fac < 0 ? fac : ERR_NOMEM;
		s->stay_in[r] = stats_time(st->in);
		s->stay_out[r] = stats_time(st->out);
		s->stay_person[r] = p->id;
		s->stay_fac_in[r] = s->stay_fac_out[r] = (uint16_t)fac;
		s->stay_agency[r] = small(st->agency);
		s->stay_reason[r] = small(st->out_reason);
		s->stay_class_in[r] = with_criminality(class_at(p, st->in), st->criminality_in);
		s->stay_class_out[r] =
			st->out == TS_FOREVER ? STATS_NONE : with_criminality(class_at(p, st->out), st->criminality_out);
	}
	ts_t *last_in = malloc((h->n_stays + 1) * sizeof *last_in);
	if (!last_in)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < h->n_stays; i++)
		last_in[i] = TS_NONE;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < h->n_stints; i++)
		rc = add_stint(s, p, &h->stints[i], last_in, err);
	free(last_in);
	return rc;
}

static int add_enrolment_part(struct stats_snapshot *s, const struct person *p, const struct tl_enrolment *e,
			      ts_t from, ts_t to, int technology, struct error *err)
{
	ptrdiff_t r = table_row(&s->enrolments, err);
	if (r < 0)
		return ERR_NOMEM;
	s->enr_start[r] = stats_time(from);
	s->enr_end[r] = stats_time(to);
	s->enr_since[r] = stats_time(e->start);
	s->enr_person[r] = p->id;
	s->enr_tech[r] = small(technology);
	s->enr_area[r] = small(e->area);
	s->enr_reason[r] = to == e->end ? small(e->end_reason) : STATS_NONE;
	return 0;
}

/* An enrolment in parts, one per technology it had: its technology marks
 * (the atd_enroll's, each atd_change's) cut it. */
static int add_enrolment(struct stats_snapshot *s, const struct person *p, const struct tl_enrolment *e,
			 struct error *err)
{
	ts_t from = e->start;
	int technology = UNSET;
	for (size_t k = 0; k < p->h->n_marks; k++) {
		const struct tl_mark *m = p->marks[k];
		if (m->kind != MARK_TECHNOLOGY || m->at < e->start || m->at >= e->end)
			continue;
		if (m->at > from && technology != UNSET && technology != m->technology) {
			int rc = add_enrolment_part(s, p, e, from, m->at, technology, err);
			if (rc)
				return rc;
			from = m->at;
		}
		technology = m->technology;
	}
	return add_enrolment_part(s, p, e, from, e->end, technology == UNSET ? e->technology : technology, err);
}

static int add_enrolments(struct stats_snapshot *s, const struct person *p, struct error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < p->h->n_enrolments; i++)
		rc = add_enrolment(s, p, &p->h->enrolments[i], err);
	return rc;
}

/* The digits of a stored A-number ("A" + 9 digits). */
static int person_id(const char *person, uint32_t *id, struct error *err)
{
	uint32_t v = 0;
	if (person[0] != 'A' || strlen(person) != ANUMBER_LEN)
		return error_set(err, ERR_INVALID, "\"%s\" is not a stored A-number", person);
	for (const char *c = person + 1; *c; c++) {
		if (*c < '0' || *c > '9')
			return error_set(err, ERR_INVALID, "\"%s\" is not a stored A-number", person);
		v = v * 10 + (uint32_t)(*c - '0');
	}
	*id = v;
	return 0;
}

/* Whether v is UNSET or the index of one of n words. */
static bool in_vocab(int v, int n)
{
	return v == UNSET || (v >= 0 && v < n);
}

/* Every value of h the snapshot keeps as an index (a column's group, a
 * reason's count) is one of its vocabulary: ERR_INVALID otherwise, so
 * that no statistic can index outside its arrays whatever the store
 * held. */
static int check_values(const struct tl_history *h, struct error *err)
{
	bool ok = true;
	for (size_t i = 0; ok && i < h->n_marks; i++) {
		const struct tl_mark *m = &h->marks[i];
		ok = in_vocab(m->aor, VOCAB_AORS) && in_vocab(m->agency, vocab_agency.count) &&
		     in_vocab(m->technology, TECH_COUNT) && in_vocab(m->criminality, vocab_criminality.count) &&
		     in_vocab(m->mandatory, vocab_mandatory.count);
	}
	for (size_t i = 0; ok && i < h->n_stays; i++) {
		const struct tl_stay *st = &h->stays[i];
		ok = in_vocab(st->agency, vocab_agency.count) && in_vocab(st->out_reason, OUT_REASON_COUNT) &&
		     in_vocab(st->criminality_in, vocab_criminality.count) &&
		     in_vocab(st->criminality_out, vocab_criminality.count);
	}
	for (size_t i = 0; ok && i < h->n_enrolments; i++) {
		const struct tl_enrolment *e = &h->enrolments[i];
		ok = in_vocab(e->technology, TECH_COUNT) && in_vocab(e->area, VOCAB_AORS) &&
		     in_vocab(e->end_reason, vocab_atd_end_reason.count);
	}
	return ok ? 0 : error_set(err, ERR_INVALID, "person %s: a value of their history is out of range", h->person);
}

int stats_snapshot_add(struct stats_snapshot *s, const struct tl_history *h, struct error *err)
{
	struct person p = {.h = h};
	int rc = person_id(h->person, &p.id, err);
	if (rc == 0)
		rc = check_values(h, err);
	if (rc)
		return rc;
	if (s->n_people > 0 && p.id <= s->last_person)
		return error_set(err, ERR_INVALID, "person %s: people must be added in person order", h->person);
	s->last_person = p.id;
	p.marks = malloc((h->n_marks + 1) * sizeof *p.marks);
	if (!p.marks)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < h->n_marks; i++)
		p.marks[i] = &h->marks[i];
	qsort(p.marks, h->n_marks, sizeof *p.marks, compare_ord);
	if ((rc = add_marks(s, &p, err)) == 0 && (rc = add_stays(s, &p, err)) == 0)
		rc = add_enrolments(s, &p, err);
	free(p.marks);
	s->n_people++;
	return rc;
}

int stats_snapshot_add_fn(void *ctx, const struct tl_history *h, struct error *err)
{
	return stats_snapshot_add(ctx, h, err);
}
