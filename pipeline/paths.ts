/**
 * Where the package's files are, whether this code runs from its TypeScript sources
 * (pipeline/…) or from the bundle the install step builds (dist/): the package root is the
 * nearest folder above this module that holds fupin-kg's package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

declare const __FUPIN_BUNDLE__: boolean | undefined;
/** True in dist/ (esbuild defines it); false when the sources run through tsx. */
export const BUNDLED = typeof __FUPIN_BUNDLE__ !== 'undefined' && __FUPIN_BUNDLE__;

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fupin-kg') return dir;
    if (dirname(dir) === dir) throw new Error(`fupin-kg: no package.json of fupin-kg above ${from}`);
  }
}

export const ROOT = findRoot(import.meta.dirname);
export const rootPath = (...parts: string[]): string => join(ROOT, ...parts);
