// What the app shell shares with the screens of a signed-in person: the context it hands them
// and the offline queue of writes (sent with the session's CSRF token, kept by api.ts).
import type { Account } from './api';
import { csrfToken } from './api';
import type { Prefs } from './prefs';
import { IdbStore, MemoryStore, SyncQueue, httpSender } from './queue';

// The account of this device, kept so that the app opens offline after a reload.
export const ACCOUNT = 'msfit.account';

// The kept account when the app starts, before a sign-in replaces it: writes queued before
// writes recorded their account are this account's (see SyncQueue).
function keptAccountId(): number | null {
  try {
    const kept = JSON.parse(globalThis.localStorage?.getItem(ACCOUNT) ?? 'null') as { id?: unknown } | null;
    return typeof kept?.id === 'number' ? kept.id : null;
  } catch {
    return null;
  }
}

export const queue = new SyncQueue(
  typeof indexedDB !== 'undefined' ? new IdbStore() : new MemoryStore(),
  httpSender(csrfToken),
  keptAccountId(),
);

export type Ctx = {
  account: Account;
  prefs: Prefs;
  setPrefs: (p: Prefs) => void;
  signedIn: (a: Account | null, csrf?: string) => void;
};
