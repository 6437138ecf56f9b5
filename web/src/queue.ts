// Writes that must not be lost (sets, cardio): kept in IndexedDB with their client id and sent
// in order when online. The API stores a client id once (201 stored, 200 already stored), so
// sending an item again after a lost answer does no harm. Items queued before a field was
// renamed are renamed as they are read back (legacy.ts).
import { upgradeWrite } from './legacy';

export type QueueItem = { client_id: string; path: string; body: Record<string, unknown>; created: number };

export interface QueueStore {
  all(): Promise<QueueItem[]>;
  put(item: QueueItem): Promise<void>;
  remove(clientId: string): Promise<void>;
}

// What sending one item gave: done (stored now or before), retry later, or refused for good,
// with the HTTP status and the server's message (in the reader's language; empty without one).
export type Refused = { status: number; message: string };
export type SendResult = 'done' | 'retry' | Refused;
export type Sender = (item: QueueItem) => Promise<SendResult>;
// An item the server refused, with why: shown to the person, so that nothing is dropped unseen.
export type RejectedItem = QueueItem & Refused;

export class SyncQueue {
  private listeners = new Set<(n: number) => void>();
  private refusedListeners = new Set<(item: RejectedItem) => void>();
  private flushing: Promise<number> | null = null;
  rejected: RejectedItem[] = [];

  constructor(private store: QueueStore, private send: Sender) {}

  onChange(fn: (n: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async count(): Promise<number> {
    return (await this.store.all()).length;
  }

  // Called with each item the server refuses, as it is set aside.
  onRefused(fn: (item: RejectedItem) => void): () => void {
    this.refusedListeners.add(fn);
    return () => this.refusedListeners.delete(fn);
  }

  private async notify() {
    const n = await this.count();
    this.listeners.forEach((fn) => fn(n));
  }

  async enqueue(path: string, body: Record<string, unknown>): Promise<QueueItem> {
    const item: QueueItem = { client_id: String(body.client_id), path, body, created: Date.now() };
    await this.store.put(item);
    await this.notify();
    return item;
  }

  // Sends waiting items oldest first; stops at the first that must wait. Returns how many wait.
  flush(): Promise<number> {
    if (!this.flushing) {
      this.flushing = this.run().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  // The waiting items as stored, with the field names the server reads now.
  private async stored(): Promise<QueueItem[]> {
    return (await this.store.all()).map((i) => {
      const body = upgradeWrite(i.path, i.body);
      return body === i.body ? i : { ...i, body };
    });
  }

  private async run(): Promise<number> {
    const items = (await this.stored()).sort((a, b) => a.created - b.created);
    for (const item of items) {
      let result: SendResult;
      try {
        result = await this.send(item);
      } catch {
        result = 'retry';
      }
      if (result === 'retry') break;
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

// The sender for the API: 200/201 done; network failure, 401/403, 408, 429 and 5xx retry
// later; other 4xx (the server refused the values) are set aside with the server's message.
export function httpSender(getCsrf: () => string, fetcher: typeof fetch = fetch): Sender {
  return async (item) => {
    let res: Response;
    try {
      res = await fetcher('/api/v1' + item.path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': getCsrf() },
        body: JSON.stringify(item.body),
      });
    } catch {
      return 'retry';
    }
    if (res.status === 200 || res.status === 201) return 'done';
    if (res.status === 401 || res.status === 403 || res.status === 408 || res.status === 429 || res.status >= 500) {
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
