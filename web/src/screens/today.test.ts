// @vitest-environment jsdom
// Today's session after an update of the plan rules: the stored plan (409) is made again from the
// profile and today is asked for once more, so the person is not stopped at the gym.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sent, serve, setUpFakeApi, tearDownFakeApi } from './fake-api';
import { fetchToday } from './today';

beforeEach(() => setUpFakeApi('/today'));
afterEach(tearDownFakeApi);

const today = { date: '2026-12-03', week: 1, status: 'rest', reasons: [], items: [], plan_changes: [] };
const conflict = { status: 409, body: { error: { code: 'conflict', message: 'the stored plan was written by plan engine 2.0.0', field: 'plan' } } };

describe('today after an update of the plan rules', () => {
  it('plans again from the profile, then shows today', async () => {
    serve('GET /sessions/today?date=2026-12-03', conflict, { status: 200, body: today });
    serve('POST /plan', { status: 201, body: {} });
    await expect(fetchToday('2026-12-03')).resolves.toEqual(today);
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /sessions/today?date=2026-12-03',
      'POST /plan',
      'GET /sessions/today?date=2026-12-03',
    ]);
  });

  it('passes any other refusal on, without planning', async () => {
    serve('GET /sessions/today?date=2026-12-03', { status: 404, body: { error: { code: 'not_found', message: 'no plan yet' } } });
    await expect(fetchToday('2026-12-03')).rejects.toMatchObject({ status: 404 });
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
  });
});
