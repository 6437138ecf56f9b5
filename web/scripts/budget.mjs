// Fails the build when the first-load JS and CSS exceed 100 KB gzipped.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/assets/', import.meta.url);
const limit = 100 * 1024;
let total = 0;
const lines = [];
for (const f of readdirSync(dir)) {
  if (!/\.(js|css)$/.test(f)) continue;
  const size = gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length;
  total += size;
  lines.push(`  ${f}: ${(size / 1024).toFixed(1)} KB`);
}
console.log(lines.join('\n'));
console.log(`JS+CSS gzipped: ${(total / 1024).toFixed(1)} KB (budget 100 KB)`);
if (total > limit) {
  console.error('over the budget');
  process.exit(1);
}
