#!/usr/bin/env node
// Builds dist/: the CLI and the extraction worker bundled by esbuild (npm packages stay
// external), so a command starts without compiling TypeScript. Run by the install step
// (postinstall) and by `npm run build`; bin/fupin-kg.mjs falls back to the sources through
// tsx when dist/ is missing or older than them.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { newestSource } from './sources.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = join(root, 'dist');
// Built beside dist/ and swapped in, so a command starting meanwhile never sees half a bundle.
const out = join(root, `.dist-${process.pid}`);
const started = Date.now();
const newest = newestSource(root);
rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'pipeline/cli/main.ts', 'extract-worker': 'pipeline/run/extract-worker.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  define: { __FUPIN_BUNDLE__: 'true' },
  sourcemap: 'linked',
  logLevel: 'warning',
});
// What the bundle was built from: bin/fupin-kg.mjs compares it with the sources' newest mtime.
writeFileSync(join(out, 'built.json'), `${JSON.stringify({ sourcesMtimeMs: newest, builtAt: new Date().toISOString() })}\n`);
const old = join(root, `.dist-old-${process.pid}`);
try {
  renameSync(dist, old);
} catch {
  // no dist/ yet
}
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
console.log(`fupin-kg: built ${relative(root, dist)}/ in ${Date.now() - started} ms`);
