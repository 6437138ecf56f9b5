// Checks that the Node.js running this script satisfies the "engines.node" range of web/ and of
// every package installed in web/node_modules; prints the packages that do not and exits 1.
//   node scripts/check-engines.mjs
// npm itself only warns about such a package (EBADENGINE), and only when it installs it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const web = new URL('..', import.meta.url).pathname;
const node = process.versions.node;

// A version as [major, minor, patch]; a missing or x part is null.
function parts(text) {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]*)?$/.exec(text);
  if (!m) throw new Error(`cannot read version "${text}"`);
  return [m[1], m[2], m[3]].map((p) => (p === undefined || /^[xX*]$/.test(p) ? null : Number(p)));
}
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const filled = (p) => p.map((n) => n ?? 0);
// The first version above every version that matches the partial one (18 -> 19.0.0, 1.2 -> 1.3.0).
const above = (p) => (p[0] === null ? null : p[1] === null ? [p[0] + 1, 0, 0] : p[2] === null ? [p[0], p[1] + 1, 0] : [p[0], p[1], p[2] + 1]);

// One comparator as [low, high): low inclusive, high exclusive, either null for no bound.
function bounds(c) {
  const m = /^(<=|>=|<|>|=|\^|~)?(.*)$/.exec(c);
  const op = m[1] ?? '=';
  if (m[2] === '' || /^[xX*]$/.test(m[2])) return op === '<' || op === '>' ? [[0, 0, 0], [0, 0, 0]] : [null, null];
  const p = parts(m[2]);
  const v = filled(p);
  switch (op) {
    case '>=': return [v, null];
    case '>': return [above(p), null];
    case '<': return [null, v];
    case '<=': return [null, above(p)];
    case '=': return [v, above(p)];
    case '~': return [v, p[1] === null ? [v[0] + 1, 0, 0] : [v[0], v[1] + 1, 0]];
    case '^': {
      if (v[0] > 0 || p[1] === null) return [v, [v[0] + 1, 0, 0]];
      if (v[1] > 0 || p[2] === null) return [v, [0, v[1] + 1, 0]];
      return [v, [0, 0, v[2] + 1]];
    }
  }
  throw new Error(`cannot read comparator "${c}"`);
}
function satisfies(version, range) {
  const v = filled(parts(version));
  return range.split('||').some((set) => {
    const s = set.trim().replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(s);
    const comparators = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : s.split(/\s+/);
    return comparators.every((c) => {
      const [low, high] = bounds(c);
      return (low === null || cmp(v, low) >= 0) && (high === null || cmp(v, high) < 0);
    });
  });
}

const bad = [];
let count = 0;
function check(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const range = pkg.engines?.node;
  count++;
  if (typeof range === 'string' && !satisfies(node, range)) bad.push(`${pkg.name}@${pkg.version} needs node ${range}`);
}
function walk(modules) {
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const dir = join(modules, entry);
    if (entry.startsWith('@')) {
      walk(dir);
      continue;
    }
    if (!existsSync(join(dir, 'package.json'))) continue;
    check(dir);
    if (existsSync(join(dir, 'node_modules'))) walk(join(dir, 'node_modules'));
  }
}
check(web);
walk(join(web, 'node_modules'));
if (bad.length) {
  console.error(`Node.js ${node} is outside the "engines" range of:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`engines: Node.js ${node} satisfies web/ and all ${count - 1} installed packages`);
