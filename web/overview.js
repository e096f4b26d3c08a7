// The overview: beds, facilities, the population chart, the flags queue,
// release candidates, supervision and cohort outcomes. Every panel loads on
// its own, in parallel with the others; a failure shows in that panel only.

import { apiGet, canReadPeople } from './api.js';
import {
  $, el, badge, daysAgo, errorText, fmtInt, fmtRate, fmtTime, personLink, replace, utilBar, utilization, ROLE_MESSAGE,
} from './dom.js';
import { sortableTable } from './tables.js';

// The latest facilities (GET /api/facilities), for the event form too.
export const latest = { facilities: [] };
const facilityListeners = [];

export function onFacilities(fn) {
  facilityListeners.push(fn);
}

// A panel's message (null: none); a panel the role may not see shows nothing else.
function panelError(panelId, message, denied = false) {
  const node = $(`#${panelId} .panel-error`);
  node.textContent = message ?? '';
  node.hidden = !message;
  $(`#${panelId}`).classList.toggle('denied', denied);
}

async function guarded(panelId, load) {
  try {
    await load();
    panelError(panelId, null);
  } catch (err) {
    panelError(panelId, errorText(err), err.status === 403);
    if (!err.status) console.error(err);
  }
}

// A panel of people-level data: only for roles that may read people.
function forPeople(panelId, load) {
  if (canReadPeople()) return guarded(panelId, load);
  panelError(panelId, ROLE_MESSAGE, true);
  return Promise.resolve();
}

/* Beds: national and per AOR (GET /api/occupancy) */

const aorTable = sortableTable({
  testid: 'aor-table',
  sort: { key: 'util', dir: -1 },
  columns: [
    { key: 'aor', label: 'AOR' },
    { key: 'population', label: 'Detained', numeric: true, cell: (r) => fmtInt(r.population) },
    { key: 'capacity', label: 'Beds', numeric: true, cell: (r) => fmtInt(r.capacity) },
    { key: 'util', label: 'Used', numeric: true, value: (r) => utilization(r.population, r.capacity),
      cell: (r) => utilBar(r.population, r.capacity) },
  ],
  rowAttrs: (r) => ({ 'data-aor': r.aor }),
});

function renderNational({ population, capacity }) {
  $('#national-population').textContent = fmtInt(population);
  $('#national-capacity').textContent = fmtInt(capacity);
  replace($('#national-bar'), utilBar(population, capacity));
  $('#national-free').textContent = fmtInt(capacity - population);
}

async function loadOccupancy() {
  const occupancy = await apiGet('/api/occupancy');
  renderNational(occupancy.national);
  aorTable.setRows(occupancy.aors);
  $('#aors-meta').textContent = `${occupancy.aors.length} AORs`;
  $('#updated').textContent = `Beds as of ${fmtTime(occupancy.at)} UTC`;
}

/* Facilities (GET /api/facilities) */

const facilityTable = sortableTable({
  testid: 'facilities-table',
  sort: { key: 'util', dir: -1 },
  columns: [
    { key: 'facility', label: 'Code', nowrap: true },
    { key: 'name', label: 'Name' },
    { key: 'aor', label: 'AOR' },
    { key: 'place', label: 'Location', value: (f) => [f.city, f.state].filter(Boolean).join(', ') || null },
    { key: 'kind', label: 'Type' },
    { key: 'capacity', label: 'Beds', numeric: true, cell: (f) => fmtInt(f.capacity) },
    { key: 'population', label: 'Detained', numeric: true, cell: (f) => fmtInt(f.population) },
    { key: 'free', label: 'Free', numeric: true,
      cell: (f) => el('span', { class: f.free < 0 ? 'negative' : null }, fmtInt(f.free)) },
    { key: 'util', label: 'Utilization', numeric: true, value: (f) => utilization(f.population, f.capacity),
      cell: (f) => (f.open ? utilBar(f.population, f.capacity) : badge('closed')) },
  ],
  rowAttrs: (f) => ({ 'data-facility': f.facility, class: f.open ? null : 'closed' }),
});

function facilityFilter() {
  const aor = $('#facility-aor').value;
  const closed = $('#facility-closed').checked;
  const text = $('#facility-search').value.trim().toLowerCase();
  return (f) => (!aor || f.aor === aor)
    && (closed || f.open || f.population > 0)
    && (!text || `${f.facility} ${f.name} ${f.city}`.toLowerCase().includes(text));
}

function renderFacilities() {
  const rows = latest.facilities.filter(facilityFilter());
  facilityTable.setRows(rows);
  const beds = rows.reduce((sum, f) => sum + f.capacity, 0);
  const held = rows.reduce((sum, f) => sum + f.population, 0);
  $('#facilities-meta').textContent =
    `${fmtInt(rows.length)} facilities · ${fmtInt(held)} detained in ${fmtInt(beds)} beds`;
}

