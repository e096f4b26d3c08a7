// The statistics questions of bench_stats in DuckDB, for bench/run: load
// the ledger's stays, stints and arrests from CSV files (exported by
// bench/run) into in-memory tables, then time the national and the
// per-facility daily series between two day numbers (median of 5 runs).
// Prints: name rows milliseconds, one line per question, and the load.
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, first, last] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const t0 = process.hrtime.bigint();
await con.run(`CREATE TABLE stays AS SELECT * FROM read_csv('${dir}/stays.csv', header = true,
  columns = {'facility': 'VARCHAR', 'in_at': 'BIGINT', 'out_at': 'BIGINT', 'out_reason': 'VARCHAR'})`);
await con.run(`CREATE TABLE stints AS SELECT * FROM read_csv('${dir}/stints.csv', header = true,
  columns = {'facility': 'VARCHAR', 'in_at': 'BIGINT', 'out_at': 'BIGINT'})`);
await con.run(`CREATE TABLE arrests AS SELECT * FROM read_csv('${dir}/arrests.csv', header = true,
  columns = {'t': 'BIGINT'})`);
console.log(`load 0 ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)}`);

const national = `WITH deltas AS (SELECT in_at // 86400 AS day, 1 AS d FROM stays
    UNION ALL SELECT out_at // 86400, -1 FROM stays WHERE out_at IS NOT NULL),
  pop AS (SELECT day, sum(sum(d)) OVER (ORDER BY day) AS population FROM deltas GROUP BY day),
  ins AS (SELECT in_at // 86400 AS day, count(*) AS n FROM stays GROUP BY 1),
  outs AS (SELECT out_at // 86400 AS day, count(*) AS n, count(*) FILTER (WHERE out_reason = 'removed') AS removed
    FROM stays WHERE out_at IS NOT NULL GROUP BY 1),
  arr AS (SELECT t // 86400 AS day, count(*) AS n FROM arrests GROUP BY 1)
  SELECT pop.day, pop.population, ins.n, outs.n, outs.removed, arr.n FROM pop
  LEFT JOIN ins USING (day) LEFT JOIN outs USING (day) LEFT JOIN arr USING (day)
  WHERE pop.day BETWEEN ${first} AND ${last} ORDER BY pop.day`;
const facility = `WITH deltas AS (SELECT facility, in_at // 86400 AS day, 1 AS d FROM stints
    UNION ALL SELECT facility, out_at // 86400, -1 FROM stints WHERE out_at IS NOT NULL),
  pop AS (SELECT facility, day, sum(sum(d)) OVER (PARTITION BY facility ORDER BY day) AS population
    FROM deltas GROUP BY facility, day),
  ins AS (SELECT facility, in_at // 86400 AS day, count(*) AS n FROM stays GROUP BY 1, 2)
  SELECT pop.facility, pop.day, pop.population, ins.n FROM pop LEFT JOIN ins USING (facility, day)
  WHERE pop.day BETWEEN ${first} AND ${last} ORDER BY pop.facility, pop.day`;

for (const [name, sql] of [['national', national], ['facility', facility]]) {
  const times = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    const reader = await con.runAndReadAll(sql);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    rows = reader.getRows().length;
  }
  times.sort((a, b) => a - b);
  console.log(`${name} ${rows} ${times[2].toFixed(1)}`);
}
