/** The pipeline version: a hash of the extractor's code and dictionaries. When it changes, unchanged files are extracted again. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths.ts';

let cached: string | null = null;

export function pipelineVersion(): string {
  if (cached) return cached;
  const hash = createHash('sha1');
  const files = [
    ...readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'data', f)),
    ...listTs(join(ROOT, 'pipeline', 'stages')),
    ...listTs(join(ROOT, 'pipeline', 'gazetteer')),
  ].sort();
  for (const f of files) hash.update(f.slice(ROOT.length)).update(readFileSync(f));
  cached = hash.digest('hex').slice(0, 12);
  return cached;
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
