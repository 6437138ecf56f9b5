import { describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { IdbStore, MemoryStore, SyncQueue, httpSender, type QueueItem } from './queue';
import { upgradeSets, upgradeToday, upgradeWrite } from './legacy';

// A queue with account 1 signed in (a session the server has confirmed).
function signedIn<T extends SyncQueue>(q: T, account = 1): T {
  q.setAccount(account, true);
  return q;
}

function fakeServer() {
  const stored = new Map<string, unknown>();
  let online = true;
  const fetcher = (async (_url: string, init: RequestInit) => {
    if (!online) throw new TypeError('offline');
    const body = JSON.parse(String(init.body));
    const fresh = !stored.has(body.client_id);
    stored.set(body.client_id, body);
    return new Response(JSON.stringify({ stored: fresh }), { status: fresh ? 201 : 200 });
  }) as unknown as typeof fetch;
  return { stored, fetcher, setOnline: (v: boolean) => (online = v) };
}

describe('SyncQueue', () => {
  it('keeps writes while offline and sends each once when back online', async () => {
    const server = fakeServer();
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => 'csrf', server.fetcher)));
    const counts: number[] = [];
    q.onChange((n) => counts.push(n));
    server.setOnline(false);
    await q.enqueue('/sets', { client_id: 'a', reps: 10 });
    await q.enqueue('/sets', { client_id: 'b', reps: 9 });
    expect(await q.flush()).toBe(2);
    expect(server.stored.size).toBe(0);
    server.setOnline(true);
    expect(await q.flush()).toBe(0);
    expect([...server.stored.keys()]).toEqual(['a', 'b']);
    expect(counts.at(-1)).toBe(0);
    expect(await q.flush()).toBe(0);
    expect(server.stored.size).toBe(2);
  });

  it('corrects a set still waiting on the device in place, so the server only sees the corrected one', async () => {
    const server = fakeServer();
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => 'csrf', server.fetcher)));
    server.setOnline(false);
    await q.enqueue('/sets', { client_id: 'a', reps: 10, load_kg: 20 });
    await q.enqueue('/sets', { client_id: 'b', reps: 9, load_kg: 20 });
    expect(await q.amend('/sets', 'a', { reps: 8 }, 'fix-1')).toBe('waiting');
    expect(await q.amend('/sets', 'b', null, 'fix-2')).toBe('waiting');
    expect(await q.count()).toBe(1);
    server.setOnline(true);
    expect(await q.flush()).toBe(0);
    expect([...server.stored.entries()]).toEqual([['a', { client_id: 'a', reps: 8, load_kg: 20 }]]);
  });

  it('queues a PATCH or DELETE of a set already sent, in order after it, and counts a DELETE of a gone set as done', async () => {
    const calls: [string, string, string | undefined][] = [];
    // The POST is stored (201), the PATCH answers 200, the DELETE finds the set gone (404).
    const statuses = [201, 200, 404];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push([init.method ?? 'GET', url, init.body === undefined ? undefined : String(init.body)]);
      return new Response('{}', { status: statuses.shift() ?? 500 });
    }) as unknown as typeof fetch;
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => 'csrf', fetcher)));
    await q.enqueue('/sets', { client_id: 'a', reps: 10 });
    expect(await q.flush()).toBe(0);
    expect(await q.amend('/sets', 'a', { reps: 7, rir: null }, 'fix-1')).toBe('queued');
    expect(await q.amend('/sets', 'a', null, 'fix-2')).toBe('queued');
    expect(await q.flush()).toBe(0);
    expect(calls).toEqual([
      ['POST', '/api/v1/sets', '{"client_id":"a","reps":10}'],
      ['PATCH', '/api/v1/sets/a', '{"reps":7,"rir":null}'],
      ['DELETE', '/api/v1/sets/a', undefined],
    ]);
    expect(q.rejected).toEqual([]);
  });

  it('never corrects another account\'s waiting write', async () => {
    const q = new SyncQueue(new MemoryStore(), httpSender(() => 'csrf', (async () => { throw new TypeError('offline'); }) as unknown as typeof fetch));
    q.setAccount(1, true);
    await q.enqueue('/sets', { client_id: 'a', reps: 10 });
    q.setAccount(2, true);
    expect(await q.amend('/sets', 'a', null, 'fix-1')).toBe('queued');
    q.setAccount(1, true);
    expect(await q.count()).toBe(1);
  });

  it('treats 200 (already stored) as done, so a lost answer does no harm', async () => {
    const server = fakeServer();
    server.stored.set('a', {});
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => '', server.fetcher)));
    await q.enqueue('/sets', { client_id: 'a' });
    expect(await q.flush()).toBe(0);
  });

  it('retries on 5xx and 403, sets aside 422', async () => {
    const statuses = [503, 403, 422];
    const fetcher = (async () => new Response('{}', { status: statuses.shift() ?? 201 })) as unknown as typeof fetch;
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => '', fetcher)));
    await q.enqueue('/sets', { client_id: 'x' });
    expect(await q.flush()).toBe(1);
    expect(await q.flush()).toBe(1);
    expect(await q.flush()).toBe(0);
    expect(q.rejected.map((i) => i.client_id)).toEqual(['x']);
  });

  it('keeps the server\'s message with a write it refused, and tells who listens', async () => {
    const fetcher = (async () => new Response(
      JSON.stringify({ error: { code: 'invalid_input', message: 'måste vara mellan 0 och 500', field: 'load_kg' } }),
      { status: 422 },
    )) as unknown as typeof fetch;
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => '', fetcher)));
    const heard: string[] = [];
    q.onRefused((item) => heard.push(`${item.client_id} ${item.status} ${item.message}`));
    await q.enqueue('/sets', { client_id: 'x', load_kg: 900 });
    expect(await q.flush()).toBe(0);
    expect(heard).toEqual(['x 422 måste vara mellan 0 och 500']);
    expect(q.rejected[0]).toMatchObject({ client_id: 'x', status: 422, message: 'måste vara mellan 0 och 500' });
  });

  it('sends in the order logged and stops at the first that must wait', async () => {
    const seen: string[] = [];
    const fetcher = (async (_u: string, init: RequestInit) => {
      const id = JSON.parse(String(init.body)).client_id;
      seen.push(id);
      return new Response('{}', { status: id === 'b' ? 503 : 201 });
    }) as unknown as typeof fetch;
    const store = new MemoryStore();
    const items: QueueItem[] = [
      { client_id: 'c', path: '/sets', body: { client_id: 'c' }, created: 3, account: 1 },
      { client_id: 'a', path: '/sets', body: { client_id: 'a' }, created: 1, account: 1 },
      { client_id: 'b', path: '/sets', body: { client_id: 'b' }, created: 2, account: 1 },
    ];
    for (const i of items) await store.put(i);
    const q = signedIn(new SyncQueue(store, httpSender(() => '', fetcher)));
    expect(await q.flush()).toBe(2);
    expect(seen).toEqual(['a', 'b']);
  });

  it('sends balance ratings to /items with sets, each once, in the order logged', async () => {
    const urls: string[] = [];
    const server = fakeServer();
    const fetcher = (async (url: string, init: RequestInit) => {
      urls.push(url);
      return server.fetcher(url, init);
    }) as unknown as typeof fetch;
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => '', fetcher)));
    server.setOnline(false);
    await q.enqueue('/items', { client_id: 'r1', exercise: 'tandem_stance', completed: true, rating: 'easy' });
    await q.enqueue('/sets', { client_id: 's1', reps: 10 });
    expect(await q.flush()).toBe(2);
    server.setOnline(true);
    expect(await q.flush()).toBe(0);
    expect(urls.slice(-2)).toEqual(['/api/v1/items', '/api/v1/sets']);
    expect(server.stored.get('r1')).toMatchObject({ rating: 'easy' });
    // Sent again (an answer lost): the server keeps one.
    await q.enqueue('/items', { client_id: 'r1', exercise: 'tandem_stance', completed: true, rating: 'easy' });
    expect(await q.flush()).toBe(0);
    expect(server.stored.size).toBe(2);
  });

  it('sends the CSRF header', async () => {
    let header = '';
    const fetcher = (async (_u: string, init: RequestInit) => {
      header = (init.headers as Record<string, string>)['X-CSRF-Token'];
      return new Response('{}', { status: 201 });
    }) as unknown as typeof fetch;
    const q = signedIn(new SyncQueue(new MemoryStore(), httpSender(() => 'tok', fetcher)));
    await q.enqueue('/sets', { client_id: 'a' });
    await q.flush();
    expect(header).toBe('tok');
  });
});

