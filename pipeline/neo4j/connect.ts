/** One driver per process, to a configured server (NEO4J_URI / config) or the local one. */
import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../../schemas/index.ts';
import { Neo4jUnavailableError } from '../errors.ts';
import { start, type LocalConnection } from './local-server.ts';

export interface Graph {
  driver: Driver;
  database: string;
  uri: string;
  browserUrl: string | null;
  close(): Promise<void>;
}

export async function resolveConnection(config: Config, log: (line: string) => void = () => {}): Promise<LocalConnection> {
  if (config.neo4j.uri) {
    return { uri: config.neo4j.uri, user: config.neo4j.user, password: config.neo4j.password ?? '', httpUrl: null };
  }
  return start(config.neo4j.local, log);
}

export async function connect(config: Config, log: (line: string) => void = () => {}): Promise<Graph> {
  const conn = await resolveConnection(config, log);
  return openGraph(conn, config.neo4j.database, config.load.maxRetryTimeMs);
}

export async function openGraph(conn: LocalConnection, database: string, maxRetryTimeMs = 30_000): Promise<Graph> {
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    maxTransactionRetryTime: maxRetryTimeMs,
    maxConnectionPoolSize: 16,
    disableLosslessIntegers: true,
  });
  try {
    await driver.getServerInfo({ database });
  } catch (error) {
    await driver.close();
    throw new Neo4jUnavailableError(`cannot reach Neo4j at ${conn.uri}: ${(error as Error).message}`);
  }
  return { driver, database, uri: conn.uri, browserUrl: conn.httpUrl, close: () => driver.close() };
}
