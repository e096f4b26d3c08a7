// Recording an event (POST /api/events): a form per event type, or raw JSON
// for any event of the contract.

import { apiPost } from './api.js';
import { $, el, replace } from './dom.js';
import { latest, onFacilities, refreshLive } from './overview.js';

const AORS = 'ATL BAL BOS BUF CHI DAL DEN DET ELP HLG HOU LOS MIA NEW NOL NYC PHI PHO SEA SFR SLC SNA SND SPM WAS'.split(' ');
const BOOK_OUT_REASONS = ['removed', 'bonded_out', 'recognizance', 'supervision', 'paroled',
  'proceedings_terminated', 'relief_granted', 'transferred_usms', 'transferred', 'other',
  'no_removal_foreseeable', 'court_order', 'capacity', 'transferred_hhs', 'death', 'escape'];
const COUNTRY = { pattern: '[A-Z]{2}', placeholder: 'MX', size: 4 };

const PERSON = { name: 'person', label: 'A-number', required: true, placeholder: 'A-123-456-789' };
const FACILITY = { name: 'facility', label: 'Facility', kind: 'facility', required: true };

// The fields of each event type the form knows (events.md); kind: text
// (default), select, facility, date, checkbox, textarea; number: sent as a number.
const EVENT_TYPES = {
  arrest: [
    PERSON,
    { name: 'aor', label: 'AOR', kind: 'select', options: AORS, required: true },
    { name: 'agency', label: 'Agency', kind: 'select', options: ['ICE', 'CBP'], required: true },
    { name: 'border', label: 'At or near the border', kind: 'checkbox' },
    { name: 'method', label: 'Method' },
    { name: 'family_name', label: 'Family name' },
    { name: 'given_name', label: 'Given name' },
    { name: 'birth_date', label: 'Birth date', kind: 'date' },
    { name: 'sex', label: 'Sex', kind: 'select', options: ['', 'M', 'F', 'X'] },
    { name: 'citizenship', label: 'Citizenship', ...COUNTRY },
    { name: 'birth_country', label: 'Birth country', ...COUNTRY },
    { name: 'criminality', label: 'Criminality', kind: 'select', options: ['', 'convicted', 'pending', 'none'] },
    { name: 'threat_level', label: 'Threat level', kind: 'select', options: ['', '1', '2', '3'], number: true },
  ],
  book_in: [PERSON, FACILITY],
  transfer: [PERSON, FACILITY],
  book_out: [
    PERSON,
    { name: 'reason', label: 'Reason', kind: 'select', options: BOOK_OUT_REASONS, required: true },
    { name: 'country', label: 'Country (when removed)', ...COUNTRY },
    { name: 'note', label: 'Note (required for capacity)', kind: 'textarea' },
  ],
  atd_checkin: [
    PERSON,
    { name: 'result', label: 'Result', kind: 'select', options: ['ok', 'failed_verification'], required: true },
  ],
};

function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// datetime-local value for a Date, in the browser's time zone, to the second.
function localValue(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 19);
}

function facilityOptions() {
  const open = latest.facilities.filter((f) => f.open).sort((a, b) => a.facility.localeCompare(b.facility));
  return [el('option', { value: '' }, 'Choose a facility…'),
    ...open.map((f) => el('option', { value: f.facility }, `${f.facility} — ${f.name} (${f.aor}; ${f.population}/${f.capacity})`))];
}

// New figures in the facility choice, unless someone is choosing.
function refreshFacilitySelect() {
  const select = $('#ev-facility');
  if (!select || document.activeElement === select) return;
  const current = select.value;
  replace(select, facilityOptions());
  select.value = current;
}

function control(field) {
  const props = { id: `ev-${field.name}`, name: field.name, 'data-testid': `ev-${field.name}`, required: field.required };
  switch (field.kind) {
    case 'select':
      return el('select', props, field.options.map((o) => el('option', { value: o }, o || '—')));
    case 'facility':
      return el('select', props, facilityOptions());
    case 'checkbox':
      return el('input', { ...props, type: 'checkbox' });
    case 'textarea':
      return el('textarea', { ...props, rows: 2 });
    case 'date':
      return el('input', { ...props, type: 'date' });
    default:
      return el('input', { ...props, type: 'text', pattern: field.pattern, placeholder: field.placeholder, size: field.size });
  }
}

