// For screen tests: a fake API behind fetch (replies queued per "METHOD /path", every request
// kept), fake timers, a fresh root element, and the steps a person takes (type, press, wait).
import { vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { setLang } from '../i18n';

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'offline';
export type Sent = { method: string; path: string; body?: Record<string, unknown> };

let replies: Record<string, Reply[]> = {};
// Live bindings: the test files read the current run's values.
export let sent: Sent[] = [];
export let root: HTMLElement;

// Queues replies for `key` ("PUT /me/password"); an unqueued request gets a 404.
export function serve(key: string, ...r: Reply[]) {
  (replies[key] ??= []).push(...r);
}

// Before each test: English, fake timers, no replies, the page at `path`, an empty root.
export function setUpFakeApi(path: string) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  setLang('en');
  replies = {};
  sent = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
    const p = url.replace('/api/v1', '');
    const method = init.method ?? 'GET';
    sent.push({ method, path: p, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const r = replies[`${method} ${p}`]?.shift() ?? { status: 404, body: { error: { code: 'not_found', message: 'not found' } } };
    if (r === 'offline') throw new TypeError('Failed to fetch');
    return {
      status: r.status,
      ok: r.status >= 200 && r.status < 300,
      statusText: '',
      headers: new Headers(r.headers ?? {}),
      text: async () => (r.body === undefined ? '' : JSON.stringify(r.body)),
    };
  }));
  history.replaceState(null, '', path);
  root = document.createElement('div');
  document.body.innerHTML = '';
  document.body.append(root);
}

export function tearDownFakeApi() {
  render(null, root);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setLang('en');
}

export const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as T | null;
export const button = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!;

// Lets pending promises (fetches, state updates) run.
export async function settle() {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });
}
export async function type(id: string, value: string) {
  const input = $<HTMLInputElement>(`#${id}`)!;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
export async function press(b: HTMLElement) {
  await act(() => b.click());
  await settle();
}
export async function seconds(n: number) {
  await act(() => {
    vi.advanceTimersByTime(n * 1000);
  });
}
