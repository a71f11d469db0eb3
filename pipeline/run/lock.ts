/** A lock file so two runs never write at once; a lock left by a dead process is taken over. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LockedError } from '../errors.ts';

export function acquireLock(path: string): () => void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = 0;
      try {
        pid = (JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid;
      } catch {
        // An unreadable lock file is stale.
      }
      if (pid > 0 && pid !== process.pid && alive(pid)) {
        throw new LockedError(`another fupin-kg run (pid ${pid}) holds ${path}; it must finish first`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new LockedError(`could not take the lock ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