// A server with one session at a time: what it stores is under the account of that session,
// and without one (signed out, ended) it answers 401.
function accountsServer() {
  const stored: string[] = [];
  let session: number | null = null;
  const fetcher = (async (url: string, init: RequestInit) => {
    if (session === null) return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'sign in first' } }), { status: 401 });
    const body = JSON.parse(String(init.body));
    stored.push(`${session} ${url.replace('/api/v1', '')} ${body.client_id}`);
    return new Response('{"stored":true}', { status: 201 });
  }) as unknown as typeof fetch;
  return { stored, fetcher, signIn: (a: number | null) => (session = a) };
}

describe('writes belong to the account that made them', () => {
  const A = 11;
  const B = 22;

  it('two accounts on one device: A\'s writes never go out under B, and go out when A signs in again', async () => {
    const server = accountsServer();
    const store = new MemoryStore();
    const q = new SyncQueue(store, httpSender(() => 'csrf', server.fetcher));
    const counts: number[] = [];
    q.onChange((n) => counts.push(n));
    // A, offline (the kept account, no session confirmed yet), logs a set and a check-in.
    q.setAccount(A, false);
    await q.enqueue('/sets', { client_id: 'a1', reps: 8 });
    await q.enqueue('/checkins', { client_id: 'a2', fatigue: 3 });
    expect(await q.flush()).toBe(2);
    expect(server.stored).toEqual([]);
    expect([...store.items.values()].map((i) => i.account)).toEqual([A, A]);
    // A signs out; B signs in, online, and logs a set of B's own.
    q.setAccount(null, false);
    expect(await q.count()).toBe(0);
    server.signIn(B);
    q.setAccount(B, true);
    expect(await q.count()).toBe(0);
    expect(counts.at(-1)).toBe(0);
    await q.enqueue('/sets', { client_id: 'b1', reps: 10 });
    expect(await q.flush()).toBe(0);
    expect(server.stored).toEqual([`${B} /sets b1`]);
    expect(await q.countFor(A)).toBe(2);
    expect(store.items.size).toBe(2);
    // A signs in again: A's writes go out under A, in the order logged.
    server.signIn(A);
    q.setAccount(A, true);
    expect(await q.count()).toBe(2);
    expect(await q.flush()).toBe(0);
    expect(server.stored).toEqual([`${B} /sets b1`, `${A} /sets a1`, `${A} /checkins a2`]);
    expect(store.items.size).toBe(0);
  });

  it('stops at once when another account signs in while sending', async () => {
    const server = accountsServer();
    let q: SyncQueue;
    const fetcher = (async (url: string, init: RequestInit) => {
      const res = await server.fetcher(url, init);
      // B signs in on this device while A's first write is on its way.
      server.signIn(B);
      q.setAccount(B, true);
      return res;
    }) as unknown as typeof fetch;
    q = new SyncQueue(new MemoryStore(), httpSender(() => '', fetcher));
    q.setAccount(A, false);
    await q.enqueue('/sets', { client_id: 'a1' });
    await q.enqueue('/sets', { client_id: 'a2' });
    server.signIn(A);
    q.setAccount(A, true);
    await q.flush();
    expect(server.stored).toEqual([`${A} /sets a1`]);
    expect(await q.countFor(A)).toBe(1);
  });

  it('writes queued before accounts were recorded become the kept account\'s, and go out only under it', async () => {
    const store = new MemoryStore();
    await store.put({ client_id: 'old', path: '/sets', body: { client_id: 'old', kg: 20 }, created: 1 });
    const server = accountsServer();
    const q = new SyncQueue(store, httpSender(() => '', server.fetcher), A);
    expect(await q.countFor(A)).toBe(1);
    expect(store.items.get('old')!.account).toBe(A);
    // B signs in first: nothing of A's goes out.
    server.signIn(B);
    q.setAccount(B, true);
    expect(await q.flush()).toBe(0);
    expect(server.stored).toEqual([]);
    server.signIn(A);
    q.setAccount(A, true);
    expect(await q.flush()).toBe(0);
    expect(server.stored).toEqual([`${A} /sets old`]);
  });

  it('writes queued before accounts were recorded, with no kept account, are kept aside: never sent, counted or lost', async () => {
    const store = new MemoryStore();
    await store.put({ client_id: 'old', path: '/sets', body: { client_id: 'old' }, created: 1 });
    const server = accountsServer();
    const q = new SyncQueue(store, httpSender(() => '', server.fetcher), null);
    for (const who of [A, B]) {
      server.signIn(who);
      q.setAccount(who, true);
      expect(await q.count()).toBe(0);
      expect(await q.flush()).toBe(0);
    }
    expect(server.stored).toEqual([]);
    expect([...store.items.keys()]).toEqual(['old']);
    expect(store.items.get('old')!.account).toBeUndefined();
  });

  it('a 401 (the session ended) stops sending and keeps the writes, without retrying or refusing', async () => {
    const server = accountsServer();
    let calls = 0;
    const fetcher = (async (url: string, init: RequestInit) => {
      calls++;
      return server.fetcher(url, init);
    }) as unknown as typeof fetch;
    const q = new SyncQueue(new MemoryStore(), httpSender(() => '', fetcher));
    let ended = 0;
    q.onEnded(() => ended++);
    q.setAccount(A, true);
    await q.enqueue('/sets', { client_id: 'a1' });
    await q.enqueue('/sets', { client_id: 'a2' });
    // The server has no session (it ended).
    expect(await q.flush()).toBe(2);
    expect(calls).toBe(1);
    expect(ended).toBe(1);
    expect(q.rejected).toEqual([]);
    // No loop: further flushes send nothing until the account signs in again.
    expect(await q.flush()).toBe(2);
    expect(await q.flush()).toBe(2);
    expect(calls).toBe(1);
    server.signIn(A);
    q.setAccount(A, true);
    expect(await q.flush()).toBe(0);
    expect(server.stored).toEqual([`${A} /sets a1`, `${A} /sets a2`]);
  });

  it('a deleted account\'s writes are discarded; another account\'s stay', async () => {
    const store = new MemoryStore();
    const q = new SyncQueue(store, httpSender(() => '', accountsServer().fetcher));
    q.setAccount(A, false);
    await q.enqueue('/sets', { client_id: 'a1' });
    q.setAccount(B, false);
    await q.enqueue('/sets', { client_id: 'b1' });
    await q.discard(B);
    expect(await q.countFor(B)).toBe(0);
    expect(await q.countFor(A)).toBe(1);
    expect([...store.items.keys()]).toEqual(['a1']);
  });

  it('the IndexedDB store keeps each write\'s account across a reload', async () => {
    const before = new SyncQueue(new IdbStore('msfit-accounts'), httpSender(() => '', accountsServer().fetcher));
    before.setAccount(A, false);
    await before.enqueue('/sets', { client_id: 'a1' });
    const after = new SyncQueue(new IdbStore('msfit-accounts'), httpSender(() => '', accountsServer().fetcher), B);
    expect(await after.countFor(A)).toBe(1);
    expect(await after.countFor(B)).toBe(0);
  });
});

