#!/usr/bin/env bash
# Generated streams obey the rules checked when events are recorded
# (rules.md: PO-90, border_release, the capacity note, bond_minimum): every
# seed ingests with zero rejects under the default rules, and the streams do
# exercise those rules (a stricter rules file rejects some of them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

# fresh_ledger: an empty ledger at $DB
fresh_ledger()
{
	rm -f "$DB" "$DB-wal" "$DB-shm"
	expect_ok custody init
}

# generated SEED DAYS: the stream of that run in s.ndjson, checked to end
# before the ledger's clock
generated()
{
	expect_ok "$CUSTODY" generate --quiet --seed "$1" --scale 0.01 --days "$2" -o s.ndjson
	local last
	last=$(tail -n 1 s.ndjson | jq -r .at)
	[[ "$last" < "$CUSTODY_NOW" ]] || fail "seed $1: the stream ends at $last, after CUSTODY_NOW=$CUSTODY_NOW"
}

say "zero rejects under the default rules, seeds 1..4 (200 days) and 5 (400 days)"
for run in "1 200" "2 200" "3 200" "4 200" "5 400"; do
	# shellcheck disable=SC2086
	set -- $run
	generated "$1" "$2"
	n=$(grep -c . s.ndjson)
	fresh_ledger
	expect_ok custody ingest --quiet s.ndjson
	expect_counts "$n" 0 0
	[ ! -s "$ERR" ] || fail "seed $1: ingest wrote to stderr:
$(head -n 5 "$ERR")"
	# the rules matter for this stream: it has what they judge
	jq -s -e '
	  (map(select(.type == "book_out" and (.reason | IN("recognizance", "supervision", "paroled", "capacity", "bonded_out")))) | length > 0)
	  and (map(select(.type == "arrest" and .border == true)) | length > 0)
	  and (map(select(.type == "removal_order")) | length > 0)
	  and (map(select(.type == "bond" and .status == "set")) | length > 0)
	  and (map(select(.type == "bond" and .status == "set") | .amount) | min >= 1500)
	  and all(.[] | select(.type == "book_out" and .reason == "capacity"); (.note // "") != "")' s.ndjson >/dev/null ||
		fail "seed $1: the stream lacks discretionary releases, border arrests, removal orders or bonds, or has a bond under 1500 or a capacity release without a note"
	expect_ok custody flags --json
	expect_jq 'length > 0'
	ok "seed $1, $2 days: stored $n, rejected 0; $(jq length "$OUT") flags now"
done

say "the rules are applied while ingesting: bond_minimum = 1501 rejects the stream's bonds of 1500"
generated 1 200
printf '[pre_order]\nbond_minimum = 1501\n' >strict.ini
jq -e -s 'any(.[]; .type == "bond" and .status == "set" and .amount == 1500)' s.ndjson >/dev/null ||
	fail "seed 1: no bond of USD 1500 to be rejected"
fresh_ledger
expect_exit 1 custody --rules strict.ini ingest --quiet s.ndjson
expect_stderr_contains "rule bond_minimum"
expect_stderr_contains "1501"
expect_eq "events stored by a rejected all-or-nothing ingest" 0 "$(log_length)"
# and the same file beside the ledger
cp strict.ini rules.ini
expect_exit 1 custody ingest --quiet s.ndjson
expect_stderr_contains "rule bond_minimum"
rm rules.ini
expect_ok custody ingest --quiet s.ndjson
expect_stdout_matches 'stored [0-9]+, duplicates 0, rejected 0'
ok
