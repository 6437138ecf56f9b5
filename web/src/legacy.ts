// The API's earlier names of the training log's fields (docs/glossary.md has the ones used now).
// What the browser kept from before the rename - writes waiting in the offline queue, the last
// session and history kept for offline use - still carries them; they are renamed as they are
// read back, so that nothing logged offline is lost (the server no longer reads the old names).

const RENAMED_IN_WRITES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '/sets': { kg: 'load_kg' },
  '/cardio': { hr: 'mean_hr' },
  '/checkins': { sleep: 'sleep_quality', temp_c: 'ambient_temp_c' },
};

// `body` with the old names renamed, in place of the key they had; a new name already there
// wins. The same object when there is nothing to rename.
function renamed<T extends Record<string, unknown>>(body: T, names: Readonly<Record<string, string>>): T {
  if (!Object.keys(names).some((old) => old in body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const now = names[key];
    if (now === undefined) out[key] = value;
    else if (!(now in body)) out[now] = value;
  }
  return out as T;
}

// A write's body for `path` ('/sets', '/cardio', '/checkins', ...), in today's names.
export function upgradeWrite(path: string, body: Record<string, unknown>): Record<string, unknown> {
  const names = RENAMED_IN_WRITES[path];
  return names ? renamed(body, names) : body;
}

// Sets as the history gave them (kept on the device), in today's names.
export function upgradeSets<T extends Record<string, unknown>>(sets: readonly T[]): T[] {
  return sets.map((s) => renamed(s, { kg: 'load_kg' }));
}

// Today's session as kept on the device: each item's suggested load in today's names.
export function upgradeToday<T>(today: T): T {
  const items = (today as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return today;
  return {
    ...today,
    items: items.map((i: { load?: Record<string, unknown> }) =>
      i?.load ? { ...i, load: renamed(i.load, { kg: 'load_kg', last_kg: 'last_load_kg' }) } : i),
  };
}
