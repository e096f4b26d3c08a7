/* bench_stats: the statistics snapshot against SQL on the same ledger, for
 * bench/run.
 *
 *   bench_stats LEDGER FROM TO
 *
 * Loads the snapshot (timed, with its size), then times the national daily
 * series and the per-facility daily series over the days FROM..TO (UTC),
 * custody's median of 5 runs against SQLite's median of 3 answering the
 * same question in SQL over the projections of the same file: the midnight
 * population from running sums of book-ins and book-outs by day, and the
 * day's arrests, book-ins, book-outs and removals. Prints one line per
 * question: name, rows, custody ms, SQLite ms, and the snapshot's load
 * seconds, MiB and bytes per stint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "calendar.h"
#include "ledger.h"
#include "series.h"
#include "snapshot.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, compare_double);
	return v[n / 2];
}

/* The day's figures in SQL: population as a running sum of the stays (or
 * stints, by facility) begun minus ended by day, then the day's movements. */
static const char *const national_sql =
	"WITH deltas AS (SELECT in_at / 86400 AS day, 1 AS d FROM stays"
	" UNION ALL SELECT out_at / 86400, -1 FROM stays WHERE out_at IS NOT NULL),"
	" pop AS (SELECT day, sum(sum(d)) OVER (ORDER BY day) AS population FROM deltas GROUP BY day),"
	" ins AS (SELECT in_at / 86400 AS day, count(*) AS n FROM stays GROUP BY 1),"
	" outs AS (SELECT out_at / 86400 AS day, count(*) AS n, count(*) FILTER (WHERE out_reason = 'removed') AS removed"
	" FROM stays WHERE out_at IS NOT NULL GROUP BY 1),"
	" arrests AS (SELECT at / 86400 AS day, count(*) AS n FROM marks WHERE kind = 'arrest' GROUP BY 1)"
	" SELECT pop.day, pop.population, ins.n, outs.n, outs.removed, arrests.n FROM pop"
	" LEFT JOIN ins USING (day) LEFT JOIN outs USING (day) LEFT JOIN arrests USING (day)"
	" WHERE pop.day BETWEEN ?1 AND ?2 ORDER BY pop.day";

static const char *const facility_sql =
	"WITH deltas AS (SELECT facility, in_at / 86400 AS day, 1 AS d FROM stints"
	" UNION ALL SELECT facility, out_at / 86400, -1 FROM stints WHERE out_at IS NOT NULL),"
	" pop AS (SELECT facility, day, sum(sum(d)) OVER (PARTITION BY facility ORDER BY day) AS population"
	" FROM deltas GROUP BY facility, day),"
	" ins AS (SELECT facility, in_at / 86400 AS day, count(*) AS n FROM stays GROUP BY 1, 2)"
	" SELECT pop.facility, pop.day, pop.population, ins.n FROM pop LEFT JOIN ins USING (facility, day)"
	" WHERE pop.day BETWEEN ?1 AND ?2 ORDER BY pop.facility, pop.day";

static long sql_rows(sqlite3 *db, const char *sql, int64_t first, int64_t last, double *ms)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_stats: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	double t0 = now_ms();
	long rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		rows++;
	*ms = now_ms() - t0;
	sqlite3_finalize(st);
	return rows;
}

static double custody_ms(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
			 long *rows)
{
	double t[5];
	for (int i = 0; i < 5; i++) {
		struct stats_series x;
		struct error err;
		double t0 = now_ms();
		if (stats_daily(s, c, by, &x, &err)) {
			fprintf(stderr, "bench_stats: %s\n", err.msg);
			exit(1);
		}
		t[i] = now_ms() - t0;
		*rows = (long)(x.n_groups * x.n_days);
		stats_series_free(&x);
	}
	return median(t, 5);
}

static double sqlite_ms(const char *path, const char *sql, int64_t first, int64_t last, long *rows)
{
	if (getenv("BENCH_CUSTODY_ONLY"))
		return *rows = 0, 0;
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_stats: %s: %s\n", path, sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_exec(db, "PRAGMA cache_size = -524288", NULL, NULL, NULL);
	double t[3];
	for (int i = 0; i < 3; i++)
		*rows = sql_rows(db, sql, first, last, &t[i]);
	sqlite3_close(db);
	return median(t, 3);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_stats LEDGER FROM TO\n");
		return 2;
	}
	struct error err;
	int64_t first, last;
	struct ledger *l;
	struct stats_snapshot s;
	struct stats_calendar c;
	if (stats_parse_day(argv[2], &first, &err) || stats_parse_day(argv[3], &last, &err) ||
	    stats_calendar_init(&c, NULL, first, last, &err) ||
	    ledger_open(argv[1], STORE_OPEN, TS_FOREVER - 1, &l, &err)) {
		fprintf(stderr, "bench_stats: %s\n", err.msg);
		return 1;
	}
	double t0 = now_ms();
	if (stats_snapshot_init(&s, ledger_facilities(l), &err) ||
	    store_histories(ledger_store(l), stats_snapshot_add_fn, &s, &err)) {
		fprintf(stderr, "bench_stats: %s\n", err.msg);
		return 1;
	}
	stats_snapshot_settle(&s);
	double load_s = (now_ms() - t0) / 1e3;
	ledger_close(l);
	double bytes = (double)stats_snapshot_bytes(&s);
	printf("snapshot %zu stays %zu stints %.2f s %.1f MiB %.1f bytes/stint\n", s.stays.n, s.n_stints, load_s,
	       bytes / (1 << 20), bytes / (double)s.n_stints);
	long rows_c, rows_q;
	double c_ms = custody_ms(&s, &c, STATS_BY_NONE, &rows_c);
	double q_ms = sqlite_ms(argv[1], national_sql, first, last, &rows_q);
	printf("national %ld %ld %.2f %.1f\n", rows_c, rows_q, c_ms, q_ms);
	c_ms = custody_ms(&s, &c, STATS_BY_FACILITY, &rows_c);
	q_ms = sqlite_ms(argv[1], facility_sql, first, last, &rows_q);
	printf("facility %ld %ld %.2f %.1f\n", rows_c, rows_q, c_ms, q_ms);
	stats_snapshot_free(&s);
	stats_calendar_free(&c);
	return 0;
}
