// The JSON API client: cookie session, the CSRF header on every write, errors with fields.
import type { components } from './api-types';
import { lang } from './i18n';

// The API's request and response types, generated from src/http/openapi.json (npm run gen:api,
// part of the build and the typecheck).
export type Schemas = components['schemas'];
export type Account = Schemas['Account'];

export class ApiError extends Error {
  // retryAfter: the seconds the server asks the client to wait (429 too_many_attempts, 503 busy).
  constructor(public status: number, public code: string, message: string, public field?: string, public retryAfter?: number) {
    super(message);
  }
}

// A Retry-After header in seconds: delta-seconds, or an HTTP date. Undefined when absent or unreadable.
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | undefined {
  const v = header?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

// The session's CSRF token: the one copy, sent by api() and by the offline queue. Empty when
// signed out, or after an offline start until /me answers.
let csrf = '';
export function setCsrf(token: string) {
  csrf = token;
}
export function csrfToken(): string {
  return csrf;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  // The server writes its messages (today's reasons, the plan's warnings) in this language.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch('/api/v1' + path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: { error?: Partial<Schemas['Error']['error']> } | undefined = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = data?.error ?? {};
    // Without a message of the server's, the ApiError has none (the screens have their own
    // words for that); never the HTTP status text, which is English.
    throw new ApiError(res.status, e.code ?? 'error', e.message ?? '', e.field,
      retryAfterSeconds(res.headers.get('Retry-After')));
  }
  return data as T;
}

export function newClientId(): string {
  if (typeof globalThis.crypto?.randomUUID === 'function') return crypto.randomUUID();
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

export function isoDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