// An AOR filter (a select): every AOR of the facilities, the choice kept.
function fillAorFilter(select) {
  const aors = [...new Set(latest.facilities.map((f) => f.aor))].sort();
  const current = select.value;
  replace(select, el('option', { value: '' }, 'All AORs'), aors.map((a) => el('option', { value: a }, a)));
  select.value = aors.includes(current) ? current : '';
}

async function loadFacilities() {
  latest.facilities = await apiGet('/api/facilities');
  fillAorFilter($('#facility-aor'));
  fillAorFilter($('#candidates-aor'));
  renderFacilities();
  $('#national-facilities').textContent =
    `in ${fmtInt(latest.facilities.filter((f) => f.open).length)} open facilities`;
  for (const fn of facilityListeners) fn();
}

/* Population over time (GET /api/stats/daily) */

let populationChart = null;

// Room around the data on the population axis, which never goes below zero.
function padAboveZero(scale) {
  const pad = (scale.max - scale.min) * 0.1 || 1;
  scale.min = Math.max(0, scale.min - pad);
  scale.max += pad;
}

function drawPopulation(days) {
  const labels = days.map((d) => d.date);
  const data = days.map((d) => d.population);
  if (populationChart) {
    populationChart.data.labels = labels;
    populationChart.data.datasets[0].data = data;
    populationChart.update();
    return;
  }
  populationChart = new window.Chart($('#population-chart'), {
    type: 'line',
    data: {
      labels,
      datasets: [{
        label: 'Detained at midnight', data, borderColor: '#1d5fa7', backgroundColor: 'rgba(29, 95, 167, 0.10)',
        borderWidth: 2, fill: true, pointRadius: 0, pointHoverRadius: 4, cubicInterpolationMode: 'monotone',
      }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { display: false } },
      scales: {
        x: { grid: { display: false }, ticks: { maxTicksLimit: 7, maxRotation: 0 } },
        y: { ticks: { precision: 0, callback: (v) => fmtInt(v) }, afterDataLimits: padAboveZero },
      },
    },
  });
}

async function loadPopulation() {
  const days = await apiGet('/api/stats/daily', { from: daysAgo(89), to: daysAgo(0) });
  drawPopulation(days);
  $('#population-meta').textContent = `${days[0]?.date ?? ''} to ${days.at(-1)?.date ?? ''}`;
}

/* The flags queue (GET /api/flags): overdue first, then due */

const STATUS_ORDER = { overdue: 0, due: 1, info: 2 };

const flagTable = sortableTable({
  testid: 'flags-table',
  columns: [
    { key: 'status', label: 'Status', value: (f) => STATUS_ORDER[f.status],
      cell: (f) => badge(f.status, `status-${f.status}`) },
    { key: 'due', label: 'Due (UTC)', nowrap: true, cell: (f) => fmtTime(f.due) },
    { key: 'person', label: 'Person', cell: (f) => personLink(f.person) },
    { key: 'rule', label: 'Rule', nowrap: true },
    { key: 'facility', label: 'Facility', nowrap: true },
    { key: 'reason', label: 'Reason', cell: (f) => el('span', { class: 'reason' }, f.reason) },
  ],
});

async function loadFlags() {
  const [overdue, due] = await Promise.all(
    ['overdue', 'due'].map((status) => apiGet('/api/flags', { status })));
  flagTable.setRows([...overdue, ...due]);
  $('#flags-meta').textContent = `${fmtInt(overdue.length)} overdue · ${fmtInt(due.length)} due`;
}

/* Release candidates (GET /api/candidates) */

const candidateTable = sortableTable({
  testid: 'candidates-table',
  columns: [
    { key: 'rank', label: '#', numeric: true },
    { key: 'person', label: 'Person', cell: (c) => personLink(c.person) },
    { key: 'facility', label: 'Facility' },
    { key: 'days_detained', label: 'Days', numeric: true, cell: (c) => Math.round(c.days_detained) },
    { key: 'threat_level', label: 'Threat', numeric: true, cell: (c) => c.threat_level ?? 'none' },
    { key: 'criminality', label: 'Criminality' },
    { key: 'release_required', label: 'Required', value: (c) => (c.release_required ? 0 : 1),
      cell: (c) => (c.release_required ? badge('required', 'status-overdue') : '') },
    { key: 'reasons', label: 'Reasons', value: (c) => c.reasons.join('; '),
      cell: (c) => el('span', { class: 'reason' }, c.reasons.join('; ')) },
  ],
});

async function loadCandidates() {
  const aor = $('#candidates-aor').value;
  const candidates = await apiGet('/api/candidates', { need: 50, aor });
  candidateTable.setRows(candidates);
  $('#candidates-meta').textContent = `top ${candidates.length}${aor ? ` in ${aor}` : ''}`;
}

/* Supervision (GET /api/supervision, /api/supervision/missed) */

const TECHNOLOGIES = { app: 'Smartphone app', ankle: 'Ankle monitor', wrist: 'Wrist device', phone: 'Telephone', none: 'No device' };

