// The service worker: keeps the app shell for offline use. API answers are never cached here;
// sets logged offline wait in IndexedDB (src/queue.ts) until the app is online again.
const SHELL = __SHELL__;
const CACHE = 'msfit-shell-__VERSION__';

self.addEventListener('install', (event) => {
  // One missing file must not keep the rest of the shell from being cached.
  event.waitUntil(caches.open(CACHE)
    .then((c) => Promise.allSettled(SHELL.map((f) => c.add(f))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (req.mode === 'navigate') {
    // Network first, so a new version shows at once; the cached shell when offline.
    event.respondWith(fetch(req).catch(() => caches.match('/')));
    return;
  }
  event.respondWith(
    caches.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(req, copy));
      }
      return res;
    })),
  );
});
