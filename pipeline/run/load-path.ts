/**
 * Which way a run writes: a first build into an empty database of the local server goes
 * through neo4j-admin import (bulk: an order of magnitude faster, but the server must be
 * stopped for it, so only for a server fupin-kg runs itself); every other run, and every run
 * against a configured server (Aura, a cluster, Docker), writes in transactions.
 */
import type { Config } from '../../schemas/index.ts';
import { ConfigError } from '../errors.ts';
import type { Graph } from '../neo4j/connect.ts';

export interface LoadPath {
  path: 'bulk' | 'transactional';
  reason: string;
}

/** `flag`: --bulk (true), --no-bulk (false), or neither (undefined: decide). */
export async function chooseLoadPath(graph: Graph, config: Config, flag: boolean | undefined, dryRun: boolean): Promise<LoadPath> {
  if (dryRun) return { path: 'transactional', reason: 'a dry run writes nothing' };
  if (flag === false) return { path: 'transactional', reason: '--no-bulk' };
  const local = !config.neo4j.uri;
  const { records } = await graph.driver.executeQuery('MATCH (n) RETURN count(n) > 0 AS any LIMIT 1', {}, { database: graph.database, routing: 'READ' });
  const empty = records[0]?.get('any') !== true;
  if (flag === true) {
    if (!local) throw new ConfigError('--bulk', 'the bulk path stops the server for neo4j-admin import: it runs against the local server only (NEO4J_URI is set)');
    if (!empty) throw new ConfigError('--bulk', `database ${config.neo4j.database} is not empty: the bulk path builds a database from nothing (later runs are incremental)`);
    return { path: 'bulk', reason: '--bulk' };
  }
  if (!local) return { path: 'transactional', reason: 'a configured server (NEO4J_URI): fupin-kg does not stop servers it does not run' };
  if (!empty) return { path: 'transactional', reason: 'the database holds a graph: the run is incremental' };
  return { path: 'bulk', reason: 'first build into the empty database of the local server' };
}
