// Fails the build when what a phone loads first (the JS and CSS that dist/index.html refers
// to: the entry, its preloaded imports and its style sheets) exceeds 100 KB gzipped, or when
// everything, the screens that load when first opened included, exceeds 160 KB gzipped.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/assets/', import.meta.url);
const html = readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
const firstLoad = new Set([...html.matchAll(/\/assets\/([^"'?#]+\.(?:js|css))/g)].map((m) => m[1]));
const firstLimit = 100 * 1024;
const allLimit = 160 * 1024;
let first = 0;
let all = 0;
const lines = [];
for (const f of readdirSync(dir).sort()) {
  if (!/\.(js|css)$/.test(f)) continue;
  const size = gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length;
  all += size;
  const initial = firstLoad.has(f);
  if (initial) first += size;
  lines.push(`  ${f}: ${(size / 1024).toFixed(1)} KB${initial ? ' (first load)' : ''}`);
}
console.log(lines.join('\n'));
console.log(`first load JS+CSS gzipped: ${(first / 1024).toFixed(1)} KB (budget 100 KB)`);
console.log(`all JS+CSS gzipped: ${(all / 1024).toFixed(1)} KB (budget 160 KB)`);
if (firstLoad.size === 0) {
  console.error('dist/index.html refers to no asset: cannot measure the first load');
  process.exit(1);
}
if (first > firstLimit || all > allLimit) {
  console.error('over the budget');
  process.exit(1);
}
