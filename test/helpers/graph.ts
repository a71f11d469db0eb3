/** Helpers for integration tests: a Graph on the provided server, an empty database, a config. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { loadConfig } from '../../pipeline/config/load-config.ts';
import { openGraph, type Graph } from '../../pipeline/neo4j/connect.ts';
import type { Config } from '../../schemas/index.ts';

export const REPORTS = resolve(import.meta.dirname, '../../data/reports');

/** A describe block's graph: opened once, emptied before each test and at the end, then closed. */
export function emptyGraphForEachTest(set: (graph: Graph) => void): void {
  let graph: Graph;
  beforeAll(async () => {
    graph = await testGraph();
    set(graph);
  });
  beforeEach(async () => {
    await emptyDatabase(graph);
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });
}

export async function testGraph(): Promise<Graph> {
  const t = inject('neo4j');
  return openGraph({ uri: t.uri, user: t.user, password: t.password, passwordFrom: 'the test setup', httpUrl: null }, t.database, 10_000);
}

/** Deletes every node and relationship (schema stays). */
export async function emptyDatabase(graph: Graph): Promise<void> {
  // CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction.
  const session = graph.driver.session({ database: graph.database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
  }
}

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  const t = inject('neo4j');
  const out = mkdtempSync(join(tmpdir(), 'fupin-out-'));
  return loadConfig({
    file: undefined,
    env: {},
    overrides: { output: { dir: out }, neo4j: { uri: t.uri, user: t.user, password: t.password, database: t.database }, input: { reports: REPORTS, collection: 'samples' }, ...overrides },
  });
}

export async function count(graph: Graph, cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const { records } = await graph.driver.executeQuery(cypher, params, { database: graph.database });
  return Number(records[0]?.get(0) ?? 0);
}

/**
 * The whole graph as sorted lines (labels and properties of nodes, relationships with their
 * end keys), leaving out the run ledger and run timestamps: equal snapshots, equal graphs.
 */
export async function snapshot(graph: Graph): Promise<string[]> {
  const key = 'coalesce(n.id, n.code, n.name, n.title)';
  const nodes = await graph.driver.executeQuery(
    `MATCH (n) WHERE NOT n:Run RETURN labels(n) AS labels, properties(n) AS props`, {}, { database: graph.database });
  const rels = await graph.driver.executeQuery(
    `MATCH (a)-[r]->(b) WHERE NOT a:Run
     WITH a, r, b, ${key.replaceAll('n.', 'a.')} AS from, ${key.replaceAll('n.', 'b.')} AS to
     RETURN type(r) AS type, from, to, properties(r) AS props`, {}, { database: graph.database });
  const clean = (p: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'ingestedAt').sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, String(v)])));
  return [
    ...nodes.records.map((r) => `N ${(r.get('labels') as string[]).sort().join(':')} ${clean(r.get('props') as Record<string, unknown>)}`),
    ...rels.records.map((r) => `R ${r.get('type')} ${r.get('from')} -> ${r.get('to')} ${clean(r.get('props') as Record<string, unknown>)}`),
  ].sort();
}
