/**
 * A recorded pid is trusted only while it is the recorded process: a stale lock whose pid now
 * belongs to another process is taken over, and `neo4j stop` never signals a process that is
 * not the server it started (the pid's start time and command line tell).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LockedError } from '../../pipeline/errors.ts';
import { stop } from '../../pipeline/neo4j/local-server.ts';
import { acquireLock } from '../../pipeline/run/lock.ts';
import { isRecordedProcess, processStart } from '../../pipeline/run/process-identity.ts';

const other = spawn('sleep', ['60'], { stdio: 'ignore' });
afterAll(() => {
  other.kill();
});

describe.runIf(processStart(process.pid) !== null)('process identity (Linux /proc)', () => {
  it('a lock held by a live process of the recorded start time holds; the same pid with another start time is stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-lock-'));
    const lock = join(dir, 'run.lock');
    writeFileSync(lock, JSON.stringify({ pid: other.pid, start: processStart(other.pid!), at: new Date().toISOString() }));
    expect(() => acquireLock(lock)).toThrow(LockedError);
    // The pid was reused: the process that wrote the lock started at another time.
    writeFileSync(lock, JSON.stringify({ pid: other.pid, start: '1', at: new Date().toISOString() }));
    const release = acquireLock(lock);
    expect(() => acquireLock(lock)).toThrow(LockedError); // held, even against another task of this process
    release();
    acquireLock(lock)();
  });

  it('neo4j stop never signals a process that is not the recorded server, and drops the stale state', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fupin-home-'));
    mkdirSync(join(home, 'run'));
    const state = { pid: other.pid, start: processStart(other.pid!), boltPort: 1, httpPort: null, version: '5.26.31', startedAt: new Date().toISOString() };
    writeFileSync(join(home, 'run', 'state.json'), JSON.stringify(state));
    expect(await stop(home)).toBe(false);
    expect(isRecordedProcess(other.pid!, {})).toBe(true); // still alive: `sleep` is not a Neo4j of this home
    expect(isRecordedProcess(other.pid!, { marker: `--home-dir=${home}` })).toBe(false);
  });
});
