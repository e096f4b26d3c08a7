// The dashboard: sign-in, the views (#/overview, #/person/A, #/record,
// #/public, #/locate, #/signin) and the refresh timers.

import { apiGet, canReadPeople, session, token, whenUnauthorized } from './api.js';
import { $, el, replace } from './dom.js';
import { initLocator } from './locator.js';
import { initOverview, refreshLive, refreshSlow } from './overview.js';
import { enterPerson, initPerson } from './person.js';
import { enterPublic } from './public.js';
import { enterRecord, initRecord } from './record.js';

const LIVE_SECONDS = 30;
const SLOW_SECONDS = 300;
const NOTICE_KEY = 'custody.notice';
const PUBLIC_VIEWS = new Set(['signin', 'locate']);
const PEOPLE_VIEWS = new Set(['person', 'record']);
const ENTER = { person: enterPerson, record: enterRecord, public: enterPublic };
const EXPIRED = 'Your session has ended (the token is no longer valid). Sign in again.';

function showView(name) {
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== `view-${name}`;
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('active', link.dataset.view === name);
  }
}

// The view the address asks for, where the session allows it.
function route() {
  const [asked, arg] = location.hash.replace(/^#\/?/, '').split('/');
  const signedIn = session.me !== null;
  let view = asked || (signedIn ? 'overview' : 'signin');
  if (!document.getElementById(`view-${view}`)) view = signedIn ? 'overview' : 'signin';
  if (!signedIn && !PUBLIC_VIEWS.has(view)) view = 'signin';
  if (signedIn && view === 'signin') view = 'overview';
  if (PEOPLE_VIEWS.has(view) && !canReadPeople()) view = 'overview';
  showView(view);
  ENTER[view]?.(arg ? decodeURIComponent(arg) : null);
}

function showSession(me) {
  const scope = me.aors ? me.aors.join(', ') : 'all AORs';
  replace($('#whoami'), el('strong', {}, me.user), ` · ${me.role} · ${scope}`);
  $('#session').hidden = false;
  $('#nav').hidden = false;
  for (const link of document.querySelectorAll('#nav a.people')) link.hidden = !canReadPeople();
}

function startTimers() {
  setInterval(() => document.hidden || refreshLive(), LIVE_SECONDS * 1000);
  setInterval(() => document.hidden || refreshSlow(), SLOW_SECONDS * 1000);
  document.addEventListener('visibilitychange', () => document.hidden || refreshLive());
}

async function begin() {
  session.me = await apiGet('/api/me');
  showSession(session.me);
  route();
  startTimers();
  await Promise.all([refreshLive(), refreshSlow()]);
}

// Forget the token and start again from a clean page at the sign-in screen.
function endSession(notice) {
  token.clear();
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  location.hash = '#/signin';
  location.reload();
}

async function signIn(e) {
  e.preventDefault();
  const error = $('#signin-error');
  error.textContent = '';
  token.set($('#token').value.trim());
  try {
    await begin();
    $('#token').value = '';
  } catch (err) {
    token.clear();
    session.me = null;
    error.textContent = err.status === 401 ? 'This token is not valid.' : `Could not sign in: ${err.message}`;
  }
}

function showNotice() {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  $('#signin-error').textContent = notice ?? '';
}

function init() {
  initOverview();
  initPerson();
  initRecord();
  initLocator();
  whenUnauthorized(() => endSession(EXPIRED));
  $('#signin-form').addEventListener('submit', signIn);
  $('#signout').addEventListener('click', () => endSession(null));
  window.addEventListener('hashchange', route);
  showNotice();
  if (token.get()) {
    begin().catch((err) => endSession(err.status === 401 ? EXPIRED : `Could not reach the server: ${err.message}`));
  } else {
    route();
  }
}

init();