describe('IdbStore', () => {
  it('keeps items across instances (a reload)', async () => {
    const a = new IdbStore('msfit-test');
    await a.put({ client_id: 'k', path: '/sets', body: { client_id: 'k' }, created: 1 });
    const b = new IdbStore('msfit-test');
    expect((await b.all()).map((i) => i.client_id)).toEqual(['k']);
    await b.remove('k');
    expect(await a.all()).toEqual([]);
  });
});

describe('writes queued before the fields were renamed', () => {
  it('are sent with the names the server reads now, so nothing logged offline is lost', async () => {
    // Put there by the previous version of the app, offline: kg, hr, sleep, temp_c.
    const before = new IdbStore('msfit-rename');
    await before.put({ client_id: 's', path: '/sets', body: { client_id: 's', exercise: 'leg_press_machine', reps: 8, kg: 42.5 }, created: 1 });
    await before.put({ client_id: 'c', path: '/cardio', body: { client_id: 'c', exercise: 'upright_stationary_bike', minutes: 20, hr: 118 }, created: 2 });
    await before.put({ client_id: 'k', path: '/checkins', body: { client_id: 'k', fatigue: 3, sleep: 6, hot: true, temp_c: 29.5 }, created: 3 });
    await before.put({ client_id: 'i', path: '/items', body: { client_id: 'i', exercise: 'tandem_stance', rating: 'ok' }, created: 4 });

    const server = fakeServer();
    // The account kept on this device when the app started (1) made them.
    const q = signedIn(new SyncQueue(new IdbStore('msfit-rename'), httpSender(() => '', server.fetcher), 1));
    expect(await q.count()).toBe(4);
    expect(await q.flush()).toBe(0);
    expect(server.stored.get('s')).toEqual({ client_id: 's', exercise: 'leg_press_machine', reps: 8, load_kg: 42.5 });
    expect(server.stored.get('c')).toEqual({ client_id: 'c', exercise: 'upright_stationary_bike', minutes: 20, mean_hr: 118 });
    expect(server.stored.get('k')).toEqual({ client_id: 'k', fatigue: 3, sleep_quality: 6, hot: true, ambient_temp_c: 29.5 });
    expect(server.stored.get('i')).toEqual({ client_id: 'i', exercise: 'tandem_stance', rating: 'ok' });
  });

  it('leaves writes in the new names as they are, and lets a new name win over an old one', () => {
    const now = { client_id: 'a', reps: 8, load_kg: 40 };
    expect(upgradeWrite('/sets', now)).toBe(now);
    expect(upgradeWrite('/sets', { client_id: 'b', kg: 20, load_kg: 40 })).toEqual({ client_id: 'b', load_kg: 40 });
    expect(upgradeWrite('/notes', { client_id: 'n', text: 'kg' })).toEqual({ client_id: 'n', text: 'kg' });
  });

  it('renames what was kept for offline use: the history sets and today\'s suggested load', () => {
    expect(upgradeSets([{ date: '2026-01-05', exercise: 'a', reps: 8, kg: 22.5, set: 1 }]))
      .toEqual([{ date: '2026-01-05', exercise: 'a', reps: 8, load_kg: 22.5, set: 1 }]);
    const today = { status: 'train', items: [{ planned: {}, load: { kg: 45, last_kg: 42.5, rule: 'r', message: 'm' } }, { planned: {} }] };
    expect(upgradeToday(today)).toEqual({
      status: 'train', items: [{ planned: {}, load: { load_kg: 45, last_load_kg: 42.5, rule: 'r', message: 'm' } }, { planned: {} }],
    });
    expect(upgradeToday(null)).toBeNull();
  });
});
