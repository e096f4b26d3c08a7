// The occupancy question in DuckDB, for bench/run: load the log's custody
// events from a CSV (person, type, facility, ts, seq) into an in-memory
// table, then time the query (median of 5 runs). Prints: rows milliseconds.
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, at] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE events AS SELECT * FROM read_csv('${csv}', header = true,
  columns = {'person': 'VARCHAR', 'type': 'VARCHAR', 'facility': 'VARCHAR', 'ts': 'BIGINT', 'seq': 'BIGINT'})`);
const sql = `WITH last AS (
    SELECT person, type, facility,
           row_number() OVER (PARTITION BY person ORDER BY ts DESC, seq DESC) AS rn
    FROM events WHERE ts <= ${at})
  SELECT facility, count(*) AS population FROM last
  WHERE rn = 1 AND type <> 'book_out' GROUP BY facility ORDER BY facility`;
const times = [];
let rows = 0;
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  const reader = await con.runAndReadAll(sql);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  rows = reader.getRows().length;
}
times.sort((a, b) => a - b);
console.log(`${rows} ${times[2].toFixed(1)}`);
