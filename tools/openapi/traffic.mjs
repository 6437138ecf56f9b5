// Drives the real `msfit serve` through `prism proxy`, which checks every request and answer
// against the OpenAPI document and reports what breaks it in the `sl-violations` header.
//   node traffic.mjs PROXY_URL OPENAPI_JSON PROFILE_JSON
// Calls every operation of the document at least once with a valid request, as each role
// (person, clinician, researcher, admin), and the error answers the server gives: 400, 401,
// 403, 404, 409, 413, 415, 422 and 429. Prints a table of operations by statuses seen, then
// exits 1 if an answer broke the document, a valid request broke it, an answer came from the
// proxy rather than the server, a status was not the one expected, or an operation of the
// document was never answered with a 2xx.
// TRAFFIC_VERBOSE=1 prints every answer (the body too for errors).
// Node.js 18 or later; no dependencies (the built-in fetch).
import { readFileSync } from 'node:fs';

const [base, documentPath, profilePath] = process.argv.slice(2);
if (!base || !documentPath || !profilePath) {
  console.error('usage: node traffic.mjs PROXY_URL OPENAPI_JSON PROFILE_JSON');
  process.exit(2);
}
const document = JSON.parse(readFileSync(documentPath, 'utf8'));
const exampleProfile = JSON.parse(readFileSync(profilePath, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = [];
for (const [path, item] of Object.entries(document.paths)) {
  for (const method of METHODS) {
    if (item[method]) operations.push(`${method.toUpperCase()} ${path}`);
  }
}
const verbose = process.env.TRAFFIC_VERBOSE === '1'; // print every answer
const seen = new Map(operations.map((op) => [op, new Map()])); // op -> status -> count
const failures = [];
const unflagged = []; // deliberately bad requests that prism found nothing wrong with
let requests = 0;

// A session: { token, csrf, account: { id, name, role } }.
function bearer(session) {
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}

// One request through the proxy. `op` is "METHOD /template"; options:
//   params: values for {id}; query: object; body: a value sent as JSON; raw: a string body;
//   type: its Content-Type; as: a session (bearer token); headers: more headers;
//   expect: the status expected; bad: the request deliberately breaks the document.
async function call(op, options = {}) {
  const { params = {}, query, body, raw, type, as, headers = {}, expect, bad = false } = options;
  if (!seen.has(op)) throw new Error(`${op} is not an operation of the document`);
  const [method, template] = op.split(' ');
  let path = template.replace(/\{(\w+)\}/g, (_, name) => {
    if (params[name] === undefined) throw new Error(`${op}: no value for {${name}}`);
    return encodeURIComponent(String(params[name]));
  });
  if (query) path += `?${new URLSearchParams(query)}`;
  const sent = { ...bearer(as), ...headers };
  let payload;
  if (raw !== undefined) {
    payload = raw;
    sent['Content-Type'] = type || 'application/json';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    sent['Content-Type'] = type || 'application/json';
  }
  const response = await fetch(base + path, { method, headers: sent, body: payload });
  const bytes = Buffer.from(await response.arrayBuffer());
  requests += 1;
  const status = response.status;
  const label = `${op} -> ${status}${expect !== undefined && status !== expect ? ` (expected ${expect})` : ''}`;
  const statuses = seen.get(op);
  statuses.set(status, (statuses.get(status) || 0) + 1);

  // An answer without the server's "Server: msfit" header came from the proxy itself.
  if (response.headers.get('server') !== 'msfit') {
    failures.push(`${label}: answered by the proxy, not the server: ${bytes.toString().slice(0, 300)}`);
  }
  const header = response.headers.get('sl-violations');
  let violations = [];
  if (header) {
    try {
      violations = JSON.parse(header);
    } catch {
      violations = [{ location: ['response'], message: `unreadable sl-violations: ${header.slice(0, 300)}` }];
    }
  }
  const onRequest = violations.filter((v) => v.location && v.location[0] === 'request');
  const onResponse = violations.filter((v) => !(v.location && v.location[0] === 'request'));
  const describe = (v) => `${(v.location || []).join('.')}: ${v.message}`;
  for (const v of onResponse) failures.push(`${label}: the answer breaks the document: ${describe(v)}`);
  if (!bad) {
    for (const v of onRequest) failures.push(`${label}: the request breaks the document: ${describe(v)}`);
  } else if (onRequest.length === 0) {
    unflagged.push(label);
  }
  if (expect !== undefined && status !== expect) {
    failures.push(`${label}: ${bytes.toString().slice(0, 300)}`);
  }
  if (verbose) {
    const text = bytes.toString();
    const error = /^\{"error"/.test(text) ? ` ${text}` : '';
    console.log(`  ${op} -> ${status}${error}${violations.length > 0 ? ` [${violations.length} violations]` : ''}`);
  }
  let json;
  if ((response.headers.get('content-type') || '').startsWith('application/json') && bytes.length > 0) {
    try {
      json = JSON.parse(bytes.toString());
    } catch {
      failures.push(`${label}: the body is not JSON`);
    }
  }
  return { status, json, headers: response.headers, bytes };
}

async function signUp(name, password, role) {
  const r = await call('POST /api/v1/accounts', { body: role ? { name, password, role } : { name, password }, expect: 201 });
  return r.json;
}

async function signIn(name, password) {
  const r = await call('POST /api/v1/auth/sessions', { body: { name, password }, expect: 201 });
  if (!r.json) throw new Error(`cannot sign in as ${name}`);
  return { token: r.json.token, csrf: r.json.csrf_token, account: r.json.account };
}

let clientIds = 0;
const clientId = (what) => `traffic-${what}-${++clientIds}`;

// A JSON value nested `depth` levels deep.
function nested(depth) {
  let v = 1;
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

async function main() {
  const started = Date.now();
  const today = '2027-03-01';

  // --- Public documents and accounts ---
  await call('GET /api/v1/health', { expect: 200 });
  await call('GET /api/openapi.json', { expect: 200 });
  await signUp('pat', 'pat-password-1');
  await signUp('sam', 'sam-password-1', 'person');
  await signUp('dr-lind', 'dr-lind-password-1', 'clinician');
  await signUp('dr-berg', 'dr-berg-password-1', 'clinician');
  await signUp('prof-ek', 'prof-ek-password-1', 'researcher');
  const victim = await signUp('leaver', 'leaver-password-1');
  await call('POST /api/v1/accounts', { body: { name: 'pat', password: 'another-password-1' }, expect: 409 });
  await call('POST /api/v1/accounts', { body: { name: 'short', password: 'short' }, expect: 422, bad: true });
  await call('POST /api/v1/accounts', { body: { name: 'boss', password: 'boss-password-1', role: 'admin' }, expect: 422, bad: true });

  const pat = await signIn('pat', 'pat-password-1');
  const sam = await signIn('sam', 'sam-password-1');
  const lind = await signIn('dr-lind', 'dr-lind-password-1');
  const berg = await signIn('dr-berg', 'dr-berg-password-1');
  const ek = await signIn('prof-ek', 'prof-ek-password-1');
  const admin = await signIn('admin', 'admin-password-1');
  // One wrong password. Wrong passwords also count per address (all of these come from the
  // proxy's): 10 are free, so the run stays below that before the 429 at its end.
  await call('POST /api/v1/auth/sessions', { body: { name: 'sam', password: 'not-the-password' }, expect: 401 });
  await call('POST /api/v1/auth/sessions', { body: { name: 'sam' }, expect: 422, bad: true });

  // --- Who one is; 401 without a session or with an unknown one ---
  await call('GET /api/v1/me', { as: pat, expect: 200 });
  await call('GET /api/v1/me', { expect: 401, bad: true });
  await call('GET /api/v1/me', { headers: { Authorization: 'Bearer 0000' }, expect: 401 });
  await call('PATCH /api/v1/me', { as: pat, body: { language: 'sv' }, expect: 200 });
  await call('PATCH /api/v1/me', { as: pat, body: { language: 'de' }, expect: 422, bad: true });
  await call('PATCH /api/v1/me', { as: pat, body: { language: 'en' }, expect: 200 });
  await call('GET /api/v1/me/audit', { as: pat, expect: 200 });
  await call('GET /api/v1/me/audit', { as: pat, query: { limit: '0' }, expect: 422, bad: true });
  await call('GET /api/v1/me/audit', { as: pat, query: { limit: '5' }, expect: 200 });

  // --- A person's profile and plan ---
  await call('GET /api/v1/profile', { as: pat, expect: 404 });
  await call('GET /api/v1/plan', { as: pat, expect: 404 });
  await call('POST /api/v1/plan', { as: pat, expect: 404 });
  await call('PUT /api/v1/profile', { as: pat, body: { ...exampleProfile, age: 12 }, expect: 422, bad: true });
  await call('PUT /api/v1/profile', { as: pat, body: { ...exampleProfile, start_date: '2027-02-01' }, expect: 200 });
  await call('GET /api/v1/profile', { as: pat, expect: 200 });
  await call('POST /api/v1/plan', { as: pat, expect: 201 });
  await call('GET /api/v1/plan', { as: pat, expect: 200 });
  const todayView = await call('GET /api/v1/sessions/today', { as: pat, expect: 200 });
  await call('GET /api/v1/sessions/today', { as: pat, query: { date: '2027-03-03' }, expect: 200 });
  await call('GET /api/v1/sessions/today', { as: pat, query: { date: 'someday' }, expect: 422, bad: true });
  const items = (todayView.json && todayView.json.items) || [];
  const planned = (modality) => items.map((i) => i.planned).find((p) => p && p.modality === modality);
  const strength = planned('strength');
  const balance = planned('balance');
  if (!strength || !balance) throw new Error('today has no strength or balance exercise to log');

  // --- The training log ---
  const setId = clientId('set');
  const set = { client_id: setId, exercise: strength.exercise, reps: 10, load_kg: 20, set: 1, rir: 3, completed: true, date: today };
  await call('POST /api/v1/sets', { as: pat, body: set, expect: 201 });
  await call('POST /api/v1/sets', { as: pat, body: set, expect: 200 });
  await call('POST /api/v1/sets', { as: pat, body: { ...set, client_id: clientId('set'), reps: -1 }, expect: 422, bad: true });
  // A set corrected (a mistyped load) and another deleted; a resend answers as the first did.
  const one = { as: pat, params: { client_id: setId } };
  const noSuchSet = { as: pat, params: { client_id: 'traffic-no-such-set' } };
  await call('PATCH /api/v1/sets/{client_id}', { ...one, body: { load_kg: 22.5, rir: null }, expect: 200 });
  await call('PATCH /api/v1/sets/{client_id}', { ...one, body: { load_kg: 22.5, rir: null }, expect: 200 });
  await call('PATCH /api/v1/sets/{client_id}', { ...one, body: { date: today }, expect: 422, bad: true });
  await call('PATCH /api/v1/sets/{client_id}', { ...noSuchSet, body: { reps: 8 }, expect: 404 });
  const mistake = { ...set, client_id: clientId('set'), set: 2 };
  await call('POST /api/v1/sets', { as: pat, body: mistake, expect: 201 });
  const gone = { as: pat, params: { client_id: mistake.client_id } };
  await call('DELETE /api/v1/sets/{client_id}', { ...gone, expect: 204 });
  await call('DELETE /api/v1/sets/{client_id}', { ...gone, expect: 204 });
  await call('DELETE /api/v1/sets/{client_id}', { ...noSuchSet, expect: 404 });
  await call('POST /api/v1/cardio', {
    as: pat,
    body: { client_id: clientId('cardio'), exercise: 'upright_stationary_bike', minutes: 20, mean_hr: 120, watts: 60, rpe: 4, date: today },
    expect: 201,
  });
  await call('POST /api/v1/items', {
    as: pat,
    body: { client_id: clientId('item'), exercise: balance.exercise, date: today, completed: true, rating: 'ok' },
    expect: 201,
  });
  await call('POST /api/v1/notes', { as: pat, body: { client_id: clientId('note'), text: 'Felt fine.', date: today }, expect: 201 });
  await call('POST /api/v1/checkins', {
    as: pat,
    body: { client_id: clientId('checkin'), fatigue: 3, sleep_quality: 7, hot: false, ambient_temp_c: 18.5, relapse: false, symptoms: ['spasticity'], date: today },
    expect: 201,
  });
  await call('POST /api/v1/checkins', {
    as: pat,
    body: { client_id: clientId('checkin'), fatigue: 3, symptoms: ['hiccups'] },
    expect: 422,
    bad: true,
  });
  // Nothing waits for a clearance yet: 409 for resume and for a medical clearance.
  await call('POST /api/v1/resume', { as: pat, body: { client_id: clientId('resume'), date: today }, expect: 409 });
  await call('POST /api/v1/clearances', { as: pat, body: { client_id: clientId('clear'), kind: 'medical', confirm: true }, expect: 409 });
  await call('POST /api/v1/clearances', { as: pat, body: { client_id: clientId('clear'), kind: 'relapse' }, expect: 422 });
  // A relapse pauses the plan; resume ends the pause. Another relapse; a clearance ends it.
  await call('POST /api/v1/checkins', { as: pat, body: { client_id: clientId('checkin'), fatigue: 6, relapse: true, date: today }, expect: 201 });
  await call('GET /api/v1/sessions/today', { as: pat, expect: 200 });
  await call('POST /api/v1/resume', { as: pat, body: { client_id: clientId('resume'), date: today }, expect: 201 });
  await call('POST /api/v1/checkins', { as: pat, body: { client_id: clientId('checkin'), fatigue: 6, relapse: true, date: today }, expect: 201 });
  await call('POST /api/v1/clearances', { as: pat, body: { client_id: clientId('clear'), kind: 'relapse', confirm: true, date: today }, expect: 201 });
  await call('POST /api/v1/swaps', { as: pat, body: { exercise: 'leg_press_machine', replacement: 'dumbbell_goblet_squat', reason: 'knee' }, expect: 201 });
  await call('POST /api/v1/swaps', { as: pat, body: { exercise: 'leg_press_machine', replacement: 'no_such_exercise' }, expect: 422 });
  // A swap for today only, from an offline outbox: the resend answers as the first time.
  const offered = items.find((i) => i.alternatives && i.alternatives.length > 0);
  if (!offered) throw new Error('today offers no alternative for any item');
  const todayOnly = { exercise: offered.planned.exercise, replacement: offered.alternatives[0].exercise, scope: 'today', date: today, client_id: clientId('swap') };
  await call('POST /api/v1/swaps', { as: pat, body: todayOnly, expect: 201 });
  await call('POST /api/v1/swaps', { as: pat, body: todayOnly, expect: 201 });
  await call('POST /api/v1/swaps', { as: pat, body: { ...todayOnly, client_id: clientId('swap'), scope: 'forever' }, expect: 422, bad: true });
  await call('GET /api/v1/plan/adjustments', { as: pat, expect: 200 });
  await call('POST /api/v1/measures', { as: pat, body: { client_id: clientId('measure'), id: 't25fw', trials: [6.2, 6.0], date: today }, expect: 201 });
  await call('POST /api/v1/measures', { as: pat, body: { client_id: clientId('measure'), id: 'nhpt', trials: [24.5], side: 'left', date: today }, expect: 201 });
  await call('POST /api/v1/measures', { as: pat, body: { client_id: clientId('measure'), id: 'edss', trials: [3.5] }, expect: 403 });
  await call('GET /api/v1/measures', { as: pat, expect: 200 });
  await call('GET /api/v1/measures', { as: pat, query: { id: 't25fw', from: '2027-01-01', to: today }, expect: 200 });
  await call('GET /api/v1/measures', { as: pat, query: { id: 'no_such_measure' }, expect: 422 });
  await call('GET /api/v1/history', { as: pat, expect: 200 });
  await call('GET /api/v1/history', { as: pat, query: { from: today, to: '2027-02-01' }, expect: 422 });
  await call('GET /api/v1/history.csv', { as: pat, query: { from: '2027-02-01', to: today }, expect: 200 });
  await call('GET /api/v1/progress', { as: pat, expect: 200 });
  // Cognitive training: a scored block, a resend, bad answers, a rating, the period's view.
  const block = {
    client_id: clientId('block'), date: today, task: 'span', untimed: false, minutes: 6, start_level: 2,
    answers: [{ right: true, ms: 2100 }, { right: true, ms: 1900 }, { right: true, ms: 2300 }, { right: false, ms: 4000 }],
  };
  await call('POST /api/v1/cognitive/blocks', { as: pat, body: block, expect: 201 });
  await call('POST /api/v1/cognitive/blocks', { as: pat, body: block, expect: 200 });
  await call('POST /api/v1/cognitive/blocks', {
    as: pat, body: { ...block, client_id: clientId('block'), untimed: true }, expect: 422,
  });
  await call('POST /api/v1/cognitive/blocks', {
    as: pat, body: { ...block, client_id: clientId('block'), start_level: 0 }, expect: 422, bad: true,
  });
  await call('POST /api/v1/cognitive/blocks', {
    as: pat, body: { client_id: clientId('block'), task: 'story', untimed: true, minutes: 8, start_level: 1, answers: [{ right: true }, { right: false }] }, expect: 201,
  });
  await call('POST /api/v1/cognitive/ratings', { as: pat, body: { client_id: clientId('rating'), date: today, rating: 4 }, expect: 201 });
  await call('POST /api/v1/cognitive/ratings', { as: pat, body: { client_id: clientId('rating'), rating: 11 }, expect: 422, bad: true });
  await call('GET /api/v1/cognitive', { as: pat, expect: 200 });
  await call('GET /api/v1/cognitive', { as: pat, query: { from: today, to: today, lang: 'sv' }, expect: 200 });
  await call('GET /api/v1/report', { as: pat, expect: 200 });
  await call('GET /api/v1/report', { as: pat, query: { format: 'html', lang: 'sv' }, expect: 200 });
  await call('GET /api/v1/report', { as: pat, query: { format: 'docx' }, expect: 422, bad: true });
  await call('GET /api/v1/me/export', { as: pat, expect: 200 });

  // --- Malformed bodies: 400, 413, 415, 422 ---
  // JSON that does not parse is answered by prism itself (its body parser), so the server's
  // 400 for it is reached with JSON that prism reads but the server does not: a lone UTF-16
  // surrogate.
  await call('POST /api/v1/notes', { as: pat, raw: '{"client_id":"x","text":"\\ud800"}', expect: 400 });
  await call('POST /api/v1/notes', { as: pat, raw: '["not", "an", "object"]', expect: 400, bad: true });
  await call('POST /api/v1/notes', { as: pat, raw: 'a note', type: 'text/plain', expect: 415, bad: true });
  await call('POST /api/v1/notes', { as: pat, body: { client_id: clientId('note'), text: 'x'.repeat(1100 * 1024) }, expect: 413, bad: true });
  await call('POST /api/v1/notes', { as: pat, body: { client_id: clientId('note'), text: nested(40) }, expect: 422, bad: true });
  await call('POST /api/v1/accounts', { raw: '{"name":"x","password":"a-password-\\udc00"}', expect: 400 });
  // Two Authorization headers (400) cannot be sent: fetch joins them into one, and prism's
  // Node.js server keeps only the first.

  // --- Roles: 403 for the wrong one; 403 for a cookie without its CSRF token ---
  await call('GET /api/v1/patients', { as: pat, expect: 403 });
  await call('GET /api/v1/profile', { as: lind, expect: 403 });
  await call('GET /api/v1/studies', { as: pat, expect: 403 });
  await call('GET /api/v1/admin/accounts', { as: lind, expect: 403 });
  await call('GET /api/v1/me/export', { as: admin, expect: 403 });
  const cookie = { Cookie: `msfit_session=${pat.token}` };
  await call('GET /api/v1/me', { headers: cookie, expect: 200 });
  await call('POST /api/v1/notes', { headers: cookie, body: { client_id: clientId('note'), text: 'via cookie' }, expect: 403 });
  await call('POST /api/v1/notes', {
    headers: { ...cookie, 'X-CSRF-Token': pat.csrf },
    body: { client_id: clientId('note'), text: 'via cookie' },
    expect: 201,
  });

  // --- A clinician, given access with an invite code ---
  const invite = await call('POST /api/v1/invites', { as: pat, expect: 201 });
  await call('POST /api/v1/patients', { as: lind, body: { code: 'ABCD-EFGH-JKMN' }, expect: 404 });
  const link = await call('POST /api/v1/patients', { as: lind, body: { code: invite.json.code.toLowerCase() }, expect: 201 });
  const patId = link.json.id;
  await call('GET /api/v1/clinicians', { as: pat, expect: 200 });
  await call('GET /api/v1/patients', { as: lind, expect: 200 });
  const id = { id: patId };
  await call('GET /api/v1/patients/{id}/profile', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/plan', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/sessions/today', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/history', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/history.csv', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/measures', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/progress', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/cognitive', { as: lind, params: id, expect: 200 });
  await call('GET /api/v1/patients/{id}/report', { as: lind, params: id, query: { format: 'html' }, expect: 200 });
  await call('GET /api/v1/patients/{id}/report', { as: lind, params: id, query: { format: 'pdf', lang: 'pl' }, expect: 200 });
  await call('POST /api/v1/patients/{id}/measures', {
    as: lind,
    params: id,
    body: { client_id: clientId('edss'), id: 'edss', trials: [3.5], date: today },
    expect: 201,
  });
  await call('POST /api/v1/patients/{id}/plan/adjustments', {
    as: lind,
    params: id,
    body: { kind: 'days', days: ['tue', 'thu', 'sat'], reason: 'works Mondays now' },
    expect: 201,
  });
  await call('POST /api/v1/patients/{id}/plan/adjustments', {
    as: lind,
    params: id,
    body: { kind: 'session_minutes', minutes: 45 },
    expect: 201,
  });
  await call('POST /api/v1/patients/{id}/plan/adjustments', {
    as: lind,
    params: id,
    body: { kind: 'clearance', standing_balance: true, vigorous_aerobic: false, reason: 'assessed in clinic' },
    expect: 201,
  });
  await call('POST /api/v1/patients/{id}/plan/adjustments', {
    as: lind,
    params: id,
    body: { kind: 'swap', exercise: 'machine_chest_press', replacement: 'dumbbell_bench_press' },
    expect: 201,
  });
  await call('POST /api/v1/patients/{id}/plan/adjustments', { as: lind, params: id, body: { kind: 'holiday' }, expect: 422, bad: true });
  await call('GET /api/v1/patients/{id}/plan/adjustments', { as: lind, params: id, expect: 200 });
  await call('POST /api/v1/patients/{id}/clearances', {
    as: lind,
    params: id,
    body: { client_id: clientId('clear'), kind: 'medical', date: today },
    expect: 409,
  });
  await call('POST /api/v1/checkins', {
    as: pat,
    body: { client_id: clientId('checkin'), fatigue: 4, symptoms: ['chest_pain'], date: today },
    expect: 201,
  });
  await call('GET /api/v1/patients', { as: lind, expect: 200 });
  await call('GET /api/v1/patients/{id}/sessions/today', { as: lind, params: id, expect: 200 });
  await call('POST /api/v1/patients/{id}/clearances', {
    as: lind,
    params: id,
    body: { client_id: clientId('clear'), kind: 'medical', date: today },
    expect: 201,
  });
  // 404: an unknown patient, and a person who gave this clinician no access.
  await call('GET /api/v1/patients/{id}/profile', { as: lind, params: { id: 999999 }, expect: 404 });
  await call('GET /api/v1/patients/{id}/profile', { as: berg, params: id, expect: 404 });
  await call('GET /api/v1/patients/{id}/plan', { as: lind, params: { id: sam.account.id }, expect: 404 });

  // --- A researcher's study ---
  const study = await call('POST /api/v1/studies', { as: ek, body: { title: 'Strength and walking speed' }, expect: 201 });
  await call('POST /api/v1/studies', { as: ek, body: { title: '' }, expect: 422, bad: true });
  await call('GET /api/v1/studies', { as: ek, expect: 200 });
  await call('POST /api/v1/studies/join', { as: pat, body: { code: study.json.join_code }, expect: 201 });
  await call('POST /api/v1/studies/join', { as: pat, body: { code: study.json.join_code }, expect: 409 });
  await call('POST /api/v1/studies/join', { as: sam, body: { code: 'ABCD-EFGH-JKMN' }, expect: 404 });
  await call('GET /api/v1/me/studies', { as: pat, expect: 200 });
  await call('GET /api/v1/studies/{id}/data', { as: ek, params: { id: study.json.id }, expect: 200 });
  await call('GET /api/v1/studies/{id}/data', { as: ek, params: { id: 999999 }, expect: 404 });
  await call('DELETE /api/v1/me/studies/{id}', { as: pat, params: { id: study.json.id }, expect: 204 });
  await call('DELETE /api/v1/me/studies/{id}', { as: pat, params: { id: study.json.id }, expect: 404 });

  // --- The person revokes the clinician: 404 from then on ---
  await call('DELETE /api/v1/clinicians/{id}', { as: pat, params: { id: lind.account.id }, expect: 204 });
  await call('DELETE /api/v1/clinicians/{id}', { as: pat, params: { id: lind.account.id }, expect: 404 });
  await call('GET /api/v1/patients/{id}/history', { as: lind, params: id, expect: 404 });
  await call('GET /api/v1/me/audit', { as: pat, expect: 200 });
  await call('GET /api/v1/me/export', { as: pat, expect: 200 });
  await call('GET /api/v1/plan/adjustments', { as: pat, expect: 200 });

  // --- Administration ---
  await call('GET /api/v1/admin/accounts', { as: admin, expect: 200 });
  await call('PATCH /api/v1/admin/accounts/{id}', { as: admin, params: { id: berg.account.id }, body: { role: 'researcher' }, expect: 200 });
  await call('PATCH /api/v1/admin/accounts/{id}', { as: admin, params: { id: admin.account.id }, body: { role: 'person' }, expect: 409 });
  await call('PATCH /api/v1/admin/accounts/{id}', { as: admin, params: { id: 999999 }, body: { role: 'person' }, expect: 404 });
  await call('PATCH /api/v1/admin/accounts/{id}', { as: admin, params: { id: berg.account.id }, body: { role: 'king' }, expect: 422, bad: true });
  await call('DELETE /api/v1/admin/accounts/{id}', { as: admin, params: { id: victim.id }, expect: 204 });
  await call('DELETE /api/v1/admin/accounts/{id}', { as: admin, params: { id: victim.id }, expect: 404 });
  await call('DELETE /api/v1/admin/accounts/{id}', { as: admin, params: { id: admin.account.id }, expect: 409 });
  await call('GET /api/v1/admin/audit', { as: admin, expect: 200 });
  await call('GET /api/v1/admin/audit', { as: admin, query: { limit: '20000' }, expect: 422, bad: true });

  // --- Passwords and sessions ---
  await call('PUT /api/v1/me/password', { as: sam, body: { current_password: 'sam-password-1', new_password: 'short' }, expect: 422, bad: true });
  await call('PUT /api/v1/me/password', { as: sam, body: { current_password: 'not-the-password', new_password: 'sam-password-2' }, expect: 403 });
  await call('PUT /api/v1/me/password', { as: sam, body: { current_password: 'sam-password-1', new_password: 'sam-password-2' }, expect: 204 });
  const sam2 = await signIn('sam', 'sam-password-2');
  await call('DELETE /api/v1/me/sessions', { as: sam2, expect: 204 });
  const sam3 = await signIn('sam', 'sam-password-2');
  await call('DELETE /api/v1/auth/sessions', { as: sam3, expect: 204 });
  await call('DELETE /api/v1/auth/sessions', { as: sam3, expect: 401 });
  const sam4 = await signIn('sam', 'sam-password-2');
  await call('DELETE /api/v1/me', { as: sam4, body: {}, expect: 422, bad: true });
  await call('DELETE /api/v1/me', { as: sam4, body: { password: 'not-the-password' }, expect: 403 });
  await call('DELETE /api/v1/me', { as: sam4, body: { password: 'sam-password-2' }, expect: 204 });
  await call('GET /api/v1/me', { as: sam4, expect: 401 });

  // --- 429: wrong passwords for one name until the server holds back (after 5 failures) ---
  let held = false;
  for (let i = 0; i < 8 && !held; i++) {
    const r = await call('POST /api/v1/auth/sessions', { body: { name: 'mallory', password: `guess-number-${i}` } });
    if (r.status === 429) {
      held = true;
      if (!/^\d+$/.test(r.headers.get('retry-after') || '')) failures.push('429 without a Retry-After in seconds');
    } else if (r.status !== 401) {
      failures.push(`POST /api/v1/auth/sessions -> ${r.status} (expected 401 or 429)`);
    }
  }
  if (!held) failures.push('POST /api/v1/auth/sessions: no 429 after 8 wrong passwords for one name');

  return Date.now() - started;
}

let ms;
try {
  ms = await main();
} catch (e) {
  failures.push(`the run stopped: ${e.stack || e}`);
}

// The table: each operation with the statuses it answered (count in brackets when more than 1).
const width = Math.max(...operations.map((op) => op.length)) + 2;
console.log(`${'operation'.padEnd(width)}statuses seen`);
let covered = 0;
const allStatuses = new Map();
for (const op of operations) {
  const statuses = [...seen.get(op).entries()].sort((a, b) => a[0] - b[0]);
  for (const [s, n] of statuses) allStatuses.set(s, (allStatuses.get(s) || 0) + n);
  const ok = statuses.some(([s]) => s >= 200 && s < 300);
  if (ok) covered += 1;
  else failures.push(`${op}: never answered with a 2xx`);
  const cells = statuses.map(([s, n]) => (n > 1 ? `${s}(${n})` : `${s}`)).join(' ');
  console.log(`${op.padEnd(width)}${cells || '-'}`);
}
console.log('');
console.log(`requests: ${requests}${ms !== undefined ? ` in ${(ms / 1000).toFixed(1)} s` : ''}`);
console.log(`operations called with a 2xx answer: ${covered} of ${operations.length}`);
console.log(`statuses seen: ${[...allStatuses.keys()].sort((a, b) => a - b).join(' ')}`);
if (unflagged.length > 0) {
  console.log(`deliberately bad requests that the document does not rule out (the server refuses them): ${unflagged.length}`);
  for (const u of unflagged) console.log(`  ${u}`);
}
console.log(`violations and failures: ${failures.length}`);
for (const f of failures) console.log(`  FAIL ${f}`);
// Per operation: passed when it answered a 2xx and nothing about it failed. Failures of the run
// itself count as one failed each.
const opOf = (f) => operations.find((op) => f.startsWith(`${op} `) || f.startsWith(`${op}:`));
const failedOps = new Set(failures.map(opOf).filter(Boolean));
const other = failures.filter((f) => !opOf(f)).length;
console.log(`openapi: ${operations.length - failedOps.size} passed, ${failedOps.size + other} failed`);
process.exit(failures.length > 0 ? 1 : 0);
