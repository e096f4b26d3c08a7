// Tables sortable by clicking their column headers, showing at most `cap` rows.
//
// columns: [{key, label, numeric, nowrap, value: row => sortable value, cell: row => node|text}]
// (value defaults to row[key], cell to value).

import { el, fmtInt, replace } from './dom.js';

export function sortableTable({ testid, columns, cap = 500, sort = null, rowAttrs = () => ({}) }) {
  let rows = [];
  let order = sort; // {key, dir: 1|-1} or null for the rows' own order
  const head = el('thead');
  const body = el('tbody');
  const note = el('p', { class: 'table-note', 'data-testid': `${testid}-note` });
  const table = el('table', { class: 'data', 'data-testid': testid }, head, body);
  const element = el('div', { class: 'table-wrap' }, table, note);

  const valueOf = (col, row) => (col.value ? col.value(row) : row[col.key]);

  function compare(a, b) {
    const col = columns.find((c) => c.key === order.key);
    const x = valueOf(col, a);
    const y = valueOf(col, b);
    if (x === y) return 0;
    if (x === null || x === undefined) return 1; // unknown values last, either way
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * order.dir;
  }

  function headerCell(col) {
    const active = order?.key === col.key;
    const ariaSort = active ? (order.dir > 0 ? 'ascending' : 'descending') : 'none';
    const button = el('button', { type: 'button', onclick: () => sortBy(col) }, col.label);
    return el('th', { class: col.numeric ? 'num' : null, 'aria-sort': ariaSort, 'data-key': col.key }, button);
  }

  function sortBy(col) {
    const dir = order?.key === col.key ? -order.dir : col.numeric ? -1 : 1;
    order = { key: col.key, dir };
    render();
  }

  const cellClass = (col) => [col.numeric && 'num', col.nowrap && 'nowrap'].filter(Boolean).join(' ') || null;

  function rowElement(row) {
    const cells = columns.map((col) => el('td', { class: cellClass(col), 'data-col': col.key },
      col.cell ? col.cell(row) : valueOf(col, row) ?? '–'));
    return el('tr', rowAttrs(row), cells);
  }

  function render() {
    replace(head, el('tr', {}, columns.map(headerCell)));
    const sorted = order ? [...rows].sort(compare) : rows;
    const shown = sorted.slice(0, cap);
    const fragment = document.createDocumentFragment();
    fragment.append(...shown.map(rowElement));
    body.replaceChildren(fragment);
    note.textContent = rows.length === 0 ? 'None.'
      : rows.length > cap ? `Showing ${fmtInt(cap)} of ${fmtInt(rows.length)}.` : '';
  }

  function setRows(newRows) {
    rows = newRows;
    render();
  }

  render();
  return { element, setRows };
}
