// Lighthouse on the built web app, served by a real `msfit serve` (see run.sh, which calls this).
// Starts the server on 127.0.0.1 with a temporary database and its clock pinned to LH_DATE (UTC
// noon; default: today), makes a person account with a profile, a plan and today's check-in
// through the API, then measures each page with Lighthouse's defaults (mobile form factor,
// simulated throttling) in a fresh headless Chromium, the session cookie sent as an extra header.
// /today is measured twice: as a first visit today (the check-in form) and as a visit after the
// check-in (localStorage msfit.checkin.<id> set, as the app leaves it: the day's session).
//   node measure.mjs <msfit binary> <web/dist> [report dir]
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const [binArg, distArg, reportArg] = process.argv.slice(2);
if (!binArg || !distArg) {
  console.error('usage: node measure.mjs <msfit binary> <web/dist> [report dir]');
  process.exit(2);
}
const bin = resolve(binArg);
const dist = resolve(distArg);
const today = process.env.LH_DATE || new Date().toISOString().slice(0, 10);
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const reports = reportArg ? resolve(reportArg) : mkdtempSync(join(tmpdir(), 'msfit-lighthouse-'));
mkdirSync(reports, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'msfit-lighthouse-db-'));

// The server, its address read from what it prints.
const server = spawn(bin, ['--db', join(tmp, 'lighthouse.db'), 'serve', '--bind', '127.0.0.1', '--port', '0',
  '--web', dist, '--access-log', 'off', '--clock-start', today], { stdio: ['ignore', 'pipe', 'pipe'] });
const stop = () => {
  try { server.kill('SIGTERM'); } catch { /* gone */ }
  rmSync(tmp, { recursive: true, force: true });
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));
let out = '';
const base = await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error('the server did not start: ' + out)), 30000);
  const onData = (d) => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) { clearTimeout(timer); ok(m[0]); }
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
  server.on('exit', (code) => fail(new Error(`the server exited (${code}): ${out}`)));
});

// --- the account, through the API ---------------------------------------------------------------
async function call(method, path, body, session) {
  const headers = { 'Content-Type': 'application/json' };
  if (session) Object.assign(headers, { Cookie: session.cookie, 'X-CSRF-Token': session.csrf });
  const res = await fetch(base + '/api/v1' + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { res, json: text ? JSON.parse(text) : null };
}
const cred = { name: 'lighthouse', password: 'correct horse battery' };
await call('POST', '/accounts', cred);
const signedIn = await call('POST', '/auth/sessions', cred);
const cookie = signedIn.res.headers.get('set-cookie').split(';')[0];
const session = { cookie, csrf: signedIn.json.csrf_token };
const accountId = signedIn.json.account.id;
const profile = JSON.parse(readFileSync(join(here, '../../examples/profile.json'), 'utf8'));
await call('PUT', '/profile', { ...profile, start_date: today }, session);
await call('POST', '/plan', null, session);
await call('POST', '/checkins', { client_id: 'lighthouse-checkin', fatigue: 3, sleep_quality: 7, hot: false, date: today }, session);

// --- Lighthouse ---------------------------------------------------------------------------------
const pages = [
  { name: 'home', path: '/' },
  { name: 'today-checkin-form', path: '/today' },
  { name: 'today-checked-in', path: '/today', checkedIn: true },
  { name: 'progress', path: '/progress' },
];
const audit = (lhr, id) => lhr.audits[id];
const chromeFlags = ['--headless=new', '--no-sandbox'];

// localStorage as the app leaves it after today's check-in, set from a page of the origin that
// loads none of the app (so nothing of it is cached). Lighthouse's storage reset clears caches
// and service workers, not localStorage.
async function seedCheckIn(port) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  const tab = await browser.newPage();
  await tab.goto(base + '/api/v1/health');
  await tab.evaluate((k, v) => localStorage.setItem(k, v), `msfit.checkin.${accountId}`, today);
  await tab.close();
  await browser.disconnect();
}

