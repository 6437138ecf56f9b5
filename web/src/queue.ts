// Writes that must not be lost (sets, cardio): kept in IndexedDB with their client id and sent
// in order when online. The API stores a client id once (201 stored, 200 already stored), so
// sending an item again after a lost answer does no harm. Items queued before a field was
// renamed are renamed as they are read back (legacy.ts).
//
// Every item belongs to the account that made it (`account`, the account id). The queue sends
// an account's items only while that same account is signed in with a session the server has
// confirmed; another account's items on the same device stay as they are, uncounted and unsent,
// until their own account signs in here again. Signing out keeps them; deleting the account
// discards them (discard()).
import { upgradeWrite } from './legacy';

export type Method = 'POST' | 'PATCH' | 'DELETE';
export type QueueItem = {
  client_id: string; path: string; body: Record<string, unknown>; created: number;
  // POST when absent (items queued before corrections could be queued).
  method?: Method;
  // The account that made the write. Absent on items queued before writes recorded it.
  account?: number;
};

export interface QueueStore {
  all(): Promise<QueueItem[]>;
  put(item: QueueItem): Promise<void>;
  remove(clientId: string): Promise<void>;
}

// What sending one item gave: done (stored now or before), retry later, the session has ended
// (401: keep the item for when its account signs in again), or refused for good, with the HTTP
// status and the server's message (in the reader's language; empty without one).
export type Refused = { status: number; message: string };
export type SendResult = 'done' | 'retry' | 'ended' | Refused;
export type Sender = (item: QueueItem) => Promise<SendResult>;
// An item the server refused, with why: shown to the person, so that nothing is dropped unseen.
export type RejectedItem = QueueItem & Refused;

export class SyncQueue {
  private listeners = new Set<(n: number) => void>();
  private refusedListeners = new Set<(item: RejectedItem) => void>();
  private endedListeners = new Set<() => void>();
  private flushing: Promise<number> | null = null;
  private rerun: Promise<number> | null = null;
  // Who uses the app now (new writes are theirs, the count is theirs), and whether the server
  // has confirmed a session of theirs (only then is anything sent).
  private account: number | null = null;
  private session = false;
  private ready: Promise<void>;
  rejected: RejectedItem[] = [];

  // legacyOwner: the account signed in on this device when the app started (the kept account),
  // read before any sign-in can change it. Items queued before writes recorded their account
  // become that account's. Without one, nothing on the device says whose they are: they are
  // kept aside, never counted, shown or sent under any account, since sending them under the
  // wrong one would put one person's health records in another's. They stay in the store (not
  // deleted), so an update that can tell whose they are can still send them.
  constructor(private store: QueueStore, private send: Sender, legacyOwner: number | null = null) {
    this.ready = legacyOwner === null ? Promise.resolve() : this.adopt(legacyOwner).catch(() => {});
  }

  private async adopt(owner: number) {
    for (const item of await this.store.all()) {
      if (item.account === undefined) await this.store.put({ ...item, account: owner });
    }
  }

  // The account now signed in (null when signed out), and whether the server has confirmed
  // its session (false after an offline start with the kept account, until /me answers).
  setAccount(account: number | null, session: boolean) {
    const changed = account !== this.account;
    this.account = account;
    this.session = account !== null && session;
    if (changed) this.rejected = [];
    void this.notify();
  }

