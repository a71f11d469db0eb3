/**
 * A lock file so two writers never write at once; a lock left by a dead process, or whose pid
 * now belongs to another process (same pid, other start time), is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LockedError } from '../errors.ts';
import { isRecordedProcess, processStart } from './process-identity.ts';

/** How old a takeover marker may be before it is itself stale (its taker died mid-takeover). */
const TAKEOVER_STALE_MS = 10_000;

export function acquireLock(path: string, what = 'another fupin-kg run'): () => void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, JSON.stringify({ pid: process.pid, start: processStart(process.pid), at: new Date().toISOString() }), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = readLock(path);
      // Held by this very process too (another task of it) while that process lives: a lock is
      // per holder, not per pid.
      if (held.pid > 0 && isRecordedProcess(held.pid, { start: held.start ?? null })) {
        throw new LockedError(`${what} (pid ${held.pid}) holds ${path}; it must finish first`);
      }
      removeStale(path, held.raw);
    }
  }
  throw new LockedError(`could not take the lock ${path}`);
}

function readLock(path: string): { pid: number; start?: string | null; raw: string } {
  let raw = '';
  try {
    raw = readFileSync(path, 'utf8');
    return { ...(JSON.parse(raw) as { pid: number; start?: string | null }), raw };
  } catch {
    return { pid: 0, raw }; // an unreadable lock file is stale
  }
}

/**
 * Removes a stale lock, one taker at a time: two processes that both found it stale must not
 * both remove it, or the second would remove the lock the first has just taken.
 */
function removeStale(path: string, staleContent: string): void {
  const marker = `${path}.takeover`;
  try {
    writeFileSync(marker, String(process.pid), { flag: 'wx' });
  } catch {
    try {
      if (Date.now() - statSync(marker).mtimeMs > TAKEOVER_STALE_MS) rmSync(marker, { force: true });
    } catch {
      // gone meanwhile
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    return;
  }
  try {
    let current: string | null = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // already gone
    }
    if (current === staleContent) rmSync(path, { force: true });
  } finally {
    rmSync(marker, { force: true });
  }
}