function renderFields(keep = {}) {
  const fields = EVENT_TYPES[$('#ev-type').value];
  replace($('#ev-fields'), fields.map((field) => {
    const input = control(field);
    if (keep[field.name] !== undefined) input.value = keep[field.name];
    const label = el('label', { class: field.kind === 'checkbox' ? 'check' : null }, field.label);
    if (field.kind === 'checkbox') label.prepend(input);
    else label.append(input);
    return label;
  }));
}

// The time of the form (local) as RFC 3339 UTC; '' when not a time.
function atValue() {
  const at = new Date($('#ev-at').value);
  return Number.isNaN(at.getTime()) ? '' : at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The event as the fields describe it; empty optional fields left out.
function eventFromFields() {
  const event = { id: $('#ev-id').value.trim(), type: $('#ev-type').value, at: atValue() };
  for (const field of EVENT_TYPES[event.type]) {
    const input = $(`#ev-${field.name}`);
    if (field.kind === 'checkbox') {
      if (input.checked) event[field.name] = true;
    } else if (input.value.trim() !== '') {
      event[field.name] = field.number ? Number(input.value) : input.value.trim();
    }
  }
  return event;
}

function setRawMode(raw) {
  if (raw) $('#ev-raw').value = JSON.stringify(eventFromFields(), null, 2);
  $('#ev-raw').hidden = !raw;
  $('#ev-raw').required = raw;
  $('#ev-structured').hidden = raw;
  for (const input of $('#ev-structured').querySelectorAll('input, select, textarea')) input.disabled = raw;
}

function resetForm() {
  $('#ev-id').value = newId();
  $('#ev-at').value = localValue(new Date());
}

function showAnswer(kind, title, body) {
  replace($('#ev-result'), el('div', { class: `answer answer-${kind}`, 'data-testid': `ev-answer-${kind}` },
    el('strong', {}, title), body ? el('pre', {}, body) : null));
}

function markField(name) {
  for (const node of $('#event-form').querySelectorAll('.invalid')) node.classList.remove('invalid');
  const input = name && $(`#ev-${name}`);
  if (input) input.classList.add('invalid');
}

async function submit(e) {
  e.preventDefault();
  const raw = $('#ev-raw-mode').checked;
  const body = raw ? $('#ev-raw').value : eventFromFields();
  $('#ev-submit').disabled = true;
  try {
    const answer = await apiPost('/api/events', body);
    const stored = answer.status === 201;
    showAnswer('ok', stored ? `Stored (${answer.status})` : `Already recorded (${answer.status})`,
      JSON.stringify(answer.body, null, 2));
    markField(null);
    resetForm();
    refreshLive();
  } catch (err) {
    showAnswer('error', `Rejected (${err.status ?? 'network error'})`, err.field ? `${err.message}\nfield: ${err.field}` : err.message);
    markField(err.field);
  } finally {
    $('#ev-submit').disabled = false;
  }
}

// Entering the page, with an A-number to record for or none.
export function enterRecord(person) {
  resetForm();
  if (person && !$('#ev-raw-mode').checked) $('#ev-person').value = person;
}

export function initRecord() {
  replace($('#ev-type'), Object.keys(EVENT_TYPES).map((t) => el('option', { value: t }, t)));
  $('#ev-type').value = 'book_in';
  renderFields();
  resetForm();
  $('#ev-type').addEventListener('change', () => renderFields({ person: $('#ev-person').value }));
  $('#ev-new-id').addEventListener('click', () => { $('#ev-id').value = newId(); });
  $('#ev-now').addEventListener('click', () => { $('#ev-at').value = localValue(new Date()); });
  $('#ev-raw-mode').addEventListener('change', (e) => setRawMode(e.target.checked));
  $('#event-form').addEventListener('submit', submit);
  onFacilities(refreshFacilitySelect);
}
