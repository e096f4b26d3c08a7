#!/usr/bin/env bash
# custody check finds what was done to the file behind custody's back: a
# stored state holding values out of range (which flags then refuses rather
# than trusts), an event changed in the middle of the log, events cut from
# its end (even with the head moved back: the head kept with --head shows it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

P=A123456789 # enrolled in supervision at the end of example.ndjson: flags reads their state

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"

say "a sound ledger: check prints its head and ok"
expect_ok custody check
expect_stdout_contains "ok"
head=$(sed -n 's/^head //p' "$OUT")
[[ "$head" =~ ^[0-9]+:[0-9a-f]{64}$ ]] || fail "check printed no head: $(cat "$OUT")"
expect_ok custody check --head "$head"
expect_ok custody flags
good=$E2E_WORK/good.db
expect_ok custody backup "$good"

say "a stored state that decodes but holds a country out of range: refused, not trusted"
state=$(sqlite3 "$DB" "SELECT hex(state) FROM people WHERE person = '$P'")
bad=${state/054355/05213F} # citizenship "CU" (length 2, code 5) becomes "!?"
[ "$bad" != "$state" ] || fail "the state of $P holds no citizenship CU"
sqlite3 "$DB" "UPDATE people SET state = X'$bad' WHERE person = '$P'"
expect_exit 3 custody flags
expect_stderr_contains "stored state of person $P is corrupt"
expect_exit 3 custody check
expect_stdout_contains "problem: stored state of person $P is corrupt"
expect_stdout_contains "problem: people: "
expect_stdout_contains "2 problems"
say "rebuild writes the state again"
expect_ok custody rebuild
expect_ok custody check --head "$head"
expect_ok custody flags

say "an event changed in the middle of the log breaks the chain"
cp "$good" changed.db
sqlite3 changed.db "DROP TRIGGER events_append_only_update;
UPDATE events SET body = replace(body, '\"refused\"', '\"issued\"') WHERE id = 'ev-0006'"
expect_exit 3 custody --db changed.db check
expect_stdout_contains "problem: the log's hash chain breaks at seq"

say "events cut from the end: the head says so"
cp "$good" cut.db
sqlite3 cut.db "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)" 2>/dev/null &&
	fail "the log's last committed event could be deleted"
sqlite3 cut.db "DROP TRIGGER events_append_only_delete; DELETE FROM events WHERE seq > (SELECT max(seq) - 3 FROM events)"
expect_exit 3 custody --db cut.db check
expect_stdout_contains "events were cut from its end"
say "and with the head moved back too, the head kept before shows it"
sqlite3 cut.db "UPDATE head SET seq = 1" 2>/dev/null && fail "the head could move back"
sqlite3 cut.db "DROP TRIGGER head_advances; UPDATE head SET seq = (SELECT max(seq) FROM events),
hash = (SELECT hash FROM events ORDER BY seq DESC LIMIT 1)"
expect_exit 3 custody --db cut.db check --head "$head"
expect_stdout_contains "problem: the log does not hold the head $head"

say "--head must be SEQ:HASH"
expect_exit 2 custody check --head 12:abc
expect_stderr_contains "--head"

ok
