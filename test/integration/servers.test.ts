/**
 * One writer, one server: two commands that find the local server stopped start one server
 * between them (under the home's start lock, its state written in one rename), and the
 * initial password never appears on a command line; auth.ini is readable by its owner only;
 * every server a test starts is registered for the suite's teardown.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JARS, neo4jVersion, readState, start, status, stop, wipeData } from '../../pipeline/neo4j/local-server.ts';

const home = resolve(import.meta.dirname, '../../.neo4j/start-race-test');

describe.skipIf(!existsSync(join(JARS, `neo4j-${neo4jVersion()}.jar`)))('the local server', () => {
  afterAll(async () => {
    await stop(home);
  });

  it('two starts at once on a stopped server give one server; its secrets stay its own', async () => {
    await stop(home);
    wipeData(home);
    const options = { home, heapMb: 384, pagecacheMb: 64, http: false, startTimeoutMs: 180_000 };
    const [a, b] = await Promise.all([start(options), start(options)]);
    expect(a.uri).toBe(b.uri);
    const state = readState(home)!;
    expect((await status(home)).running).toBe(true);
    expect(state.start).toBeTruthy();
    expect(statSync(join(home, 'data', 'dbms', 'auth.ini')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'password')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(home, 'run')).filter((f) => f.includes('password'))).toEqual([]);
    // Registered for the suite's teardown, which stops it even if this test timed out.
    expect(readFileSync(process.env.FUPIN_SERVER_REGISTRY!, 'utf8').split('\n')).toContain(home);
    expect(await stop(home)).toBe(true);
    expect((await status(home)).running).toBe(false);
  });
});