  onChange(fn: (n: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // How many writes of the account signed in wait to be sent.
  async count(): Promise<number> {
    return this.account === null ? 0 : this.countFor(this.account);
  }

  // How many writes of this account wait on this device.
  async countFor(account: number): Promise<number> {
    return (await this.mine(account)).length;
  }

  // Deletes this account's waiting writes (the account is deleted: nothing to send them to).
  async discard(account: number): Promise<void> {
    for (const item of await this.mine(account)) await this.store.remove(item.client_id);
    await this.notify();
  }

  private async mine(account: number): Promise<QueueItem[]> {
    await this.ready;
    return (await this.store.all()).filter((i) => i.account === account);
  }

  // Called with each item the server refuses, as it is set aside.
  onRefused(fn: (item: RejectedItem) => void): () => void {
    this.refusedListeners.add(fn);
    return () => this.refusedListeners.delete(fn);
  }

  // Called when the server answers 401: the session has ended. Sending stops (the items stay)
  // until setAccount() gives a confirmed session again.
  onEnded(fn: () => void): () => void {
    this.endedListeners.add(fn);
    return () => this.endedListeners.delete(fn);
  }

  private async notify() {
    const n = await this.count();
    this.listeners.forEach((fn) => fn(n));
  }

  // A write, queued. `key` names the queue item (the body's client_id by default: a correction
  // of a set has no client id of its own).
  async enqueue(path: string, body: Record<string, unknown>, method: Method = 'POST', key = String(body.client_id)): Promise<QueueItem> {
    const item: QueueItem = { client_id: key, path, body, created: Date.now() };
    if (method !== 'POST') item.method = method;
    // Without an account signed in (not reached from the screens), the item has no owner and is
    // kept aside like an unattributed legacy item.
    if (this.account !== null) item.account = this.account;
    await this.store.put(item);
    await this.notify();
    return item;
  }

  // Corrects a write made earlier: `change` null deletes it, else its fields are changed. While
  // the write still waits on this device (offline), the waiting item itself is changed or
  // dropped, so that the server only ever sees the corrected write; once sent, a PATCH or a
  // DELETE of `path` + '/' + client id is queued after it, in order. Returns how it was done.
  async amend(path: string, clientId: string, change: Record<string, unknown> | null, newKey: string): Promise<'waiting' | 'queued'> {
    await this.ready;
    const waiting = this.account === null ? undefined
      : (await this.mine(this.account)).find((i) => i.client_id === clientId && (i.method ?? 'POST') === 'POST' && i.path === path);
    // A waiting write is changed in place unless a run may be sending it right now.
    if (waiting && !this.flushing) {
      if (change === null) await this.store.remove(clientId);
      else await this.store.put({ ...waiting, body: { ...waiting.body, ...change } });
      await this.notify();
      return 'waiting';
    }
    const target = `${path}/${encodeURIComponent(clientId)}`;
    await this.enqueue(target, change ?? {}, change === null ? 'DELETE' : 'PATCH', newKey);
    return 'queued';
  }

  // Sends the signed-in account's waiting items oldest first; stops at the first that must
  // wait. Returns how many of its items wait. Called during a run, it runs again after it, so
  // that an account signed in meanwhile is not skipped.
  flush(): Promise<number> {
    if (this.flushing) {
      this.rerun ??= this.flushing.then(() => {
        this.rerun = null;
        return this.flush();
      });
      return this.rerun;
    }
    this.flushing = this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  // The waiting items of an account as stored, with the field names the server reads now.
  private async stored(account: number): Promise<QueueItem[]> {
    return (await this.mine(account)).map((i) => {
      const body = upgradeWrite(i.path, i.body);
      return body === i.body ? i : { ...i, body };
    });
  }

  private async run(): Promise<number> {
    const account = this.account;
    if (account === null || !this.session) return this.count();
    const items = (await this.stored(account)).sort((a, b) => a.created - b.created);
    for (const item of items) {
      // Signed out, or another account signed in, while sending: stop.
      if (this.account !== account || !this.session) break;
      let result: SendResult;
      try {
        result = await this.send(item);
      } catch {
        result = 'retry';
      }
      if (result === 'retry') break;
      if (result === 'ended') {
        if (this.account === account) this.session = false;
        this.endedListeners.forEach((fn) => fn());
        break;
      }
      if (typeof result === 'object') {
        const refused: RejectedItem = { ...item, ...result };
        this.rejected.push(refused);
        this.refusedListeners.forEach((fn) => fn(refused));
      }
      await this.store.remove(item.client_id);
      await this.notify();
    }
    const left = await this.count();
    await this.notify();
    return left;
  }
}

export class MemoryStore implements QueueStore {
  items = new Map<string, QueueItem>();
  async all() {
    return [...this.items.values()];
  }
  async put(item: QueueItem) {
    this.items.set(item.client_id, item);
  }
  async remove(id: string) {
    this.items.delete(id);
  }
}

export class IdbStore implements QueueStore {
  private db: Promise<IDBDatabase>;
  constructor(name = 'msfit', factory: IDBFactory = indexedDB) {
    this.db = new Promise((resolve, reject) => {
      const req = factory.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('outbox', { keyPath: 'client_id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  private async tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
    const db = await this.db;
    return new Promise((resolve, reject) => {
      const t = db.transaction('outbox', mode);
      const req = fn(t.objectStore('outbox'));
      t.oncomplete = () => resolve(req.result as T);
      t.onerror = () => reject(t.error);
    });
  }
  all() {
    return this.tx<QueueItem[]>('readonly', (s) => s.getAll());
  }
  async put(item: QueueItem) {
    await this.tx('readwrite', (s) => s.put(item));
  }
  async remove(id: string) {
    await this.tx('readwrite', (s) => s.delete(id));
  }
}

// The sender for the API: 200/201/204 done (and 404 for a DELETE: already gone); 401 the session has ended; network failure, 403 (no
// CSRF token yet after an offline start), 408, 429 and 5xx retry later; other 4xx (the server refused the values) are set aside with the server's message.
export function httpSender(getCsrf: () => string, fetcher: typeof fetch = fetch): Sender {
  return async (item) => {
    let res: Response;
    try {
      const method = item.method ?? 'POST';
      res = await fetcher('/api/v1' + item.path, {
        method,
        credentials: 'same-origin',
        headers: method === 'DELETE' ? { 'X-CSRF-Token': getCsrf() } : { 'Content-Type': 'application/json', 'X-CSRF-Token': getCsrf() },
        body: method === 'DELETE' ? undefined : JSON.stringify(item.body),
      });
    } catch {
      return 'retry';
    }
    if (res.status === 200 || res.status === 201 || res.status === 204) return 'done';
    // A correction of a write the server no longer has (deleted before): nothing left to do.
    if (res.status === 404 && item.method === 'DELETE') return 'done';
    if (res.status === 401) return 'ended';
    if (res.status === 403 || res.status === 408 || res.status === 429 || res.status >= 500) {
      return 'retry';
    }
    let message = '';
    try {
      const body = JSON.parse(await res.text()) as { error?: { message?: unknown } };
      if (typeof body?.error?.message === 'string') message = body.error.message;
    } catch {
      /* no JSON: no message */
    }
    return { status: res.status, message };
  };
}
