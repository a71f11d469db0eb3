#!/usr/bin/env node
// Entry point: the bundle the install step built (dist/), or the TypeScript sources through
// tsx when dist/ is missing or older than them (a checkout being edited) or FUPIN_FROM_SOURCE=1.
// FUPIN_REQUIRE_BUNDLE=1 makes a missing or stale bundle an error (the install check).
import { fileURLToPath } from 'node:url';
import { bundleIsFresh } from '../scripts/sources.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fresh = process.env.FUPIN_FROM_SOURCE !== '1' && bundleIsFresh(root);
if (!fresh && process.env.FUPIN_REQUIRE_BUNDLE === '1') {
  process.stderr.write(`fupin-kg: dist/ is missing or older than the sources; run \`npm run build\` in ${root}\n`);
  process.exit(2);
}
let main;
if (fresh) {
  ({ main } = await import('../dist/cli.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../pipeline/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
