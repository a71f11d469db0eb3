/** Helpers for integration tests: a Graph on the provided server, an empty database, a config. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../pipeline/config/load-config.ts';
import { openGraph, type Graph } from '../../pipeline/neo4j/connect.ts';
import type { Config } from '../../schemas/index.ts';

export const REPORTS = resolve(import.meta.dirname, '../../data/reports');

export async function testGraph(): Promise<Graph> {
  const t = inject('neo4j');
  return openGraph({ uri: t.uri, user: t.user, password: t.password, httpUrl: null }, t.database, 10_000);
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
    overrides: { output: { dir: out }, neo4j: { uri: t.uri, user: t.user, password: t.password, database: t.database }, input: { reports: REPORTS }, ...overrides },
  });
}

export async function count(graph: Graph, cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const { records } = await graph.driver.executeQuery(cypher, params, { database: graph.database });
  return Number(records[0]?.get(0) ?? 0);
}
