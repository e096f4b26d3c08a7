#include "facility.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void facility_registry_init(struct facility_registry *reg)
{
	memset(reg, 0, sizeof *reg);
}

void facility_registry_free(struct facility_registry *reg)
{
	for (size_t i = 0; i < reg->n; i++) {
		for (size_t j = 0; j < reg->items[i].n; j++)
			event_free(&reg->items[i].records[j].ev);
		free(reg->items[i].records);
	}
	free(reg->items);
	facility_registry_init(reg);
}

/* Index of code in reg, or where it would be inserted (with *found false). */
static size_t locate(const struct facility_registry *reg, const char *code, bool *found)
{
	size_t lo = 0, hi = reg->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(reg->items[mid].code, code);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const struct facility *facility_find(const struct facility_registry *reg, const char *code)
{
	bool found;
	size_t i = locate(reg, code, &found);
	return found ? &reg->items[i] : NULL;
}

static void fold(struct facility_state *st, const struct event *ev)
{
	switch (ev->type) {
	case EV_FACILITY_OPEN:
		if (!st->open)
			st->since = ev->at;
		st->open = true;
		st->details = ev;
		st->capacity = ev->capacity;
		break;
	case EV_FACILITY_CAPACITY:
		st->capacity = ev->capacity;
		break;
	case EV_FACILITY_CLOSE:
		st->open = false;
		st->since = ev->at;
		break;
	default:
		assert(!"not a facility event");
	}
}

void facility_state_at(const struct facility *fac, ts_t t, struct facility_state *st)
{
	memset(st, 0, sizeof *st);
	st->since = TS_NONE;
	for (size_t i = 0; fac && i < fac->n && fac->records[i].ev.at <= t; i++)
		fold(st, &fac->records[i].ev);
}

bool facility_covers(const struct facility *fac, ts_t in, ts_t out)
{
	struct facility_state st;
	facility_state_at(fac, in, &st);
	if (!st.open)
		return false;
	for (size_t i = 0; i < fac->n; i++) {
		const struct event *ev = &fac->records[i].ev;
		if (ev->at > in && ev->at < out && ev->type == EV_FACILITY_CLOSE)
			return false;
	}
	return true;
}

/* Check that fac's records, in order, form a valid facility timeline. */
static int check_sequence(const struct facility *fac, struct error *err)
{
	struct facility_state st;
	memset(&st, 0, sizeof st);
	for (size_t i = 0; i < fac->n; i++) {
		const struct event *ev = &fac->records[i].ev;
		if (ev->type != EV_FACILITY_OPEN && !st.open) {
			char at[TS_TEXT_MAX];
			return error_set(err, ERR_REJECTED, "facility %s at %s: %s (%s) while the facility is not open",
					 fac->code, ts_format(ev->at, at), vocab_word(&vocab_event_type, ev->type),
					 ev->id);
		}
		fold(&st, ev);
	}
	return 0;
}

static bool before(const struct facility_record *a, ts_t at, int64_t seq)
{
	return a->ev.at < at || (a->ev.at == at && a->seq < seq);
}

static int grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 8;
	void *p = realloc(*items, n * size);
	if (!p)
		return ERR_NOMEM;
	*items = p;
	*cap = n;
	return 0;
}

int facility_add(struct facility_registry *reg, struct event *ev, int64_t seq, struct error *err)
{
	assert(event_is_facility(ev->type));
	bool found;
	size_t fi = locate(reg, ev->facility, &found);
	if (!found) {
		if (grow((void **)&reg->items, &reg->cap, reg->n + 1, sizeof *reg->items))
			return error_set(err, ERR_NOMEM, "out of memory");
		memmove(&reg->items[fi + 1], &reg->items[fi], (reg->n - fi) * sizeof *reg->items);
		memset(&reg->items[fi], 0, sizeof *reg->items);
		memcpy(reg->items[fi].code, ev->facility, sizeof reg->items[fi].code);
		reg->n++;
	}
	struct facility *fac = &reg->items[fi];
	if (grow((void **)&fac->records, &fac->cap, fac->n + 1, sizeof *fac->records))
		return error_set(err, ERR_NOMEM, "out of memory");
	size_t pos = fac->n;
	while (pos > 0 && !before(&fac->records[pos - 1], ev->at, seq))
		pos--;
	memmove(&fac->records[pos + 1], &fac->records[pos], (fac->n - pos) * sizeof *fac->records);
	fac->records[pos].ev = *ev;
	fac->records[pos].seq = seq;
	fac->n++;
	int rc = check_sequence(fac, err);
	if (rc == 0) {
		event_init(ev);
		return 0;
	}
	memmove(&fac->records[pos], &fac->records[pos + 1], (fac->n - pos - 1) * sizeof *fac->records);
	fac->n--;
	if (fac->n == 0) {
		free(fac->records);
		memmove(&reg->items[fi], &reg->items[fi + 1], (reg->n - fi - 1) * sizeof *reg->items);
		reg->n--;
	}
	return rc;
}

int facility_remove(struct facility_registry *reg, const char *code, int64_t seq,
		    struct event *out, struct error *err)
{
	bool found;
	size_t fi = locate(reg, code, &found);
	if (!found)
		return error_set(err, ERR_NOTFOUND, "facility %s is not in the registry", code);
	struct facility *fac = &reg->items[fi];
	size_t pos = 0;
	while (pos < fac->n && fac->records[pos].seq != seq)
		pos++;
	if (pos == fac->n)
		return error_set(err, ERR_NOTFOUND, "facility %s has no event with seq %lld", code,
				 (long long)seq);
	struct facility_record removed = fac->records[pos];
	memmove(&fac->records[pos], &fac->records[pos + 1], (fac->n - pos - 1) * sizeof *fac->records);
	fac->n--;
	int rc = check_sequence(fac, err);
	if (rc) {
		memmove(&fac->records[pos + 1], &fac->records[pos], (fac->n - pos) * sizeof *fac->records);
		fac->records[pos] = removed;
		fac->n++;
		return error_prefix(err, rc, "void of %s: ", removed.ev.id);
	}
	*out = removed.ev;
	if (fac->n == 0) {
		/* its only event is gone: the facility never existed */
		free(fac->records);
		memmove(&reg->items[fi], &reg->items[fi + 1], (reg->n - fi - 1) * sizeof *reg->items);
		reg->n--;
	}
	return 0;
}
