// The dashboard in a real browser (Debian's chromium through playwright-core).
//
//   PERSON=A.. BIRTH_COUNTRY=CC FACILITY=CODE node tests/e2e/browser.mjs [BASE_URL [TOKEN [SCREENSHOT_DIR]]]
//
// BASE_URL, TOKEN and SCREENSHOT_DIR may come from the environment instead
// (CUSTODY_URL, CUSTODY_TOKEN, SCREENSHOTS); PERSON is an A-number arrested
// and not detained, BIRTH_COUNTRY their birth country, FACILITY an open
// facility with a free bed for them; CHROMIUM the browser (default
// /usr/bin/chromium, never downloaded). It signs in,
// waits for the population chart, reads F's population, books PERSON in at F
// through the form, sees F's population go up by one, opens PERSON's page,
// finds PERSON with the public locator, opens the Public data page (its
// charts drawn with PUBLIC_DAYS days and PUBLIC_FACILITIES facilities) and
// signs out. A screenshot (PNG) at
// each step goes to SCREENSHOT_DIR. Exit status 1 on any failure.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

// playwright-core is a devDependency of web/ (web/package.json).
const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [argUrl, argToken, argShots] = process.argv.slice(2);
const BASE = (argUrl || process.env.CUSTODY_URL || '').replace(/\/$/, '');
const TOKEN = argToken || process.env.CUSTODY_TOKEN;
const SHOTS = argShots || process.env.SCREENSHOTS;
const { PERSON, BIRTH_COUNTRY, FACILITY } = process.env;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20000;

function usage(message) {
  console.error(`browser.mjs: ${message}`);
  console.error('usage: [PERSON=A.. BIRTH_COUNTRY=CC FACILITY=CODE] node browser.mjs BASE_URL TOKEN SCREENSHOT_DIR');
  process.exit(2);
}

if (!BASE) usage('no base URL (argument 1 or CUSTODY_URL)');
if (!TOKEN) usage('no token (argument 2 or CUSTODY_TOKEN)');
if (!SHOTS) usage('no screenshot directory (argument 3 or SCREENSHOTS)');
if (!PERSON || !BIRTH_COUNTRY || !FACILITY) usage('PERSON, BIRTH_COUNTRY and FACILITY must be set');

class Failure extends Error {}

let shot = 0;
async function screenshot(page, name) {
  shot += 1;
  const file = path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header at the top of a full page
  await page.screenshot({ path: file, fullPage: true });
  console.log(`   screenshot ${file}`);
}

