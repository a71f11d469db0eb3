/** Keeps the last `keep` run folders under <output.dir>/runs (output.keepRuns); older ones are deleted. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function pruneRunFolders(outDir: string, keep: number, current: string): string[] {
  const runs = join(outDir, 'runs');
  if (!existsSync(runs)) return [];
  // Run ids start with a UTC timestamp: names sort by age.
  const folders = readdirSync(runs, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const old = folders.slice(0, Math.max(0, folders.length - keep)).filter((f) => f !== current);
  for (const f of old) rmSync(join(runs, f), { recursive: true, force: true });
  return old;
}
