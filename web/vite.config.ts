import { defineConfig, searchForWorkspaceRoot, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compressDir } from './scripts/compress.mjs';

// Emits sw.js with the list of built files, so the service worker can cache the app shell.
function serviceWorker(): Plugin {
  return {
    name: 'msfit-sw',
    apply: 'build',
    generateBundle(_options, bundle) {
      // Chunks left empty (a CSS-only import) are not written, so they are left out.
      const files = Object.keys(bundle).filter((f) => {
        const out = bundle[f] as { type: string; code?: string };
        return !f.endsWith('.map') && !(out.type === 'chunk' && !out.code?.trim());
      });
      const shell = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/apple-touch-icon.png', ...files.map((f) => '/' + f),
        '/data/exercises.en.json', '/data/exercises.sv.json', '/data/exercises.pl.json',
        '/data/rules.en.json', '/data/rules.sv.json', '/data/rules.pl.json', '/data/measures.json'];
      const version = files.join(',').length.toString(36) + '-' + Date.now().toString(36);
      const source = readFileSync(new URL('./src/sw.js', import.meta.url), 'utf8')
        .replace('__SHELL__', JSON.stringify(shell))
        .replace('__VERSION__', version);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// Writes name.br and name.gz beside every text file once the build is written, for the server
// to send to browsers that accept them (scripts/compress.mjs).
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'msfit-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const t = compressDir(outDir);
      const kb = (n: number) => (n / 1024).toFixed(1);
      this.info?.(`precompressed ${t.files} files: ${kb(t.bytes)} KB, brotli ${kb(t.br)} KB, gzip ${kb(t.gz)} KB`);
    },
  };
}

export default defineConfig({
  plugins: [serviceWorker(), precompress()],
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { target: 'es2020', sourcemap: false, assetsInlineLimit: 0 },
  // The dev server may read ../data too: units.ts imports the equipment catalogue from there.
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), fileURLToPath(new URL('../data', import.meta.url))] },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
} as never);
