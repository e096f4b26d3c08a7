/* synth: write a deterministic stream of valid events for benchmarks and
 * crash tests: `synth EVENTS [SEED]` prints about EVENTS NDJSON lines.
 *
 * Twenty facilities open first; then each person is arrested, booked in,
 * classified, perhaps transferred, and either booked out onto supervision
 * with weekly check-ins, removed, or left in custody. A person's events are
 * in time order; people follow one another. (The national flow model is
 * `custody generate`; this is the small, fixed workload the ingest
 * benchmark and the crash test need.) */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FACILITIES 20
#define DAY 86400
#define BASE 1704067200 /* 2024-01-01T00:00:00Z */

static const char *const aors[] = {"ATL", "CHI", "DAL", "HOU", "LOS", "MIA", "NYC", "PHO", "SEA", "SNA"};

static uint64_t state = 88172645463325252ull;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static unsigned roll(unsigned n)
{
	return (unsigned)(next() % n);
}

static void stamp(int64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static uint64_t emitted;

static void event(const char *id_prefix, uint64_t person, int n, const char *type, int64_t at, const char *rest)
{
	char ts[24];
	stamp(at, ts);
	printf("{\"id\":\"%s%" PRIu64 "-%d\",\"type\":\"%s\",\"at\":\"%s\",\"person\":\"A%09" PRIu64 "\"%s}\n",
	       id_prefix, person, n, type, ts, 100000000 + person, rest);
	emitted++;
}

static void person(uint64_t p)
{
	char rest[160];
	int n = 0;
	int64_t t = BASE + (int64_t)(p % 300) * DAY + roll(DAY);
	const char *aor = aors[roll(10)];
	snprintf(rest, sizeof rest, ",\"aor\":\"%s\",\"agency\":\"%s\",\"criminality\":\"%s\"", aor,
		 roll(3) ? "ICE" : "CBP", roll(2) ? "none" : "pending");
	event("s", p, n++, "arrest", t, rest);
	t += 3600 + roll(7200);
	snprintf(rest, sizeof rest, ",\"facility\":\"F%02u\"", roll(FACILITIES));
	event("s", p, n++, "book_in", t, rest);
	event("s", p, n++, "classify", t + 3600, ",\"mandatory\":\"none\"");
	t += DAY * (1 + roll(40));
	if (roll(4) == 0) {
		snprintf(rest, sizeof rest, ",\"facility\":\"F%02u\"", 20 + roll(1)); /* F20 is never a first facility */
		event("s", p, n++, "transfer", t, rest);
		t += DAY * (1 + roll(20));
	}
	unsigned fate = roll(10);
	if (fate < 4) {
		event("s", p, n++, "book_out", t, ",\"reason\":\"removed\",\"country\":\"MX\"");
	} else if (fate < 9) {
		event("s", p, n++, "book_out", t, ",\"reason\":\"bonded_out\"");
		event("s", p, n++, "atd_enroll", t + 3600, ",\"technology\":\"app\",\"checkin_days\":7");
		for (int week = 0; week < 8 + (int)roll(8); week++)
			event("s", p, n++, "atd_checkin", t + 7200 + (int64_t)week * 7 * DAY + roll(DAY),
			      roll(20) ? ",\"result\":\"ok\"" : ",\"result\":\"failed_verification\"");
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: synth EVENTS [SEED]\n");
		return 2;
	}
	uint64_t target = strtoull(argv[1], NULL, 10);
	if (argc > 2)
		state ^= strtoull(argv[2], NULL, 10) * 0x9E3779B97F4A7C15ull;
	char ts[24];
	stamp(BASE - 30 * DAY, ts);
	for (int f = 0; f <= FACILITIES; f++)
		printf("{\"id\":\"fac-%02d\",\"type\":\"facility_open\",\"at\":\"%s\",\"facility\":\"F%02d\","
		       "\"name\":\"Facility %02d\",\"aor\":\"%s\",\"kind\":\"IGSA\",\"capacity\":%d}\n",
		       f, ts, f, f, aors[f % 10], 500 + f * 50);
	for (uint64_t p = 1; emitted < target; p++)
		person(p);
	return 0;
}
