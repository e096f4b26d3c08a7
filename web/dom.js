// Small DOM and formatting helpers. Text always goes in as text, never as HTML.

export const $ = (selector, root = document) => root.querySelector(selector);

// el('a', {href: '#', class: 'x', onclick: fn}, 'text', child, ...)
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    // through the CSSOM: a style attribute is inline CSS, which the CSP refuses
    else if (key === 'style') node.style.cssText = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export function fmtInt(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US');
}

// A rate from 0 to 1 as a percentage; '–' for null.
export function fmtRate(rate, digits = 1) {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(digits)}%`;
}

// An RFC 3339 UTC time as "YYYY-MM-DD HH:MM" (UTC).
export function fmtTime(iso) {
  return iso ? iso.replace('T', ' ').slice(0, 16) : '–';
}

// A Date as the UTC date YYYY-MM-DD.
function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

// The date days before today (UTC).
export function daysAgo(days) {
  return isoDate(new Date(Date.now() - days * 86400000));
}

// Utilization of beds, from 0 (null when there are no beds).
export function utilization(population, capacity) {
  return capacity > 0 ? population / capacity : null;
}

// A bar with the percentage beside it, coloured by how full it is.
export function utilBar(population, capacity) {
  const rate = utilization(population, capacity);
  const level = rate === null ? 'none' : rate > 1 ? 'over' : rate >= 0.9 ? 'high' : 'ok';
  const width = rate === null ? 0 : Math.min(rate, 1) * 100;
  return el('span', { class: `util util-${level}` },
    el('span', { class: 'util-track' }, el('span', { class: 'util-fill', style: `width:${width}%` })),
    el('span', { class: 'util-pct' }, rate === null ? '–' : fmtRate(rate, 0)));
}

// A link to a person's page.
export function personLink(person) {
  return el('a', { href: `#/person/${person}`, class: 'person', 'data-testid': 'person-link' }, person);
}

// A small label: badge('overdue', 'status-overdue').
export function badge(text, kind = '') {
  return el('span', { class: `badge ${kind}` }, text);
}

export const ROLE_MESSAGE = 'Not available for your role.';

// The message for an API error where data should have been.
export function errorText(err) {
  if (err.status === 403) return ROLE_MESSAGE;
  return `Could not load: ${err.message}`;
}

export function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}