// Which elements shift and which one is the LCP, seen by the page's own PerformanceObservers
// in the same mobile viewport (Lighthouse 12.2's trace engine cannot read Chromium 13x's frame
// events, so its layout-shifts and LCP-element audits fail; the metrics themselves are fine).
async function observe(page) {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  try {
    if (page.checkedIn) await seedCheckIn(chrome.port);
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
    const tab = await browser.newPage();
    await tab.emulate({ viewport: { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
      userAgent: await browser.userAgent() });
    await tab.setExtraHTTPHeaders({ Cookie: cookie });
    await tab.emulateCPUThrottling(4);
    await tab.evaluateOnNewDocument(() => {
      const describe = (n) => {
        if (!n || !n.tagName) return n ? n.nodeName : '(removed)';
        const cls = typeof n.className === 'string' && n.className ? '.' + n.className.trim().split(/\s+/).join('.') : '';
        return `${n.tagName.toLowerCase()}${n.id ? '#' + n.id : ''}${cls} "${(n.textContent || '').trim().slice(0, 40)}"`;
      };
      const rect = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
      globalThis.__shifts = [];
      globalThis.__lcp = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          globalThis.__shifts.push({ t: Math.round(e.startTime), value: e.value,
            sources: e.sources.map((x) => `${describe(x.node)} ${rect(x.previousRect)} -> ${rect(x.currentRect)}`) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) globalThis.__lcp.push({ t: Math.round(e.startTime), node: describe(e.element), size: e.size });
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    await tab.goto(base + page.path, { waitUntil: 'networkidle0' });
    await new Promise((r) => setTimeout(r, 2000));
    const seen = await tab.evaluate(() => ({ shifts: globalThis.__shifts, lcp: globalThis.__lcp }));
    await browser.disconnect();
    return seen;
  } finally {
    await chrome.kill();
  }
}
const results = [];
for (const page of pages) {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  try {
    if (page.checkedIn) await seedCheckIn(chrome.port);
    const result = await lighthouse(base + page.path, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      extraHeaders: { Cookie: cookie },
    });
    const file = join(reports, `${page.name}.report.json`);
    writeFileSync(file, result.report);
    results.push({ page, lhr: result.lhr, file });
  } finally {
    await chrome.kill();
  }
  results.at(-1).seen = await observe(page);
}

// --- the figures --------------------------------------------------------------------------------
const score = (lhr, id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
console.log(`date ${today}, Lighthouse ${results[0]?.lhr.lighthouseVersion}, ${results[0]?.lhr.environment.hostUserAgent}`);
console.log('page                  perf  a11y  best   CLS     LCP ms  TBT ms  FCP ms');
for (const { page, lhr } of results) {
  const n = (id) => audit(lhr, id)?.numericValue ?? NaN;
  console.log([
    page.name.padEnd(20),
    String(score(lhr, 'performance')).padStart(5),
    String(score(lhr, 'accessibility')).padStart(5),
    String(score(lhr, 'best-practices')).padStart(5),
    n('cumulative-layout-shift').toFixed(3).padStart(7),
    n('largest-contentful-paint').toFixed(0).padStart(9),
    n('total-blocking-time').toFixed(0).padStart(7),
    n('first-contentful-paint').toFixed(0).padStart(7),
  ].join(' '));
}
// What costs points: shifting elements, the LCP element, render-blocking requests, failed
// accessibility and best-practice audits.
for (const { page, lhr, file, seen } of results) {
  const lines = [];
  for (const s of seen.shifts) {
    lines.push(`  shift ${s.value.toFixed(3)} at ${s.t} ms (seen by the page, 4x CPU; boxes x,y w x h before -> after):`);
    for (const src of s.sources) lines.push(`    ${src}`.slice(0, 200));
  }
  const lcp = seen.lcp.at(-1);
  if (lcp) lines.push(`  LCP element (at ${lcp.t} ms unthrottled network, 4x CPU): ${lcp.node}`.slice(0, 200));
  for (const t of audit(lhr, 'long-tasks')?.details?.items ?? []) {
    if (t.duration >= 50) lines.push(`  long task ${Math.round(t.duration)} ms at ${Math.round(t.startTime)} ms: ${t.url}`);
  }
  for (const id of ['accessibility', 'best-practices']) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const a = audit(lhr, ref.id);
      if (ref.weight > 0 && a.score !== null && a.score < 1) lines.push(`  ${id} fails ${a.id}: ${a.title}`);
    }
  }
  console.log(`${page.name} (${file})`);
  if (lines.length) console.log(lines.join('\n'));
}
// The server's child pipes would keep Node running.
stop();
process.exit(0);
