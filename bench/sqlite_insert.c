/* bench_sqlite_insert: the baseline for the ingest benchmark. Reads NDJSON
 * from standard input and inserts each line, with its id, into a bare
 * SQLite table (WAL, synchronous=FULL, one transaction, one prepared
 * statement): the least work that stores the same rows durably.
 * Usage: bench_sqlite_insert DB < events.ndjson; prints the row count. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench_sqlite_insert: %s: %s\n", what, sqlite3_errmsg(db));
	return 1;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	if (argc != 2 || sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "usage: bench_sqlite_insert DB < events.ndjson\n");
		return 2;
	}
	if (sqlite3_exec(db,
			 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE events(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL);"
			 "BEGIN",
			 NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "setup");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO events(seq, id, body) VALUES (?1, ?2, ?3)", -1, &st, NULL))
		return fail(db, "prepare");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long long seq = 0;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		const char *id = strstr(line, "\"id\":\"");
		if (!id)
			continue;
		id += 6;
		const char *end = strchr(id, '"');
		sqlite3_bind_int64(st, 1, ++seq);
		sqlite3_bind_text(st, 2, id, end ? (int)(end - id) : 0, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, line, (int)len - 1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return fail(db, "insert");
		sqlite3_reset(st);
	}
	free(line);
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	sqlite3_close(db);
	printf("%lld\n", seq);
	return 0;
}
