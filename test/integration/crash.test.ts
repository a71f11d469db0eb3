import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateCorpus } from '../../pipeline/bench/synthetic.ts';
import { loadDivisions } from '../../pipeline/gazetteer/divisions.ts';
import { openGraph, type Graph } from '../../pipeline/neo4j/connect.ts';
import { JARS, neo4jVersion, start, stop, wipeData } from '../../pipeline/neo4j/local-server.ts';
import { startCli } from '../helpers/cli.ts';
import { count, emptyDatabase, snapshot, testGraph } from '../helpers/graph.ts';

/** A corpus big enough that loading spans many transactions, and a config that loads one document at a time. */
async function setupRun(uri: string, user: string, password: string) {
  const root = mkdtempSync(join(tmpdir(), 'fupin-crash-'));
  generateCorpus(await loadDivisions(), join(root, 'reports'), 120, 7);
  const configFile = join(root, 'fupin.config.yaml');
  writeFileSync(configFile, stringify({
    input: { reports: join(root, 'reports') },
    output: { dir: join(root, 'out') },
    extract: { workers: 1 },
    load: { batchSize: 40, concurrency: 1, maxRetryTimeMs: 3000 },
  }));
  const env = { NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password };
  return { configFile, env };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached in time');
}

/** Every document that is in the graph is whole: it has its subject and its mentions. */
async function onlyWholeDocuments(graph: Graph): Promise<void> {
  expect(await count(graph, 'MATCH (d:Document) WHERE NOT (d)-[:ABOUT]->() OR NOT (d)-[:MENTIONS]->() RETURN count(d)')).toBe(0);
}

describe('crash safety', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await testGraph();
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });

  it('killed with SIGKILL in the middle of loading, the next run finishes the work: the graph equals a clean run', async () => {
    await emptyDatabase(graph);
    const t = inject('neo4j');
    const { configFile, env } = await setupRun(t.uri, t.user, t.password);
    const run = startCli(['--config', configFile, 'run', '--no-question'], env);
    await until(async () => (await count(graph, 'MATCH (d:Document) RETURN count(d)')) >= 3, 120_000);
    run.child.kill('SIGKILL');
    await run.done;
    const partial = await count(graph, 'MATCH (d:Document) RETURN count(d)');
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(120);
    await onlyWholeDocuments(graph);

    const rerun = await startCli(['--config', configFile, 'run', '--no-question'], env).done;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/documents: 120 seen/);
    const resumed = await snapshot(graph);
    await emptyDatabase(graph);
    const clean = await startCli(['--config', configFile, 'run', '--no-question'], env).done;
    expect(clean.code).toBe(0);
    expect(resumed).toEqual(await snapshot(graph));
  });

  const home = resolve(import.meta.dirname, '../../.neo4j/crash-test');
  // Needs the local server's jars (always there after npm install, unless FUPIN_SKIP_NEO4J=1).
  it.skipIf(!existsSync(join(JARS, `neo4j-${neo4jVersion()}.jar`)))(
    'Neo4j stopped during a run: the run fails with a clear message, only whole documents are committed, the rerun completes',
    async () => {
      await stop(home);
      wipeData(home);
      const options = { home, heapMb: 512, pagecacheMb: 64, http: false, startTimeoutMs: 180_000 };
      let conn = await start(options);
      const { configFile, env } = await setupRun(conn.uri, conn.user, conn.password);
      let own = await openGraph(conn, 'neo4j');
      try {
        const run = startCli(['--config', configFile, 'run', '--no-question'], env);
        await until(async () => (await count(own, 'MATCH (d:Document) RETURN count(d)')) >= 3, 120_000);
        await own.close();
        await stop(home);
        const failed = await run.done;
        expect(failed.code, failed.stderr).toBe(3);
        expect(failed.stderr).toMatch(/Neo4j unavailable/);

        conn = await start(options);
        own = await openGraph(conn, 'neo4j');
        await onlyWholeDocuments(own);
        const rerun = await startCli(['--config', configFile, 'run', '--no-question'], { ...env, NEO4J_URI: conn.uri }).done;
        expect(rerun.code, rerun.stderr).toBe(0);
        const resumed = await snapshot(own);
        await emptyDatabase(own);
        expect((await startCli(['--config', configFile, 'run', '--no-question'], { ...env, NEO4J_URI: conn.uri }).done).code).toBe(0);
        expect(resumed).toEqual(await snapshot(own));
      } finally {
        await own.close().catch(() => {});
        await stop(home);
      }
    },
  );
});
