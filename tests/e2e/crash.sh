#!/usr/bin/env bash
# Crash safety: an ingest killed with SIGKILL at any point leaves a ledger
# that passes `custody check` and holds either none or all of the killed
# run's events; a later ingest of the same input then works.
#
# The input comes from the benchmark generator bench/synth (beside the
# binary): E2E_CRASH_EVENTS events (default 300000, or 60000 when the binary
# is built with AddressSanitizer), so that one ingest takes a few seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

SYNTH=$(dirname "$CUSTODY")/bench/synth
[ -x "$SYNTH" ] || fail "the generator $SYNTH is not built (ninja -C build synth)"
command -v sqlite3 >/dev/null || fail "the sqlite3 CLI is not installed (scripts/bootstrap installs it)"

sanitized()
{
	ldd "$CUSTODY" 2>/dev/null | grep -q 'libasan' ||
		nm -a "$CUSTODY" 2>/dev/null | grep -q '__asan_init'
}
if [ -n "${E2E_CRASH_EVENTS:-}" ]; then
	EVENTS=$E2E_CRASH_EVENTS
elif sanitized; then
	EVENTS=60000
else
	EVENTS=300000
fi

BG_PID=
e2e_on_exit()
{
	if [ -n "$BG_PID" ] && kill -0 "$BG_PID" 2>/dev/null; then
		kill -KILL "$BG_PID" 2>/dev/null || true
		wait "$BG_PID" 2>/dev/null || true
	fi
}

now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

size_of()
{
	stat -c %s "$1" 2>/dev/null || echo 0
}

# events_in DB: rows in the log, checking that seq runs 1..count.
events_in()
{
	local row
	row=$(sqlite3 -batch "$1" "SELECT count(*), coalesce(max(seq), 0), count(DISTINCT id) FROM events")
	IFS='|' read -r count max distinct <<<"$row"
	if [ "$count" != "$max" ] || [ "$count" != "$distinct" ]; then
		fail "$1: the log has $count rows but max(seq) $max and $distinct distinct ids"
	fi
	echo "$count"
}

say "input: $EVENTS synthetic events"
"$SYNTH" "$EVENTS" >big.ndjson
BIG=$(wc -l <big.ndjson)
[ "$BIG" -ge "$EVENTS" ] || fail "synth $EVENTS printed only $BIG lines"
ok "$BIG lines, $(($(size_of big.ndjson) / 1048576)) MiB"

say "base ledger: example.ndjson"
BASE=$E2E_WORK/base.db
expect_ok "$CUSTODY" --db "$BASE" init
expect_ok "$CUSTODY" --db "$BASE" ingest "$EXAMPLE"
FIRST=$(events_in "$BASE")
expect_eq "events in the base ledger" 58 "$FIRST"
[ ! -e "$BASE-wal" ] || [ "$(size_of "$BASE-wal")" -eq 0 ] || fail "the base ledger left a non-empty WAL after closing"
dump_tables "$BASE" base.tables
"$CUSTODY" --db "$BASE" occupancy --json --at 2024-06-01T00:00:00Z >base.occupancy
BASE_SIZE=$(size_of "$BASE")
ok "$FIRST events"

# fresh_copy DB: a copy of the base ledger.
fresh_copy()
{
	rm -f "$1" "$1-wal" "$1-shm"
	cp "$BASE" "$1"
}

say "reference: an uninterrupted ingest (its duration sets the kill times)"
REF=$E2E_WORK/ref.db
fresh_copy "$REF"
t0=$(now_ms)
expect_ok "$CUSTODY" --db "$REF" ingest --quiet big.ndjson
DURATION=$(($(now_ms) - t0))
expect_counts "$BIG" 0 0
ALL=$((FIRST + BIG))
expect_eq "events in the reference ledger" "$ALL" "$(events_in "$REF")"
dump_tables "$REF" ref.tables
"$CUSTODY" --db "$REF" occupancy --json --at 2024-06-01T00:00:00Z >ref.occupancy
[ "$DURATION" -ge 1000 ] ||
	echo "   warning: the ingest took only $DURATION ms; the kill points are close together (set E2E_CRASH_EVENTS higher)"
ok "$BIG stored in $DURATION ms"