// Run one step: its name, then fn; a timeout becomes a failure naming the step.
async function step(name, fn) {
  console.log(`-- ${name}`);
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Failure) throw err;
    throw new Failure(`${name}: ${err.message.split('\n')[0]}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

const number = (text) => Number(text.replace(/[^0-9-]/g, ''));

async function visible(page, selector) {
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: TIMEOUT });
}

// The chart of canvas id exists as a Chart.js instance with data, has a size
// and has drawn pixels.
function chartDrawn(id) {
  const canvas = document.getElementById(id);
  const chart = canvas && window.Chart?.getChart(canvas);
  if (!chart || !chart.data.datasets.some((d) => d.data.length > 0)) return false;
  if (canvas.width === 0 || canvas.height === 0 || canvas.clientHeight === 0) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}

async function facilityPopulation(page) {
  const cell = page.locator(`tr[data-facility="${FACILITY}"] td[data-col="population"]`);
  await cell.waitFor({ state: 'visible', timeout: TIMEOUT });
  return number(await cell.innerText());
}

async function signIn(page) {
  await page.goto(`${BASE}/`);
  await visible(page, '#token');
  await screenshot(page, 'signin');
  await page.fill('#token', TOKEN);
  await page.click('#signin');
  await visible(page, '#view-overview');
  const who = await page.innerText('#whoami');
  console.log(`   signed in as ${who}`);
}

async function waitForOverview(page) {
  await page.waitForFunction(chartDrawn, 'population-chart', { timeout: TIMEOUT });
  await page.waitForFunction(() => /\d/.test(document.getElementById('national-population').textContent),
    null, { timeout: TIMEOUT });
  const before = {
    facility: await facilityPopulation(page),
    national: number(await page.innerText('#national-population')),
    name: await page.innerText(`tr[data-facility="${FACILITY}"] td[data-col="name"]`),
  };
  console.log(`   ${FACILITY} (${before.name}) holds ${before.facility}; the nation ${before.national}`);
  await screenshot(page, 'overview');
  return before;
}

async function recordBookIn(page) {
  await page.click('[data-testid=nav-record]');
  await visible(page, '#event-form');
  await page.selectOption('#ev-type', 'book_in');
  await page.fill('#ev-person', PERSON);
  await page.locator(`#ev-facility option[value="${FACILITY}"]`).waitFor({ state: 'attached', timeout: TIMEOUT });
  await page.selectOption('#ev-facility', FACILITY);
  const id = await page.inputValue('#ev-id');
  expect(/^web-[0-9a-f]+$/.test(id), `the form's id is "${id}", not web- and random hex`);
  expect((await page.inputValue('#ev-at')) !== '', 'the form has no time (at) by default');
  await screenshot(page, 'record-form');
  await page.click('#ev-submit');
  const answer = page.locator('[data-testid^=ev-answer-]');
  await answer.waitFor({ state: 'visible', timeout: TIMEOUT });
  const text = await answer.innerText();
  await screenshot(page, 'recorded');
  expect(await answer.getAttribute('data-testid') === 'ev-answer-ok', `the book_in was not stored: ${text}`);
  expect(text.includes('201') && text.includes(id), `the answer is not "201" with the id ${id}: ${text}`);
  return id;
}

async function seePopulationRise(page, before) {
  await page.click('[data-testid=nav-overview]');
  await visible(page, '#view-overview');
  const want = before.facility + 1;
  try {
    await page.waitForFunction(({ facility, want }) => {
      const cell = document.querySelector(`tr[data-facility="${facility}"] td[data-col="population"]`);
      return cell && Number(cell.textContent.replace(/[^0-9-]/g, '')) === want;
    }, { facility: FACILITY, want }, { timeout: TIMEOUT });
  } catch {
    throw new Failure(`${FACILITY}'s population did not go from ${before.facility} to ${want}: it shows ${await facilityPopulation(page)}`);
  }
  const national = number(await page.innerText('#national-population'));
  expect(national === before.national + 1, `the national population is ${national}, not ${before.national + 1}`);
  await page.locator(`tr[data-facility="${FACILITY}"]`).scrollIntoViewIfNeeded();
  await screenshot(page, 'overview-after');
}

async function openPerson(page, eventId) {
  await page.click('[data-testid=nav-person]');
  await page.fill('#person-input', PERSON);
  await page.click('[data-testid=person-submit]');
  await visible(page, '[data-testid=person-state]');
  const state = await page.innerText('[data-testid=person-state]');
  expect(state.startsWith('Detained') && state.includes(FACILITY), `the person page says "${state}", not detained at ${FACILITY}`);
  const row = page.locator(`[data-testid=person-timeline] tr[data-event="${eventId}"]`);
  expect(await row.count() === 1, `the timeline has no row for the event ${eventId}`);
  await screenshot(page, 'person');
}

