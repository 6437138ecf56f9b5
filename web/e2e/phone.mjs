// The journey's phone screens away from the session: the clinician's patient page, tables, the
// plan screen, sign-in and onboarding at 390×844. Called by journey.mjs with its helpers
// (`E2E_ONLY=phone node e2e/journey.mjs` runs only this part). Its accounts ("ph-…") are its own.
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const PASSWORD = 'correct horse battery';
// A rule id or an exercise id as it stands: "balance.coduse", "pr_rep_cap", "leg_press_machine".
const CODE = /\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b/;

// Every visible control smaller than 44×44 px, by its text: links, buttons, disclosures, fields,
// and the labels of checkboxes and radio buttons (the label is the target). Runs in the page.
function smallTargets() {
  const out = [];
  const controls = document.querySelectorAll('a[href], button, summary, select, input:not([type="hidden"])');
  for (const el of controls) {
    const box = el.matches('input[type="checkbox"], input[type="radio"]') ? el.closest('label') ?? el : el;
    const r = box.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= 0 || getComputedStyle(box).visibility === 'hidden') continue;
    if (r.height < 43.5 || r.width < 43.5) {
      const text = (box.textContent || el.getAttribute('aria-label') || el.name || '').replace(/\s+/g, ' ').trim().slice(0, 50);
      out.push(`${el.tagName.toLowerCase()} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return out;
}

// Tokens in table cells that the layout broke over two lines: a word, a date, or a number with
// its unit. Each token's text range (across text nodes: "24.2", " ", "s") must sit on one line.
// Runs in the page; opens folded tables first.
function brokenTokens() {
  document.querySelectorAll('main details').forEach((d) => { d.open = true; });
  const out = [];
  const token = /\d{4}-\d\d-\d\d|\d+(?:[.,]\d+)?(?:[ \u00a0](?:s|kg|lb|m|min|%|bpm)(?![\p{L}\p{N}]))?|[\p{L}\p{N}]+/gu;
  for (const cell of document.querySelectorAll('main td, main th')) {
    const nodes = [];
    let text = '';
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push([node, text.length]);
      text += node.data;
    }
    const at = (offset, end) => {
      for (let i = nodes.length - 1; i >= 0; i--) {
        const [node, from] = nodes[i];
        if (offset > from || (!end && offset === from)) return [node, offset - from];
      }
      return [nodes[0][0], 0];
    };
    for (const m of text.matchAll(token)) {
      const range = document.createRange();
      range.setStart(...at(m.index, false));
      range.setEnd(...at(m.index + m[0].length, true));
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push(m[0]);
    }
  }
  return out;
}

export async function phoneScreens({ base, newContext, check, axe, shot, signUp, phone, today }) {
  const weekday = DAYS[new Date(`${today}T12:00:00Z`).getUTCDay()];
  const page390 = (p) => p.evaluate(() => document.scrollingElement.scrollWidth);
  const targets = async (p, where) => {
    const small = await p.evaluate(smallTargets);
    check(small.length === 0, `phone ${where}: every control at least 44×44 px${small.length ? `; too small: ${small.join('; ')}` : ''}`);
  };
  // The API as the context's signed-in account (its cookie), with the CSRF token of /me.
  const apiAs = async (context, method, path, data) => {
    const me = await (await context.request.get(`${base}/api/v1/me`)).json();
    const res = await context.request.fetch(`${base}/api/v1${path}`, { method, data, headers: { 'X-CSRF-Token': me.csrf_token } });
    return { status: res.status(), body: res.status() === 204 ? null : await res.json() };
  };
  let n = 0;
  const clientId = (what) => `ph-${what}-${Date.now()}-${n++}`;

  // 14. Sign in: the language before signing in, Show password, 44 px targets.
  const visitor = await newContext(phone);
  const signin = await visitor.newPage();
  signin.on('pageerror', (e) => check(false, `page error (phone sign-in): ${e.message}`));
  await signin.goto(base + '/signin');
  await signin.getByRole('heading', { name: 'Sign in' }).waitFor();
  await signin.getByRole('button', { name: 'Svenska' }).click();
  await signin.getByRole('heading', { name: 'Logga in' }).waitFor();
  check(await signin.getByRole('button', { name: 'Svenska' }).getAttribute('aria-pressed') === 'true'
    && await signin.evaluate(() => document.documentElement.lang) === 'sv',
  'phone sign-in: choosing Svenska before signing in turns the screen Swedish ("Logga in")');
  await axe(signin, 'phone sign in, Swedish');
  await signin.getByRole('button', { name: 'English' }).click();
  await signin.getByRole('heading', { name: 'Sign in' }).waitFor();
  const pw = signin.locator('#password');
  await pw.fill('not shown yet');
  const show = signin.getByRole('button', { name: 'Show password' });
  await show.click();
  const shownType = await pw.getAttribute('type');
  const pressed = await show.getAttribute('aria-pressed');
  const focused = await show.evaluate((b) => document.activeElement === b);
  await show.click();
  check(shownType === 'text' && pressed === 'true' && focused && await pw.getAttribute('type') === 'password' && await pw.inputValue() === 'not shown yet',
    `phone sign-in: Show password shows the password (type ${shownType}, aria-pressed ${pressed}, focus kept ${focused}) and hides it again`);
  await targets(signin, 'sign in');
  await axe(signin, 'phone sign in');
  await shot(signin, 'phone-signin');
  await signin.getByRole('link', { name: 'Create an account' }).click();
  await signin.getByRole('heading', { name: 'Create an account' }).waitFor();
  await signin.getByRole('button', { name: 'Polski' }).click();
  await signin.getByRole('heading', { name: 'Załóż konto' }).waitFor();
  check(true, 'phone sign-up: choosing Polski before signing up turns the screen Polish ("Załóż konto")');
  await signin.getByRole('button', { name: 'English' }).click();
  await signin.getByRole('heading', { name: 'Create an account' }).waitFor();
  await signin.locator('#password').fill('a new password');
  await signin.getByRole('button', { name: 'Show password' }).click();
  check(await signin.locator('#password').getAttribute('type') === 'text', 'phone sign-up: Show password shows the new password');
  await targets(signin, 'sign up');
  await axe(signin, 'phone sign up');
  await visitor.close();

  // 13. Onboarding: beta-blockers come before the heart rates; with them, none are asked for.
  const personCtx = await newContext(phone);
  const page = await signUp(personCtx, 'ph-pat', 'person');
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  await page.getByLabel('Age (years)').fill('51');
  await page.getByLabel('Female').check();
  await page.getByLabel('Body weight (kg)').fill('70');
  await targets(page, 'onboarding');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Relapsing-remitting (RRMS)').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('At a gym').check();
  for (const e of ['Dumbbells', 'Weight machines', 'Exercise bike', 'Resistance bands']) await page.getByLabel(e).check();
  await page.getByRole('button', { name: 'Next' }).click();
  const days = [0, 2, 4].map((k) => DAYS[(DAYS.indexOf(weekday) + k) % 7]);
  for (const d of DAYS) {
    const box = page.locator(`input[name="days"][value="${d}"]`);
    if (days.includes(d)) await box.check();
    else await box.uncheck();
  }
  const betaQ = page.getByRole('group', { name: 'Do you take beta-blockers?' });
  const order = await page.evaluate(() => {
    const beta = document.getElementById('beta_blockers');
    const rest = document.getElementById('resting_hr');
    return !!beta && !!rest && !!(beta.compareDocumentPosition(rest) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  check(order, 'phone onboarding: beta-blockers are asked about before the heart rates');
  await betaQ.getByLabel('Yes').check();
  await page.getByTestId('hr-off-beta').waitFor();
  check(await page.locator('#resting_hr').count() === 0 && await page.locator('#max_hr').count() === 0
    && /beta-blockers/i.test(await page.getByTestId('hr-off-beta').textContent()),
  'phone onboarding: with beta-blockers no heart rates are asked for, and it says why');
  await axe(page, 'phone onboarding, beta-blockers');
  await shot(page, 'phone-onboarding-beta');
  await betaQ.getByLabel('No').check();
  await page.locator('#resting_hr').waitFor();
  await page.locator('#resting_hr').fill('64');
  await page.locator('#max_hr').fill('172');
  await targets(page, 'onboarding step 4');
  await page.getByRole('button', { name: 'Make my plan' }).click();

  // 13 and 9. The plan: today's session and this week first, the warnings folded, no "weeks N–N";
  // How to do it and Why this are disclosures with a marker, and Why this is in plain words.
  await page.getByRole('heading', { name: 'Your plan' }).waitFor();
  await page.locator('details.session').first().waitFor();
  const start = page.getByRole('link', { name: 'Start today’s session' });
  const startBox = await start.boundingBox();
  check(await start.isVisible() && startBox && startBox.y + startBox.height <= 844,
    `phone plan: "Start today’s session" is on the first screen (${startBox && Math.round(startBox.y + startBox.height)} px)`);
  const firstTop = await page.locator('details.session').first().evaluate((d) => d.getBoundingClientRect().top + scrollY);
  check(firstTop < 844, `phone plan: this week's first session starts on the first screen (at ${Math.round(firstTop)} px)`);
  const warnings = page.getByTestId('plan-warnings');
  const warningsSummary = (await warnings.locator('summary').textContent()).trim();
  check(await warnings.evaluate((d) => !d.open) && /\d+ notes?/.test(warningsSummary),
    `phone plan: the warnings are folded under a count ("${warningsSummary}")`);
  const mainText = await page.locator('main').textContent();
  const repeated = mainText.match(/weeks (\d+)–\1\b/);
  check(!repeated, `phone plan: no "weeks N–N"${repeated ? ` (found "${repeated[0]}")` : ''}`);
  const item = page.locator('details.session[open] ol.items > li').first();
  const how = item.locator('details', { has: page.locator('summary', { hasText: 'How to do it' }) }).first();
  const why = item.getByTestId('why');
  const marker = (d) => d.locator('summary').first().evaluate((s) => getComputedStyle(s, '::before').content);
  const closedMarker = await marker(why);
  const summaryHeight = await why.locator('summary').first().evaluate((s) => s.getBoundingClientRect().height);
  await why.locator('summary').first().click();
  const openMarker = await marker(why);
  check(/▸/.test(closedMarker) && /▾/.test(openMarker) && summaryHeight >= 44 && await how.count() === 1 && /▸/.test(await marker(how)),
    `phone plan: How to do it and Why this show a disclosure marker (${closedMarker} closed, ${openMarker} open) on a ${Math.round(summaryHeight)} px summary`);
  // Every Why this of the open session, opened: plain words, no rule or exercise id.
  const whys = page.locator('details.session[open] [data-testid="why"]');
  for (let i = 0; i < await whys.count(); i++) {
    await whys.nth(i).evaluate((d) => { d.open = true; });
  }
  const whyTexts = await whys.evaluateAll((ds) => ds.map((d) => d.innerText));
  const coded = whyTexts.filter((x) => CODE.test(x));
  check(whyTexts.length > 0 && coded.length === 0,
    `phone plan: ${whyTexts.length} "Why this" in plain words, no rule or exercise id${coded.length ? `; found: ${coded.map((x) => x.match(CODE)[0]).join(', ')}` : ''}`);
  const sources = why.locator('details', { has: page.locator('summary', { hasText: /^Sources? \(\d+\)$/ }) }).first();
  check(await sources.count() === 1 && await sources.evaluate((d) => !d.open), 'phone plan: the sources are one tap away, folded');
  await sources.locator('summary').click();
  await sources.locator('li').first().waitFor();
  check(await sources.locator('li').count() >= 1, `phone plan: ${await sources.locator('li').count()} sources under Why this`);
  await targets(page, 'plan');
  check(await page390(page) <= 390, `phone plan: no sideways scroll (${await page390(page)} px)`);
  await page.evaluate(() => scrollTo(0, 0));
  await axe(page, 'phone plan');
  await shot(page, 'phone-plan');
  const phasesText = await page.locator('ol.phases').textContent();
  check(!/weeks (\d+)–\1\b/.test(phasesText) && /— week \d+/.test(phasesText), `phone plan: phases ${phasesText.replace(/\s+/g, ' ').trim()}`);

  // Some history: sets, a check-in with symptoms, measures (numbers with units in the tables).
  const plan = (await apiAs(personCtx, 'GET', '/plan')).body;
  const strength = plan.sessions.flatMap((s) => s.items).filter((i) => i.modality === 'strength' && i.sets && i.reps).map((i) => i.exercise);
  const lifts = [...new Set(strength)].slice(0, 3);
  const logged = [];
  for (const [k, exercise] of lifts.entries()) {
    for (const set of [1, 2]) {
      logged.push((await apiAs(personCtx, 'POST', '/sets', {
        client_id: clientId('set'), exercise, reps: 8 + set, load_kg: 24.5 + 10 * k, set, rir: 3, completed: true, date: today,
      })).status);
    }
  }
  const checkin = await apiAs(personCtx, 'POST', '/checkins', {
    client_id: clientId('checkin'), fatigue: 4, sleep_quality: 6, hot: false, relapse: false, symptoms: ['spasticity', 'poor_sleep'], date: today,
  });
  const measured = [
    await apiAs(personCtx, 'POST', '/measures', { client_id: clientId('m'), id: 't25fw', trials: [24.2, 24.4], date: today }),
    await apiAs(personCtx, 'POST', '/measures', { client_id: clientId('m'), id: 'six_mwt', trials: [412], date: today }),
  ].map((r) => r.status);
  check(logged.length >= 2 && logged.every((s) => s === 201) && checkin.status === 201 && measured.every((s) => s === 201),
    `phone: history logged (sets ${logged.join(',')}, check-in ${checkin.status}, measures ${measured.join(',')})`);

  // 12. Tables on a phone: no word, date or number with its unit broken over two lines; the
  // page itself never scrolls sideways.
  for (const [path, heading] of [['/progress', 'Progress'], ['/measures', 'Measures']]) {
    await page.getByLabel('Main').getByRole('link', { name: heading }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.locator('main table:visible').first().waitFor();
    const broken = await page.evaluate(brokenTokens);
    const cells = await page.locator('main td').count();
    check(cells > 0 && broken.length === 0, `phone ${path}: ${cells} table cells, nothing broken mid-word or mid-number${broken.length ? `; broken: ${broken.slice(0, 10).join(' | ')}` : ''}`);
    check(await page390(page) <= 390, `phone ${path}: no sideways scroll (${await page390(page)} px)`);
    await targets(page, path);
    await axe(page, `phone ${path}`);
  }
  await shot(page, 'phone-measures');

  // A swap, so that plan changes (summarised by the server with catalogue ids) are shown.
  const catalogue = await page.evaluate(async () => (await fetch('/data/exercises.en.json')).json());
  let swapped = 0;
  for (const alt of catalogue[lifts[0]]?.alternatives ?? []) {
    swapped = (await apiAs(personCtx, 'POST', '/swaps', { exercise: lifts[0], replacement: alt, reason: 'sore knee' })).status;
    if (swapped === 201) break;
  }
  check(swapped === 201, `phone: ${catalogue[lifts[0]]?.name} swapped (${swapped})`);
  await page.getByLabel('Main').getByRole('link', { name: 'Share' }).click();
  await page.getByTestId('plan-changes').locator('li').first().waitFor();
  const changes = await page.getByTestId('plan-changes').innerText();
  check(!CODE.test(changes) && /sore knee/.test(changes), `phone share: plan changes without ids: ${changes.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
  await targets(page, 'share');
  await axe(page, 'phone share');

  // 11. The clinician's patient page on a phone.
  const code = (await apiAs(personCtx, 'POST', '/invites')).body.code;
  const clinCtx = await newContext(phone);
  const clin = await signUp(clinCtx, 'ph-dr', 'clinician');
  await clin.getByRole('heading', { name: 'Patients' }).waitFor();
  await clin.getByLabel('Invite code').fill(code);
  await clin.getByRole('button', { name: 'Add patient' }).click();
  await clin.getByRole('link', { name: 'ph-pat', exact: true }).waitFor();
  await targets(clin, 'patient list');
  await axe(clin, 'phone patient list');
  await clin.getByRole('link', { name: 'ph-pat', exact: true }).click();
  await clin.getByRole('heading', { name: 'Recent sets' }).waitFor();
  await clin.getByTestId('patient-checkins').waitFor();
  const title = (await clin.locator('h1').textContent()).trim();
  check(title === 'ph-pat', `phone patient page: titled by the patient's name ("${title}")`);
  const width = await page390(clin);
  check(width <= 390, `phone patient page: no sideways scroll (${width} px wide in 390)`);
  const setsText = await clin.getByTestId('recent-sets').innerText();
  const names = await clin.evaluate(async (ids) => {
    const info = await (await fetch('/data/exercises.en.json')).json();
    return ids.map((id) => info[id]?.name);
  }, lifts);
  check(lifts.every((id) => !setsText.includes(id)) && names.every((nm) => nm && setsText.includes(nm)),
    `phone patient page: exercises by name (${names.join(', ')}), never by id`);
  const visible = await clin.locator('main').innerText();
  const ids = visible.match(new RegExp(CODE.source, 'g')) ?? [];
  check(ids.length === 0, `phone patient page: no ids in the visible text${ids.length ? `; found: ${[...new Set(ids)].join(', ')}` : ''}`);
  const checkinsText = await clin.getByTestId('patient-checkins').innerText();
  check(/stiffness or spasms, poor sleep/.test(checkinsText) && /tiredness 4 of 10/.test(checkinsText),
    `phone patient page: the check-in's symptoms in words: ${checkinsText.replace(/\s+/g, ' ').trim()}`);
  const broken = await clin.evaluate(brokenTokens);
  check(broken.length === 0, `phone patient page: no table text broken mid-word or mid-number${broken.length ? `; broken: ${broken.slice(0, 10).join(' | ')}` : ''}`);
  await clin.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = false; }));
  // Charts are drawn when they near the screen.
  await clin.locator('[data-testid="chart"]').first().scrollIntoViewIfNeeded();
  await clin.locator('[data-testid="chart"] canvas').first().waitFor();
  const back = await clin.getByRole('link', { name: 'Patients' }).last().boundingBox();
  check(back && back.height >= 44, `phone patient page: the link back to the patients is ${back && Math.round(back.height)} px tall`);
  await targets(clin, 'patient page');
  check(await page390(clin) <= 390, `phone patient page: still no sideways scroll with everything shown (${await page390(clin)} px)`);
  await clin.evaluate(() => scrollTo(0, 0));
  await axe(clin, 'phone patient page');
  await shot(clin, 'phone-patient');
  await clin.getByTestId('recent-sets').scrollIntoViewIfNeeded();
  await shot(clin, 'phone-patient-sets');

  // 14. Settings: the password change form, its targets.
  await page.getByLabel('Main').getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('change-password').waitFor();
  await targets(page, 'settings');
  await axe(page, 'phone settings');
  await clinCtx.close();
  await personCtx.close();
}
