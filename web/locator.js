// The public detainee locator (GET /api/locate): no sign-in.

import { apiGet } from './api.js';
import { $, el, replace } from './dom.js';

const NAME_FIELDS = ['#loc-family', '#loc-given', '#loc-birth-date'];

function byName() {
  return $('#loc-mode-name').checked;
}

function setMode() {
  const name = byName();
  $('#loc-by-a').hidden = name;
  $('#loc-by-name').hidden = !name;
  $('#loc-a').required = !name;
  $('#loc-family').required = name;
  $('#loc-given').required = name;
  $('#loc-a').disabled = name;
  for (const id of NAME_FIELDS) $(id).disabled = !name;
}

function query() {
  const country = $('#loc-country').value.trim().toUpperCase();
  if (!byName()) return { a: $('#loc-a').value.trim(), birth_country: country };
  return {
    family_name: $('#loc-family').value.trim(),
    given_name: $('#loc-given').value.trim(),
    birth_country: country,
    birth_date: $('#loc-birth-date').value || undefined,
  };
}

function matchItem(match) {
  if (match.status !== 'detained') {
    return el('li', { class: 'match', 'data-status': match.status },
      el('strong', {}, 'Released'), el('span', { class: 'muted' }, ' — no longer in ICE detention'));
  }
  return el('li', { class: 'match', 'data-status': 'detained' },
    el('strong', { 'data-testid': 'locate-facility' }, match.facility),
    el('div', {}, [match.city, match.state].filter(Boolean).join(', ')),
    el('div', { class: 'muted' }, `Area of responsibility: ${match.aor}`));
}

function failureText(err) {
  if (err.status === 404) return 'Not found. Nobody detained now or released in the last 60 days matches exactly.';
  if (err.status === 429) {
    const seconds = err.retryAfter ?? 60;
    return `Too many searches. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  }
  return `The search failed: ${err.message}`;
}

async function search(e) {
  e.preventDefault();
  const result = $('#locate-result');
  replace(result, el('p', { class: 'muted' }, 'Searching…'));
  try {
    const { matches } = await apiGet('/api/locate', query(), { auth: false });
    replace(result, el('ul', { class: 'matches', 'data-testid': 'locate-matches' }, matches.map(matchItem)));
  } catch (err) {
    replace(result, el('p', { class: err.status === 404 ? 'notice' : 'error', 'data-testid': 'locate-message' },
      failureText(err)));
  }
}

export function initLocator() {
  for (const id of ['#loc-mode-a', '#loc-mode-name']) $(id).addEventListener('change', setMode);
  $('#locate-form').addEventListener('submit', search);
  setMode();
}
