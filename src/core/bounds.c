/* bounds.c: the bounds of what a user may give (see bounds.h). */
#include "bounds.h"

int bound_time(ts_t t, int date, struct error *err)
{
	if (t >= BOUND_TIME_MIN && t <= BOUND_TIME_MAX)
		return 0;
	char text[TS_TEXT_MAX], lo[TS_TEXT_MAX], hi[TS_TEXT_MAX];
	if (date)
		return error_set(err, ERR_INVALID, "%s is outside the dates custody accepts, %s to %s",
				 ts_format_date(t, text), ts_format_date(BOUND_TIME_MIN, lo),
				 ts_format_date(BOUND_TIME_MAX, hi));
	return error_set(err, ERR_INVALID, "%s is outside the instants custody accepts, %s to %s", ts_format(t, text),
			 ts_format(BOUND_TIME_MIN, lo), ts_format(BOUND_TIME_MAX, hi));
}

int bound_parse_time(const char *text, ts_t *out, struct error *err)
{
	ts_t t;
	int rc = ts_parse(text, &t, err);
	if (rc == 0 && (rc = bound_time(t, 0, err)) == 0)
		*out = t;
	return rc;
}

int bound_parse_day(const char *text, int64_t *day, struct error *err)
{
	ts_t t;
	int rc = ts_parse_date(text, &t, err);
	if (rc == 0 && (rc = bound_time(t, 1, err)) == 0)
		*day = t / TS_DAY;
	return rc;
}

int bound_birth_date(ts_t born, ts_t latest, const char *latest_text, struct error *err)
{
	char text[TS_TEXT_MAX], bound[TS_TEXT_MAX];
	if (born < BOUND_BIRTH_MIN)
		return error_set(err, ERR_INVALID, "%s is before %s", ts_format_date(born, text),
				 ts_format_date(BOUND_BIRTH_MIN, bound));
	if (born > latest)
		return error_set(err, ERR_INVALID, "%s is after %s", ts_format_date(born, text), latest_text);
	return 0;
}
