#!/usr/bin/env bash
# custody backup copies the ledger consistently while another process
# ingests; verify checks a copy without changing it; a copy restored in
# place of the ledger is a ledger again, and catches up to the same head;
# a copy cut at its end or changed in the middle fails verify.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

expect_ok custody init
expect_ok custody generate --scale 0.005 --days 20 --quiet -o gen.ndjson
total=$(wc -l <gen.ndjson)

say "backups taken while another process ingests $total events"
custody ingest --quiet --batch 100 --skip-invalid gen.ndjson >ingest.out 2>&1 &
ingest=$!
copies=0
while kill -0 "$ingest" 2>/dev/null && [ "$copies" -lt 4 ]; do
	expect_ok custody backup "copy$copies.db"
	expect_stdout_matches "backed up .* to copy$copies.db, head [0-9]+:[0-9a-f]{64}"
	sed -n 's/.*, head //p' "$OUT" >"copy$copies.head"
	copies=$((copies + 1))
done
wait "$ingest" || fail "ingest failed: $(cat ingest.out)"
[ "$copies" -gt 0 ] || fail "the ingest ended before a backup began"
grep -q "stored $total," ingest.out || fail "ingest: $(cat ingest.out)"
[ -z "$(ls ./*.tmp-* 2>/dev/null)" ] || fail "a temporary file was left: $(ls ./*.tmp-*)"

say "each copy verifies, read-only, at the head backup printed; the ledger still holds that head"
for ((i = 0; i < copies; i++)); do
	head=$(cat "copy$i.head")
	before=$(cksum <"copy$i.db")
	expect_ok custody verify "copy$i.db"
	expect_stdout_contains "head $head"
	expect_stdout_contains "ok"
	[ "$(cksum <"copy$i.db")" = "$before" ] || fail "verify changed copy$i.db"
	expect_ok custody check --head "$head"
done
expect_ok custody check
live=$(sed -n 's/^head //p' "$OUT")

say "backup refuses to overwrite a file"
before=$(cksum <copy0.db)
expect_exit 3 custody backup copy0.db
expect_stderr_contains "refusing to overwrite"
[ "$(cksum <copy0.db)" = "$before" ] || fail "backup changed an existing file"

last=$((copies - 1))
say "restored in place of the ledger, the last copy (head $(cat "copy$last.head" | cut -c1-20)...) answers and catches up"
cp "copy$last.db" restored.db
expect_ok custody --db restored.db check --head "$(cat "copy$last.head")"
expect_ok custody --db restored.db occupancy
expect_ok custody --db restored.db ingest --quiet gen.ndjson
expect_ok custody --db restored.db check --head "$live"
expect_stdout_contains "head $live"

expect_ok custody backup final.db
say "a copy cut at its end fails verify"
cp final.db cut.db
sqlite3 cut.db "DROP TRIGGER events_append_only_delete; DELETE FROM events WHERE seq > (SELECT max(seq) - 2 FROM events)"
expect_exit 3 custody verify cut.db
expect_stdout_contains "events were cut from its end"

say "a copy with an event changed in the middle fails verify"
cp final.db changed.db
sqlite3 changed.db "DROP TRIGGER events_append_only_update;
UPDATE events SET actor = 'someone else' WHERE seq = (SELECT max(seq) / 2 FROM events)"
expect_exit 3 custody verify changed.db
expect_stdout_contains "problem: the log's hash chain breaks at seq"

say "verify of what is not there, or not a ledger"
expect_exit 3 custody verify missing.db
echo "not a database" >junk.db
expect_exit 3 custody verify junk.db

ok
