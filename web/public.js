// Public data: what ICE and the Deportation Data Project publish, side by
// side. The national population from FY2019 on (ICE's monthly ADP from the
// imported workbooks, the daily midnight population from import-population,
// the funded bed level of the rules' national_capacity), book-ins by agency
// for each imported year, and each facility's daily population.

import { apiGet } from './api.js';
import { $, el, errorText, fmtInt, replace } from './dom.js';

const FIRST_FY = 2019;
const DAY_MS = 86400000;
const COLORS = { adp: '#b35c00', daily: '#1d5fa7', beds: '#8a1c1c', ICE: '#1d5fa7', CBP: '#b35c00' };

const charts = {};
let loaded = false;

const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const today = () => isoOf(Math.floor(Date.now() / DAY_MS));

// The fiscal year of today: October starts the next one.
function currentFy() {
  const now = new Date();
  return now.getUTCFullYear() + (now.getUTCMonth() >= 9 ? 1 : 0);
}

function panelMessage(panelId, message) {
  const node = $(`#${panelId} .panel-error`);
  node.textContent = message ?? '';
  node.hidden = !message;
}

async function guarded(panelId, load) {
  try {
    panelMessage(panelId, null);
    await load();
  } catch (err) {
    panelMessage(panelId, errorText(err));
    if (!err.status) console.error(err);
  }
}

// The answer of path, or null when nothing was imported (404).
async function imported(path, params) {
  try {
    return await apiGet(path, params);
  } catch (err) {
    if (err.status === 404) return null;
    throw err;
  }
}

// Draw (or redraw) chart id: a line chart over days (x: days since 1970).
function drawLines(id, datasets) {
  charts[id]?.destroy();
  charts[id] = new window.Chart($(`#${id}`), {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: { tooltip: { callbacks: { title: (items) => isoOf(items[0].parsed.x) } } },
      scales: {
        x: { type: 'linear', ticks: { maxTicksLimit: 8, maxRotation: 0, callback: (v) => isoOf(v).slice(0, 7) } },
        y: { min: 0, ticks: { precision: 0, callback: (v) => fmtInt(v) } },
      },
    },
  });
}

const line = (label, color, data, extra = {}) => ({
  label, data, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, ...extra,
});

// ICE's figures of each fiscal year imported from FIRST_FY on (table: adp or book_ins).
async function officialYears(table) {
  const years = [];
  for (let fy = FIRST_FY; fy <= currentFy(); fy += 1) years.push(fy);
  const answers = await Promise.all(years.map((fy) => imported('/api/official', { fy, table })));
  return answers.filter(Boolean);
}

// ICE's monthly ADP as points at the middle of each month.
function adpPoints(years) {
  const points = [];
  for (const year of years) {
    (year.adp_by_month ?? []).forEach((adp, m) => {
      if (adp === null || adp === 0) return;
      const month = (m + 9) % 12; // index 0 is October of fy - 1
      const y = year.fy - (m < 3 ? 1 : 0);
      points.push({ x: Date.UTC(y, month, 15) / DAY_MS, y: adp });
    });
  }
  return points;
}

// The rules' funded national beds (national_capacity), or null when unset.
async function fundedBeds() {
  const rules = await apiGet('/api/rules');
  const setting = rules.find((r) => r.key === 'national_capacity');
  const beds = Number(setting?.value);
  return Number.isFinite(beds) && beds > 0 ? beds : null;
}

async function loadNational() {
  const from = `${FIRST_FY - 1}-10-01`;
  const [years, daily, beds] = await Promise.all([
    officialYears('adp'), imported('/api/official', { population: 1, from, to: today() }), fundedBeds(),
  ]);
  const adp = adpPoints(years);
  const days = (daily ?? []).map((d) => ({ x: dayOf(d.date), y: d.population }));
  const datasets = [line('ICE: average daily population (monthly)', COLORS.adp, adp, { pointRadius: 2 }),
    line('Held at midnight (daily)', COLORS.daily, days, { borderWidth: 1 })];
  const xs = [...adp, ...days].map((p) => p.x);
  if (beds !== null && xs.length) {
    const span = [{ x: Math.min(...xs), y: beds }, { x: Math.max(...xs), y: beds }];
    datasets.push(line('Funded beds (rules: national_capacity)', COLORS.beds, span, { borderDash: [6, 4] }));
  }
  drawLines('public-national-chart', datasets);
  $('#public-national-meta').textContent = `${years.length} ICE workbook years, ${fmtInt(days.length)} days`
    + (beds === null ? '; funded beds: not set (rules: national_capacity)' : '');
  return daily ?? [];
}

async function loadBookIns() {
  const years = await officialYears('book_ins');
  const agencies = [...new Set(years.flatMap((y) => Object.keys(y.book_ins_total ?? {})))];
  charts.bookins?.destroy();
  charts.bookins = new window.Chart($('#public-bookins-chart'), {
    type: 'bar',
    data: {
      labels: years.map((y) => `FY${y.fy}`),
      datasets: agencies.map((agency) => ({
        label: agency, data: years.map((y) => y.book_ins_total[agency] ?? 0), backgroundColor: COLORS[agency] ?? '#777',
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (v) => fmtInt(v) } } },
    },
  });
  $('#public-bookins-meta').textContent = years.length ? '' : 'no ICE workbook imported';
}

async function drawFacility(code, first, last) {
  const days = await apiGet('/api/official', { population: 1, from: first, to: last, facility: code });
  drawLines('public-facility-chart',
    [line(`${code}: held at midnight`, COLORS.daily, days.map((d) => ({ x: dayOf(d.date), y: d.population })))]);
}

// The facilities of the latest day, largest first, in the picker.
async function loadFacilities(daily) {
  const select = $('#public-facility');
  if (!daily.length) {
    replace(select);
    $('#public-facility-meta').textContent = 'no daily population imported (custody import-population)';
    return;
  }
  const first = daily[0].date;
  const last = daily.at(-1).date;
  const facilities = await apiGet('/api/official', { population: 1, from: last, to: last, by: 'facility' });
  facilities.sort((a, b) => b.population - a.population || a.facility.localeCompare(b.facility));
  replace(select, facilities.map((f) => el('option', { value: f.facility },
    `${f.facility} — ${f.name} (${fmtInt(f.population)} on ${last})`)));
  select.onchange = () => guarded('public-facility-panel', () => drawFacility(select.value, first, last));
  $('#public-facility-meta').textContent = `${fmtInt(facilities.length)} facilities`;
  if (facilities.length) await drawFacility(facilities[0].facility, first, last);
}

// Load the page's data the first time it is shown.
export async function enterPublic() {
  if (loaded) return;
  loaded = true;
  let daily = [];
  await Promise.all([
    guarded('public-national-panel', async () => { daily = await loadNational(); }),
    guarded('public-bookins-panel', loadBookIns),
  ]);
  await guarded('public-facility-panel', () => loadFacilities(daily));
}
