// The journey's mind training, with the keyboard only: today's mind training from the card on
// Today (the story memory module, then pattern matching), then free practice of visual search,
// the number span and route planning (without time pressure), every exercise at 200 % text and
// each block short
// ("Finish this exercise now" after a few answers), then how mentally tired the person feels.
// Checks that the five blocks and the rating reached the server, the answers the screen judged
// against the stimuli shown, the size of the targets, axe-core on every mind screen, and the
// mind training sections of the plan and progress screens. Called by journey.mjs with its
// helpers (`E2E_ONLY=mind node e2e/journey.mjs` runs only this part); its account ("mia") is
// its own.
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const PASSWORD = 'correct horse battery';

// Controls in main smaller than `min` px either way. Runs in the page.
function smallTargets(min) {
  const out = [];
  for (const el of document.querySelectorAll('main a[href], main button, main summary, main input')) {
    const box = el.matches('input[type="checkbox"], input[type="radio"]') ? el.closest('label') ?? el : el;
    const r = box.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.height < min - 0.5 || r.width < min - 0.5) out.push(`${el.tagName.toLowerCase()} "${(box.textContent || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  return out;
}

// The fewest steps on the route map as the screen shows it (its table), and the key of the
// answer button that says it. Runs in the page.
function routeAnswer() {
  const rows = [...document.querySelectorAll('table.route tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.className));
  const size = rows.length;
  const cells = rows.flat();
  const start = cells.indexOf('start'), goal = cells.indexOf('goal');
  const dist = cells.map(() => -1);
  dist[start] = 0;
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const at = queue[q];
    for (const [dx, dy] of [[0, -1], [1, 0], [0, 1], [-1, 0]]) {
      const x = (at % size) + dx, y = Math.floor(at / size) + dy, next = y * size + x;
      if (x < 0 || y < 0 || x >= size || y >= size || cells[next] === 'wall' || dist[next] >= 0) continue;
      dist[next] = dist[at] + 1;
      queue.push(next);
    }
  }
  const options = [...document.querySelectorAll('.answers button')].map((b) => Number(b.textContent.match(/\d+/)[0]));
  return { steps: dist[goal], key: String(options.indexOf(dist[goal]) + 1), options };
}

export async function mindTraining({ base, newContext, check, axe, shot, poll, signUp, phone, today, T, meApi }) {
  const weekday = DAYS[new Date(`${today}T12:00:00Z`).getUTCDay()];
  const ctx = await newContext(phone);
  const page = await signUp(ctx, 'mia', 'person');
  page.on('pageerror', (e) => check(false, `page error (mind): ${e.message}`));
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // Exercise on the days after today, none today: the plan's first mind training is today
  // (mind training goes on days without an exercise session first).
  const days = [1, 3, 6].map((n) => DAYS[(DAYS.indexOf(weekday) + n) % 7]);
  const profile = {
    age: 47, sex: 'female', body_mass_kg: 61, ms_type: 'RRMS', mobility: 'independent', experience: 'novice', location: 'home',
    equipment: ['dumbbells'], trains_alone: true, days, session_minutes: 40, beta_blockers: false, heat_sensitive: false,
    heart_condition: false, last_relapse: null, start_date: today, weeks: 12, cognitive_training: true,
  };
  const put = await meApi(page, 'PUT', '/profile', profile);
  const made = await meApi(page, 'POST', '/plan', {});
  const plan = made.status < 300 ? (await meApi(page, 'GET', '/plan')).body : {};
  const planned = (plan.cognitive ?? []).find((c) => c.date === today);
  check(put.status < 300 && made.status < 300 && planned?.tasks?.length > 0,
    `mind: profile and plan (${put.status}, ${made.status}); mind training today: ${planned ? `${planned.minutes} min, ${planned.tasks.join(', ')}` : 'none'}`);

  // Keyboard only from here: Tab (and Shift+Tab) to a control, Enter or Space, the exercises' keys.
  const key = (k) => page.keyboard.press(k);
  async function tabTo(matches, back = false, max = 60) {
    for (let i = 0; i < max; i++) {
      await key(back ? 'Shift+Tab' : 'Tab');
      const ok = await page.evaluate((src) => {
        const el = document.activeElement;
        const text = (el?.textContent || '').trim();
        return Boolean(el && el !== document.body && new Function('el', 'text', 'return ' + src)(el, text));
      }, matches);
      if (ok) return true;
    }
    throw new Error(`mind: no control matching ${matches} reached with Tab`);
  }
  // A new screen moves the focus to its heading (the story's steps: to their text) just after it
  // shows: Tab from there.
  const focused = (selector) => page.waitForFunction((sel) => document.activeElement?.matches(sel), selector, { timeout: T });
  const titled = () => focused('#page-title');
  const button = (text) => `el.tagName === 'BUTTON' && text === ${JSON.stringify(text)}`;
  const link = (text) => `el.tagName === 'A' && text === ${JSON.stringify(text)}`;
  // An answer by its key, then its feedback; the next trial comes when the feedback has gone.
  const feedback = page.getByTestId('mind-feedback');
  async function answer(k) {
    await key(k);
    await poll(page, async () => (await feedback.textContent()).trim(), (v) => v !== '');
    const said = (await feedback.textContent()).trim();
    await poll(page, async () => (await feedback.textContent()).trim(), (v) => v === '');
    return said;
  }
  // From a button to the next screen.
  async function press(label, matches = button(label)) {
    await tabTo(matches);
    await key('Enter');
    await titled();
  }
  async function startExercise(name) {
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await press('Start');
    await page.getByTestId('mind-block').waitFor();
  }
  async function finishExercise(name) {
    await press('Finish this exercise now');
    const result = page.getByTestId('mind-result');
    await result.waitFor();
    const text = (await result.innerText()).replace(/\s+/g, ' ').trim();
    check(text.startsWith(`${name}:`) && /right\./.test(text) && /Level \d+ at the start, level \d+ at the end/.test(text)
      && /not a medical test/.test(await page.locator('main').innerText()), `mind: ${text}`);
  }
  const results = [];

  // Today: the check-in, then the card (no exercise session today).
  await page.goto(base + '/today');
  await page.getByRole('heading', { name: 'How are you today?' }).waitFor();
  await titled();
  await tabTo(`el.id === 'fatigue-0'`);
  await key('ArrowRight');
  await key('ArrowRight');
  await tabTo(button('Continue'));
  await key('Enter');
  const card = page.getByTestId('mind-card');
  await card.waitFor();
  const cardText = (await card.innerText()).replace(/\s+/g, ' ');
  check(/Planned today · \d+\smin/.test(cardText) && /Story memory/.test(cardText), `mind: the card on Today ("${cardText.slice(0, 140)}")`);
  await titled();
  await axe(page, 'today with the mind training card');
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'mind-today-card');
  await press('Start mind training', link('Start mind training'));
  await page.getByRole('heading', { name: 'Mind training', level: 1 }).waitFor();
  await page.getByTestId('mind-today').waitFor();
  // The same trials on every run: the seed in the address.
  await page.goto(base + '/mind?seed=20261209');
  // Every exercise at 200 % text (as a person with low vision sets it): no horizontal scroll.
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  // Screenshots for docs/ at the ordinary text size.
  const shotAt100 = async (name) => {
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
    await shot(page, name);
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  };
  const noScroll = async (what) => {
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    check(scroll <= client + 1, `mind: ${what} at 200 % text without horizontal scroll (${scroll} <= ${client})`);
  };
  await page.getByTestId('mind-today').waitFor();
  await titled();
  await axe(page, 'mind training');
  const small = await page.evaluate(smallTargets, 48);
  check(small.length === 0, `mind: every control on the mind screen is at least 48 px${small.length ? ' (not: ' + small.join('; ') + ')' : ''}`);
  await press('Start today’s mind training');

  // The story memory module: the strategy, each sentence with its picture, the link, the pause
  // (skipped), then the questions by keys 1-3.
  await page.getByText(/picture the scene as vividly as you can/).waitFor();
  await startExercise('Story memory');
  const sentences = [];
  for (let n = 1; n <= 12; n++) {
    const hint = page.getByText(new RegExp(`^Sentence ${n} of \\d+$`));
    await hint.waitFor();
    const total = Number((await hint.innerText()).match(/of (\d+)/)[1]);
    sentences.push((await page.locator('.sentence').innerText()).trim());
    if (n === 2) {
      await axe(page, 'mind: story');
      await shotAt100('mind-story');
      await noScroll('story memory');
    }
    await tabTo(button('Next'));
    await key('Enter');
    if (n >= total) break;
    await page.getByText(`Sentence ${n + 1} of ${total}`).waitFor();
    await focused('.story-step');
  }
  await page.getByText('Link it:').waitFor();
  await focused('.story-step');
  await tabTo(button('Next'));
  await key('Enter');
  await page.getByText(/Count backwards in threes from \d+/).waitFor();
  await focused('.story-step');
  await tabTo(button('Skip the pause'));
  await key('Enter');
  await page.getByText(/^Question 1 of \d+$/).waitFor();
  const storySaid = [await answer('1'), await answer('2')];
  check(sentences.length >= 3 && storySaid.every((s) => /^(Right\.|Not this time\.)/.test(s)),
    `mind: story read in ${sentences.length} sentences, two questions answered with keys 1 and 2 (${storySaid.join(' / ')})`);
  await finishExercise('Story memory');
  results.push('story');

  // Pattern matching: S and D (and the arrows), timed.
  await press('Next: Pattern matching');
  await startExercise('Pattern matching');
  const speedSaid = [await answer('s'), await answer('d'), await answer('ArrowLeft')];
  check(speedSaid.every((s) => /^(Right\.|Not this time\.)/.test(s)), `mind: pattern matching by keys S, D and ← (${speedSaid.join(' / ')})`);
  await axe(page, 'mind: pattern matching');
  await shotAt100('mind-speed');
  await noScroll('pattern matching');
  await finishExercise('Pattern matching');
  results.push('speed');

  // Today's session is done: free practice of the others. Visual search at 200 % text.
  await press('Practise another exercise');
  await page.getByTestId('mind-practise').waitFor();
  check(/Today’s mind training is done/.test(await page.locator('main').innerText()), 'mind: today\'s tasks done, free practice offered');
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  await press('Visual search');
  await startExercise('Visual search');
  const searchSaid = [await answer('y'), await answer('n'), await answer('n')];
  const overflow = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check(overflow[0] <= overflow[1] + 1, `mind at 200 % text: no horizontal scroll (${overflow[0]} <= ${overflow[1]})`);
  const answers = page.locator('.answers button');
  const sizes = await answers.evaluateAll((bs) => bs.map((b) => Math.round(b.getBoundingClientRect().height)));
  check(sizes.length === 2 && sizes.every((h) => h >= 96) && searchSaid.every((s) => /^(Right\.|Not this time\.)/.test(s)),
    `mind: visual search by keys Y and N at 200 % text, answer buttons ${sizes.join(' and ')} px tall (${searchSaid.join(' / ')})`);
  await axe(page, 'mind: visual search at 200 % text');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shotAt100('mind-search');
  await finishExercise('Visual search');
  results.push('search');

  // The number span: the digits as shown (each at least a second), typed back with the number
  // keys and Enter.
  await press('Practise another exercise');
  await press('Number span');
  await startExercise('Number span');
  const seen = [];
  const began = Date.now();
  const digit = page.locator('.digit');
  await poll(page, async () => {
    if (await digit.count() === 0) return true;
    const d = (await digit.textContent({ timeout: 500 }).catch(() => '')).trim();
    if (d && seen.at(-1)?.[0] !== d) seen.push([d, Date.now()]);
    return false;
  }, (done) => done);
  const each = seen.length > 1 ? (seen.at(-1)[1] - seen[0][1]) / (seen.length - 1) : Date.now() - began;
  for (const [d] of seen) await key(d);
  await page.getByTestId('mind-entered').getByText(seen.map(([d]) => d).join(' ')).waitFor();
  await axe(page, 'mind: number span');
  await shotAt100('mind-span');
  await noScroll('number span');
  await key('Enter');
  await poll(page, async () => (await feedback.textContent()).trim(), (v) => v !== '');
  const spanSaid = (await feedback.textContent()).trim();
  check(seen.length === 2 && each >= 1000 && /^Right\./.test(spanSaid),
    `mind: number span of ${seen.length} digits at level 1, one every ${Math.round(each)} ms, typed back: "${spanSaid}"`);
  await finishExercise('Number span');
  results.push('span');

  // Route planning without time pressure: the answer worked out from the map's table (the text
  // a screen reader reads) is the one the screen counts right.
  await press('Practise another exercise');
  await tabTo(`el.tagName === 'INPUT' && el.type === 'checkbox' && el.closest('label')?.textContent.includes('Without time pressure')`);
  await key('Space');
  await press('Route planning');
  await page.getByText('Without time pressure: take all the time you need.').waitFor();
  await startExercise('Route planning');
  const routeSaid = [];
  for (let i = 0; i < 2; i++) {
    const r = await page.evaluate(routeAnswer);
    routeSaid.push(`${r.steps} steps of ${r.options.join('/')}: ${await answer(r.key)}`);
  }
  check(routeSaid.every((s) => /: Right\./.test(s)), `mind: route planning, the fewest steps from the map's table by keys 1-3 (${routeSaid.join('; ')})`);
  check(/^Map, \d+ by \d+ squares$/.test(await page.locator('table.route caption').innerText())
    && await page.locator('table.route td.start .sr-only').innerText() === 'start', 'mind: the map is a table with a caption and its squares named for a screen reader');
  await axe(page, 'mind: route planning');
  await shotAt100('mind-route');
  await noScroll('route planning');
  await finishExercise('Route planning');
  results.push('route');

  // How mentally tired: 3 of 10, by the arrow keys on the scale.
  await press('Finish mind training');
  await page.getByRole('heading', { name: 'Mental tiredness' }).waitFor();
  await axe(page, 'mind: mental tiredness');
  await tabTo(`el.id === 'mind-rate-0'`);
  for (let i = 0; i < 3; i++) await key('ArrowRight');
  await tabTo(button('Save'));
  await key('Enter');
  await page.getByText('Thank you. Saved.').waitFor();

  // On the server: five blocks, one a task each, the route untimed, and the rating.
  const stored = await poll(page, async () => (await meApi(page, 'GET', `/cognitive?from=${today}&to=${today}`)).body,
    (b) => (b?.blocks ?? []).length >= 5 && (b?.ratings ?? []).length >= 1);
  const blocks = stored?.blocks ?? [];
  const route = blocks.find((b) => b.task === 'route');
  check(blocks.length === 5 && ['story', 'speed', 'search', 'span', 'route'].every((x) => blocks.some((b) => b.task === x))
    && route?.untimed === true && route?.median_right_ms === null && route?.right === 2
    && blocks.find((b) => b.task === 'span')?.right === 1
    && JSON.stringify(stored.ratings) === JSON.stringify([{ date: today, rating: 3 }]),
    `mind: the server has 5 blocks (${blocks.map((b) => `${b.task} ${b.right}/${b.answers}${b.untimed ? ' untimed' : ''}`).join(', ')}) and the rating ${JSON.stringify(stored?.ratings)}`);

  // High contrast: a pattern in the text colour on black; finished without an answer, nothing
  // is sent.
  const setPrefs = (change) => page.evaluate((change) => {
    localStorage.setItem('msfit.prefs', JSON.stringify({ ...JSON.parse(localStorage.getItem('msfit.prefs') ?? '{}'), ...change }));
  }, change);
  await setPrefs({ contrast: true });
  await page.goto(base + '/mind');
  await page.getByTestId('mind-practise').waitFor();
  await titled();
  await press('Pattern matching');
  await startExercise('Pattern matching');
  const colours = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('svg.pattern')).color]);
  check(colours[0] === 'rgb(0, 0, 0)' && colours[1] === 'rgb(255, 255, 255)', `mind in high contrast: patterns drawn ${colours[1]} on ${colours[0]}`);
  await axe(page, 'mind: pattern matching in high contrast');
  await press('Finish this exercise now');
  await page.getByText('No answers in this exercise, so nothing was saved.').waitFor();
  await setPrefs({ contrast: false });

  // Plan and progress.
  await page.goto(base + '/plan');
  const planMind = page.getByTestId('plan-mind');
  await planMind.waitFor();
  check(/Mind training this week/.test(await planMind.innerText()) && /\(today\)/.test(await planMind.innerText()), 'mind: the plan shows this week\'s mind training beside the exercise sessions');
  await page.goto(base + '/progress');
  const progress = page.getByTestId('mind-progress');
  await progress.waitFor();
  const progressText = await progress.innerText();
  const note = (await page.getByTestId('mind-note').innerText()).trim();
  check(note.length > 20 && await progress.locator('figure').count() === 5 && /Mind training minutes per week/.test(progressText),
    `mind: progress shows the minutes per week, the levels of the five exercises and the server's note ("${note.slice(0, 120)}")`);
  await axe(page, 'progress with mind training');
  await page.evaluate(() => document.getElementById('mind-progress-title').scrollIntoView());
  await shot(page, 'mind-progress');
  const blocksNow = ((await meApi(page, 'GET', `/cognitive?from=${today}&to=${today}`)).body?.blocks ?? []).length;
  check(blocksNow === 5, `mind: an exercise finished without an answer sent nothing (${blocksNow} blocks)`);

  // The clinician the person shares with sees the same section on the patient's page.
  const code = (await meApi(page, 'POST', '/invites', {})).body?.code;
  const clinCtx = await newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', serviceWorkers: 'block' });
  await clinCtx.request.post(base + '/api/v1/accounts', { data: { name: 'dr-mind', password: PASSWORD, role: 'clinician' } });
  await clinCtx.request.post(base + '/api/v1/auth/sessions', { data: { name: 'dr-mind', password: PASSWORD } });
  const clin = await clinCtx.newPage();
  clin.on('pageerror', (e) => check(false, `page error (mind, clinician): ${e.message}`));
  await clin.goto(base + '/patients');
  const redeemed = await meApi(clin, 'POST', '/patients', { code });
  const id = (await meApi(page, 'GET', '/me')).body.id;
  await clin.goto(`${base}/patients/${id}`);
  const clinMind = clin.getByTestId('mind-progress');
  await clinMind.waitFor();
  check(redeemed.status < 300 && await clinMind.locator('figure').count() === 5 && (await clinMind.getByTestId('mind-note').innerText()).trim() === note,
    `mind: the clinician sees the patient's mind training (${await clinMind.locator('figure').count()} exercises, the same note)`);
  await axe(clin, 'clinician patient with mind training');
  await clinCtx.close();
  await ctx.close();
  return results;
}
