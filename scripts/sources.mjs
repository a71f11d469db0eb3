// Is dist/ (the bundle of the install step) current? It records the newest modification time
// of the TypeScript it was built from (pipeline/, schemas/); a later edit makes it stale.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function newestSource(root) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['pipeline', 'schemas']) walk(join(root, d));
  return newest;
}

export function bundleIsFresh(root) {
  try {
    const built = JSON.parse(readFileSync(join(root, 'dist', 'built.json'), 'utf8'));
    return built.sourcesMtimeMs >= newestSource(root);
  } catch {
    return false;
  }
}
