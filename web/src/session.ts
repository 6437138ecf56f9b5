// What the app shell shares with the screens of a signed-in person: the context it hands them
// and the offline queue of writes (sent with the session's CSRF token, kept by api.ts).
import type { Account } from './api';
import { csrfToken } from './api';
import type { Prefs } from './prefs';
import { IdbStore, MemoryStore, SyncQueue, httpSender } from './queue';

export const queue = new SyncQueue(
  typeof indexedDB !== 'undefined' ? new IdbStore() : new MemoryStore(),
  httpSender(csrfToken),
);

export type Ctx = {
  account: Account;
  prefs: Prefs;
  setPrefs: (p: Prefs) => void;
  signedIn: (a: Account | null, csrf?: string) => void;
};