const technologyTable = sortableTable({
  testid: 'technology-table',
  sort: { key: 'active', dir: -1 },
  columns: [
    { key: 'group', label: 'Technology', cell: (g) => TECHNOLOGIES[g.group] ?? g.group },
    { key: 'active', label: 'Active', numeric: true, cell: (g) => fmtInt(g.active) },
    { key: 'compliance_rate', label: 'Compliance', numeric: true, cell: (g) => fmtRate(g.compliance_rate) },
    { key: 'court_appearance_rate', label: 'In court', numeric: true, cell: (g) => fmtRate(g.court_appearance_rate) },
  ],
});

function stat(label, value, testid) {
  return el('div', { class: 'stat' }, el('span', { class: 'stat-value', 'data-testid': testid }, value),
    el('span', { class: 'stat-label' }, label));
}

async function loadSupervision() {
  const atd = await apiGet('/api/supervision', { by: 'technology' });
  replace($('#supervision-stats'),
    stat('active', fmtInt(atd.active), 'atd-active'),
    stat('compliance', fmtRate(atd.compliance_rate), 'atd-compliance'),
    stat('court appearance', fmtRate(atd.court_appearance_rate), 'atd-court'),
    stat('absconders', fmtInt(atd.absconders), 'atd-absconders'));
  technologyTable.setRows(atd.groups);
  $('#kpi-atd').textContent = fmtInt(atd.active);
  $('#kpi-atd-sub').textContent = `compliance ${fmtRate(atd.compliance_rate)}`;
}

const missedTable = sortableTable({
  testid: 'missed-table',
  columns: [
    { key: 'person', label: 'Person', cell: (m) => personLink(m.person) },
    { key: 'technology', label: 'Technology' },
    { key: 'missed_periods', label: 'Missed', numeric: true },
    { key: 'last_ok', label: 'Last ok (UTC)', nowrap: true, cell: (m) => fmtTime(m.last_ok) },
    { key: 'aor', label: 'AOR' },
  ],
});

async function loadMissed() {
  const missed = await apiGet('/api/supervision/missed');
  missedTable.setRows(missed);
  $('#missed-meta').textContent = `${fmtInt(missed.length)} people`;
}

/* Cohort outcomes of the last 30 days' arrests (GET /api/stats/cohort) */

const OUTCOMES = [
  ['detained', 'Still detained'],
  ['removed', 'Removed'],
  ['released_supervised', 'Released to supervision'],
  ['released', 'Released'],
  ['other', 'Other'],
  ['never_detained', 'Never detained'],
];

function outcomeRow(key, label, count, total) {
  const share = total ? count / total : 0;
  return el('li', { class: `outcome outcome-${key}`, 'data-outcome': key },
    el('span', { class: 'outcome-label' }, label),
    el('span', { class: 'outcome-track' }, el('span', { class: 'outcome-fill', style: `width:${share * 100}%` })),
    el('span', { class: 'outcome-count' }, fmtInt(count)),
    el('span', { class: 'outcome-share' }, fmtRate(share, 0)));
}

async function loadCohort() {
  const from = daysAgo(29);
  const to = daysAgo(0);
  const cohort = await apiGet('/api/stats/cohort', { arrested: `${from}..${to}` });
  replace($('#cohort-body'),
    el('ul', { class: 'outcomes', 'data-testid': 'cohort-outcomes' },
      OUTCOMES.map(([key, label]) => outcomeRow(key, label, cohort.states[key] ?? 0, cohort.arrested))));
  $('#cohort-meta').textContent = `${fmtInt(cohort.arrested)} arrested ${from} to ${to}`;
  $('#kpi-arrests').textContent = fmtInt(cohort.arrested);
  $('#kpi-arrests-sub').textContent = `${fmtInt(cohort.states.detained)} still detained`;
}

/* Loading */

// What changes by the minute: beds and facilities.
export function refreshLive() {
  return Promise.all([
    guarded('panel-beds', loadOccupancy),
    guarded('panel-facilities', loadFacilities),
  ]);
}

// Everything else.
export function refreshSlow() {
  return Promise.all([
    guarded('panel-population', loadPopulation),
    guarded('panel-supervision', loadSupervision),
    guarded('panel-cohort', loadCohort),
    forPeople('panel-flags', loadFlags),
    forPeople('panel-candidates', loadCandidates),
    forPeople('panel-missed', loadMissed),
  ]);
}

export function initOverview() {
  $('#aors-body').append(aorTable.element);
  $('#facilities-body').append(facilityTable.element);
  $('#flags-body').append(flagTable.element);
  $('#candidates-body').append(candidateTable.element);
  $('#technology-body').append(technologyTable.element);
  $('#missed-body').append(missedTable.element);
  for (const id of ['#facility-aor', '#facility-closed', '#facility-search']) {
    $(id).addEventListener('input', renderFacilities);
  }
  $('#candidates-aor').addEventListener('change', () => forPeople('panel-candidates', loadCandidates));
}
