// A person's page: state, flags in force and the timeline (GET /api/people/A).

import { apiGet } from './api.js';
import { $, el, badge, errorText, fmtTime, replace } from './dom.js';
import { latest } from './overview.js';

// Fields of an event shown in their own columns, not among the details.
const EVENT_COLUMNS = new Set(['id', 'type', 'at', 'person', 'seq', 'recorded_at', 'actor', 'voided']);

function facilityLabel(code) {
  const facility = latest.facilities.find((f) => f.facility === code);
  return facility ? `${facility.name} (${code}), ${facility.aor}` : code;
}

function fact(label, value, testid) {
  return el('div', { class: 'fact' }, el('dt', {}, label), el('dd', { 'data-testid': testid }, value ?? '–'));
}

function custodyText(p) {
  if (p.detained) return `Detained at ${facilityLabel(p.facility)} since ${fmtTime(p.stay_start)} UTC`;
  if (p.enrolled) return `Not detained; under supervision (${p.technology})`;
  return 'Not detained';
}

function checkinText(c) {
  if (!c) return null;
  return `${c.met} of ${c.ended} periods met; ${c.missed_in_a_row} missed in a row; last ok ${fmtTime(c.last_ok)}`;
}

function summary(p) {
  const name = [p.given_name, p.family_name].filter(Boolean).join(' ') || 'Name not recorded';
  return el('div', { class: 'person-summary' },
    el('h2', {}, name, ' ', el('span', { class: 'muted' }, p.person)),
    el('p', { class: `custody-state ${p.detained ? 'is-detained' : ''}`, 'data-testid': 'person-state' }, custodyText(p)),
    el('dl', { class: 'facts' },
      fact('Born', p.birth_date),
      fact('Citizenship', p.citizenship),
      fact('Criminality', p.criminality),
      fact('Threat level', p.threat_level === null ? 'none' : String(p.threat_level)),
      fact('Mandatory detention', p.mandatory),
      fact('Final order', p.final_order),
      fact('Protected', p.protected ? 'yes' : 'no'),
      fact('Check-ins', checkinText(p.checkins))),
    el('p', {}, el('a', { href: `#/record/${p.person}`, class: 'button', 'data-testid': 'record-for-person' },
      'Record an event for this person')));
}

function flagList(flags) {
  if (flags.length === 0) return el('p', { class: 'muted' }, 'No flags in force.');
  return el('ul', { class: 'flag-list', 'data-testid': 'person-flags' }, flags.map((f) => el('li', {},
    badge(f.status, `status-${f.status}`), ' ', el('strong', {}, f.rule),
    f.due ? ` due ${fmtTime(f.due)} UTC` : '', el('div', { class: 'reason' }, f.reason))));
}

function details(event) {
  return Object.entries(event)
    .filter(([key]) => !EVENT_COLUMNS.has(key))
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(' · ');
}

function timeline(events) {
  const rows = events.map((e) => el('tr', { class: e.voided ? 'voided' : null, 'data-event': e.id },
    el('td', { class: 'nowrap' }, fmtTime(e.at)),
    el('td', {}, badge(e.type, `type-${e.type}`), e.voided ? ' voided' : ''),
    el('td', { class: 'reason' }, details(e)),
    el('td', {}, e.actor),
    el('td', { class: 'muted nowrap' }, e.id)));
  return el('table', { class: 'data', 'data-testid': 'person-timeline' },
    el('thead', {}, el('tr', {}, ['When (UTC)', 'Event', 'Details', 'Recorded by', 'Id'].map((h) => el('th', {}, h)))),
    el('tbody', {}, rows));
}

function render(p) {
  replace($('#person-result'),
    summary(p),
    el('h3', {}, 'Flags in force'), flagList(p.flags),
    el('h3', {}, `Timeline (${p.events.length} events)`), el('div', { class: 'table-wrap' }, timeline(p.events)));
}

async function load(person) {
  const result = $('#person-result');
  replace(result, el('p', { class: 'muted' }, 'Loading…'));
  try {
    render(await apiGet(`/api/people/${encodeURIComponent(person)}`));
  } catch (err) {
    const text = err.status === 404 ? `${person} is not in the ledger, or not in your AORs.`
      : err.status === 403 ? `Not available to you: ${err.message}.` : errorText(err);
    replace(result, el('p', { class: 'error', 'data-testid': 'person-error' }, text));
  }
}

// Entering the page, with an A-number from the address or none.
export function enterPerson(person) {
  const input = $('#person-input');
  if (!person) {
    input.focus();
    return;
  }
  input.value = person;
  load(person);
}

export function initPerson() {
  $('#person-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const person = $('#person-input').value.trim();
    const target = `#/person/${encodeURIComponent(person)}`;
    if (!person) return;
    if (location.hash === target) load(person);
    else location.hash = target;
  });
}