async function locate(page, facilityName) {
  await page.click('[data-testid=nav-locate]');
  await visible(page, '#locate-form');
  await page.check('#loc-mode-a');
  await page.fill('#loc-a', PERSON);
  await page.fill('#loc-country', BIRTH_COUNTRY);
  await page.click('#locate-submit');
  await visible(page, '[data-testid=locate-matches], [data-testid=locate-message]');
  const text = await page.innerText('#locate-result');
  expect(await page.locator('[data-testid=locate-facility]').count() === 1
    && (await page.innerText('[data-testid=locate-facility]')) === facilityName,
  `the locator does not show ${PERSON} at "${facilityName}": ${text}`);
  await screenshot(page, 'locator');
  await page.fill('#loc-a', 'A-999-999-999');
  await page.click('#locate-submit');
  await page.waitForFunction(() => /Not found/.test(document.getElementById('locate-result').textContent),
    null, { timeout: TIMEOUT });
  await screenshot(page, 'locator-not-found');
}

// The Public data page: ICE's monthly ADP and the daily population in one
// chart, book-ins by agency, a facility's daily population (PUBLIC_DAYS
// days imported, of PUBLIC_FACILITIES facilities).
async function publicData(page) {
  await page.click('[data-testid=nav-public]');
  await visible(page, '#view-public');
  for (const id of ['public-national-chart', 'public-bookins-chart', 'public-facility-chart']) {
    await page.waitForFunction(chartDrawn, id, { timeout: TIMEOUT });
  }
  const sizes = (id) => page.evaluate((canvas) => window.Chart.getChart(document.getElementById(canvas))
    .data.datasets.map((d) => d.data.length), id);
  const [adp, daily] = await sizes('public-national-chart');
  const days = Number(process.env.PUBLIC_DAYS);
  expect(adp >= 1 && daily === days, `the national chart has ${adp} months of ADP and ${daily} days, not ${days}`);
  const options = await page.locator('#public-facility option').count();
  expect(options === Number(process.env.PUBLIC_FACILITIES),
    `the facility picker has ${options} facilities, not ${process.env.PUBLIC_FACILITIES}`);
  const [facilityDays] = await sizes('public-facility-chart');
  expect(facilityDays === days, `the facility's chart has ${facilityDays} days, not ${days}`);
  const [ice] = await sizes('public-bookins-chart');
  expect(ice >= 1, 'the book-ins chart has no fiscal year');
  console.log(`   ${adp} months of ADP, ${daily} days, ${options} facilities`);
  await screenshot(page, 'public-data');
}

async function signOut(page) {
  await page.click('#signout');
  await visible(page, '#signin-form');
  expect(await page.evaluate(() => sessionStorage.getItem('custody.token')) === null, 'the token is still in sessionStorage');
  expect(await page.locator('#nav').isHidden(), 'the navigation is still shown after signing out');
  await screenshot(page, 'signed-out');
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'custody-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    timezoneId: 'UTC',
  });
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  // what the Content-Security-Policy refused (Chromium does not report it as a console message)
  const cspViolations = [];
  await context.exposeBinding('reportCsp', (_source, text) => cspViolations.push(text));
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.reportCsp(`${e.violatedDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)));
  try {
    await step('sign in', () => signIn(page));
    const before = await step('the overview, its chart drawn', () => waitForOverview(page));
    const id = await step(`book ${PERSON} in at ${FACILITY} through the form`, () => recordBookIn(page));
    await step(`${FACILITY}'s population goes up by one`, () => seePopulationRise(page, before));
    await step(`${PERSON}'s page`, () => openPerson(page, id));
    await step('the public locator', () => locate(page, before.name));
    await step('the public data page, its charts drawn', () => publicData(page));
    await step('sign out', () => signOut(page));
    expect(pageErrors.length === 0, `errors in the page: ${pageErrors.join('; ')}`);
    expect(cspViolations.length === 0, `the Content-Security-Policy refused: ${cspViolations.join('; ')}`);
  } catch (err) {
    for (const text of consoleErrors) console.error(`   browser console: ${text}`);
    await page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => console.log('browser: all steps passed'), (err) => {
  console.error(`FAIL [browser]: ${err instanceof Failure ? err.message : err.stack}`);
  console.error(`(screenshots in ${SHOTS})`);
  process.exit(1);
});
