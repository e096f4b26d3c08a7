# bench/lib.bash: what bench/run-serve and bench/run-load share. Source it
# from the repository's root.
#
#   bench_build                  build custody into $BENCH_BUILD (default build-bench); sets $custody
#   bench_ledger SCALE DB        a national demo ledger at DB: a generated year at SCALE (made once)
#   bench_serve DB OUT [OPT...]  custody serve on DB, any free port; sets $server (the pid) and $base
#   bench_token DB               a supervisor "bench" (anew), its token in $auth (an Authorization header)

bench_build()
{
	local build=${BENCH_BUILD:-build-bench}
	command -v wrk >/dev/null || { echo "wrk is not installed (scripts/bootstrap installs it)" >&2; exit 1; }
	cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$build" --target custody >/dev/null
	custody=$build/custody
}

bench_ledger()
{
	local scale=$1 db=$2
	[ -s "$db" ] && return 0
	echo "generating a national year at scale $scale into $db" >&2
	rm -f "$db" "$db-wal" "$db-shm"
	"$custody" --db "$db" init >/dev/null
	"$custody" generate --quiet --from "$(date -u -d '366 days ago' +%F)" --days 365 --scale "$scale" --seed 1 |
		"$custody" --db "$db" --actor bench ingest --quiet -
}

bench_token()
{
	local db=$1
	"$custody" --db "$db" user remove bench >/dev/null 2>&1 || true
	"$custody" --db "$db" user add bench --role supervisor >/dev/null
	auth="Authorization: Bearer $("$custody" --db "$db" user token bench)"
}

bench_serve()
{
	local db=$1 out=$2
	shift 2
	"$custody" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$out/serve.out" 2>"$out/serve.err" &
	server=$!
	base=
	for _ in $(seq 1 300); do
		base=$(sed -n 's|^listening on \(http://[0-9.]*:[0-9]*\).*|\1|p' "$out/serve.out")
		[ -n "$base" ] && return 0
		kill -0 "$server" 2>/dev/null || break
		sleep 0.1
	done
	echo "the server did not start: $(cat "$out/serve.err")" >&2
	exit 1
}