# kill_ingest DB WHAT CONDITION: start an ingest of big.ndjson into DB, wait
# until CONDITION (a shell command) holds, kill it with SIGKILL. Sets
# KILLED=1 if it was killed, 0 if it had finished first.
kill_ingest()
{
	local db=$1 what=$2 condition=$3 deadline status=0
	deadline=$(($(now_ms) + 10 * DURATION + 30000))
	(exec "$CUSTODY" --db "$db" ingest --quiet big.ndjson >kill.out 2>kill.err) &
	BG_PID=$! # custody itself (exec)
	until eval "$condition"; do
		kill -0 "$BG_PID" 2>/dev/null || break
		[ "$(now_ms)" -lt "$deadline" ] || fail "kill point \"$what\" not reached within $((10 * DURATION + 30000)) ms"
		sleep 0.005
	done
	if kill -0 "$BG_PID" 2>/dev/null; then
		kill -KILL "$BG_PID" 2>/dev/null || true
		# (braces: keep the shell's "Killed" notice off stderr)
		{ wait "$BG_PID"; } 2>/dev/null || status=$?
		[ "$status" -eq 137 ] || fail "the killed ingest exited $status, not 137 (SIGKILL)"
		KILLED=1
	else
		wait "$BG_PID" || status=$?
		KILLED=0
		[ "$status" -eq 0 ] || fail "the ingest to be killed failed by itself (exit $status): $(cat kill.err)"
		echo "   warning: the ingest finished before the kill point \"$what\""
	fi
	BG_PID=
	KILL_WAL=$(size_of "$db-wal")
}

# expect_like DB REF WHAT: DB's tables and occupancy equal those of REF
# (base: before the killed run; ref: after a whole run).
expect_like()
{
	dump_tables "$1" killed.tables
	expect_same_file "ledger after a kill with $3 of the run stored" "$2.tables" killed.tables
	expect_ok "$CUSTODY" --db "$1" occupancy --json --at 2024-06-01T00:00:00Z
	expect_same_file "occupancy after a kill with $3 stored" "$2.occupancy" "$OUT"
}

# after_kill DB: check the ledger and classify it: OUTCOME=none|all.
after_kill()
{
	local db=$1 n
	expect_ok "$CUSTODY" --db "$db" check
	expect_stdout_contains "ok"
	n=$(events_in "$db")
	if [ "$n" -eq "$FIRST" ]; then
		OUTCOME=none
		expect_like "$db" base nothing
	elif [ "$n" -eq "$ALL" ]; then
		OUTCOME=all
		expect_like "$db" ref all
	else
		fail "after the kill the log holds $n events: neither $FIRST (none of the killed run) nor $ALL (all of it)"
	fi
}

# 1. late: the commit is done and its pages are being copied into the
# database file (it grows only at a checkpoint, after a commit).
say "kill 1: once the database file grows (the checkpoint after the commit)"
K1=$E2E_WORK/k1.db
fresh_copy "$K1"
kill_ingest "$K1" "database file grows" '[ "$(size_of "$K1")" -gt $((BASE_SIZE + 1048576)) ]'
after_kill "$K1"
ok "killed=$KILLED, WAL $KILL_WAL bytes at the kill, check ok, outcome: $OUTCOME"

# 2. and 3. on one ledger, one after the other: recovery after recovery.
LEDGER=$E2E_WORK/ledger.db
fresh_copy "$LEDGER"

say "kill 2: at 30% of the reference duration"
kill_ingest "$LEDGER" "30% of $DURATION ms" "sleep $(awk "BEGIN { print $DURATION * 0.3 / 1000 }"); true"
after_kill "$LEDGER"
ok "killed=$KILLED, WAL $KILL_WAL bytes at the kill, check ok, outcome: $OUTCOME"

if [ "$OUTCOME" = all ]; then
	fresh_copy "$LEDGER"
fi
say "kill 3: once the write-ahead log passes 1 MiB (pages of the open transaction)"
kill_ingest "$LEDGER" "WAL over 1 MiB" '[ "$(size_of "$LEDGER-wal")" -gt 1048576 ]'
after_kill "$LEDGER"
ok "killed=$KILLED, WAL $KILL_WAL bytes at the kill, check ok, outcome: $OUTCOME"

say "a full ingest on the ledger that was killed twice"
expect_ok "$CUSTODY" --db "$LEDGER" ingest --quiet big.ndjson
if [ "$OUTCOME" = none ]; then
	expect_counts "$BIG" 0 0
else
	expect_counts 0 "$BIG" 0
fi
final=$(cat "$OUT")
expect_ok "$CUSTODY" --db "$LEDGER" check
expect_stdout_contains "ok"
expect_eq "events after the full ingest" "$ALL" "$(events_in "$LEDGER")"
dump_tables "$LEDGER" final.tables
expect_same_file "ledger after the full ingest" ref.tables final.tables
ok "$final; same as the uninterrupted reference"
