/* synth: write a deterministic stream of valid events for benchmarks and
 * crash tests: `synth EVENTS [SEED]` prints about EVENTS NDJSON lines;
 * `synth --atd PEOPLE DAYS [SEED]` prints a supervision program.
 *
 * Twenty facilities open first; then each person is arrested, booked in,
 * classified, perhaps transferred, and either booked out onto supervision
 * with weekly check-ins, removed, or left in custody. A person's events are
 * in time order; people follow one another. (The national flow model is
 * `custody generate`; this is the small, fixed workload the ingest
 * benchmark and the crash test need.)
 *
 * The supervision program: PEOPLE people arrested and enrolled (app,
 * weekly check-ins) during the first week, then DAYS days of their weekly
 * check-ins, about 3% missed, every event of the program in time order, as
 * a live feed would bring them. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* One check-in of the program: person p's k-th, at t. */
struct checkin {
	int64_t t;
	uint32_t p, k;
};

static int by_time(const void *a, const void *b)
{
	const struct checkin *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t ? 1 : (x->p > y->p) - (x->p < y->p);
}

static int program(uint32_t people, int days)
{
	int weeks = days / 7;
	struct checkin *c = malloc((size_t)people * (size_t)weeks * sizeof *c);
	int64_t *enrolled = malloc(people * sizeof *enrolled);
	if (!c || !enrolled)
		return fprintf(stderr, "synth: out of memory\n"), 1;
	size_t n = 0;
	for (uint32_t p = 0; p < people; p++)
		enrolled[p] = BASE + (int64_t)p * (7 * DAY - 7200) / people;
	for (uint32_t p = 0; p < people; p++)
		for (int k = 0; k < weeks; k++)
			if (roll(33))
				c[n++] = (struct checkin){enrolled[p] + 7200 + (int64_t)k * 7 * DAY + roll(6 * DAY), p, (uint32_t)k};
	qsort(c, n, sizeof *c, by_time);
	for (uint32_t p = 0; p < people; p++) {
		char rest[80];
		snprintf(rest, sizeof rest, ",\"aor\":\"%s\",\"agency\":\"ICE\"", aors[p % 10]);
		event("p", p, 0, "arrest", enrolled[p] - 3600, rest);
		event("p", p, 1, "atd_enroll", enrolled[p], ",\"technology\":\"app\",\"checkin_days\":7");
	}
	for (size_t i = 0; i < n; i++)
		event("p", c[i].p, (int)c[i].k + 2, "atd_checkin", c[i].t, ",\"result\":\"ok\"");
	free(c);
	free(enrolled);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "--atd") == 0) {
		if (argc > 4)
			state ^= strtoull(argv[4], NULL, 10) * 0x9E3779B97F4A7C15ull;
		return program((uint32_t)strtoul(argv[2], NULL, 10), atoi(argv[3]));
	}
	if (argc < 2) {
		fprintf(stderr, "usage: synth EVENTS [SEED] | synth --atd PEOPLE DAYS [SEED]\n");
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
