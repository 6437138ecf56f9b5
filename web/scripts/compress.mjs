// Writes name.br (brotli, quality 11) and name.gz (gzip -9) beside every text file of the built
// app, which `msfit serve` sends to browsers that accept them (src/http/static_files.cpp). A
// copy that would not be smaller than its file is not written: the server then sends the file.
// Run by the Vite build (vite.config.ts); by hand: node scripts/compress.mjs [dist].
import { readdirSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const TEXT = /\.(html|js|mjs|css|json|map|svg|txt|webmanifest)$/i;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

// Compresses the text files under dir; returns { files, bytes, br, gz } (sizes in bytes).
export function compressDir(dir) {
  const total = { files: 0, bytes: 0, br: 0, gz: 0 };
  for (const path of [...files(dir)]) {
    if (/\.(br|gz)$/i.test(path)) continue;
    if (!TEXT.test(path)) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    const gz = gzipSync(data, { level: 9 });
    total.files += 1;
    total.bytes += data.length;
    for (const [suffix, packed] of [['.br', br], ['.gz', gz]]) {
      if (packed.length < data.length) {
        writeFileSync(path + suffix, packed);
        total[suffix.slice(1)] += packed.length;
      } else {
        rmSync(path + suffix, { force: true });
        total[suffix.slice(1)] += data.length;
      }
    }
  }
  return total;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`no directory ${dir}`);
  const t = compressDir(dir);
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(`compressed ${t.files} files: ${kb(t.bytes)} KB, brotli ${kb(t.br)} KB, gzip ${kb(t.gz)} KB`);
}
