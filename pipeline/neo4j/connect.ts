/** One driver per process, to a configured server (NEO4J_URI / config) or the local one. */
import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../../schemas/index.ts';
import { Neo4jAuthError, Neo4jUnavailableError } from '../errors.ts';

const AUTH_CODES = new Set(['Neo.ClientError.Security.Unauthorized', 'Neo.ClientError.Security.AuthenticationRateLimit', 'Neo.ClientError.Security.CredentialsExpired']);
import { start, type LocalConnection } from './local-server.ts';

export interface Graph {
  driver: Driver;
  database: string;
  uri: string;
  browserUrl: string | null;
  close(): Promise<void>;
  /**
   * A new driver to the same server: after a bulk import the database is a new store, and the
   * old driver's bookmarks (transaction ids of the store it replaced) would never be reached.
   */
  reopen(): Promise<void>;
}

export async function resolveConnection(config: Config, log: (line: string) => void = () => {}): Promise<LocalConnection> {
  if (config.neo4j.uri) {
    return { uri: config.neo4j.uri, user: config.neo4j.user, password: config.neo4j.password ?? '', passwordFrom: passwordSource(config), httpUrl: null };
  }
  return start(config.neo4j.local, log);
}

/** Where a configured server's password comes from (config.ts reads NEO4J_PASSWORD or NEO4J_PASSWORD_FILE only with NEO4J_URI). */
export function passwordSource(config: Config): string {
  if (process.env.NEO4J_PASSWORD_FILE && process.env.NEO4J_URI) return `NEO4J_PASSWORD_FILE (${process.env.NEO4J_PASSWORD_FILE})`;
  if (process.env.NEO4J_PASSWORD !== undefined && process.env.NEO4J_URI) return 'NEO4J_PASSWORD';
  return config.neo4j.password === null ? 'nowhere (set NEO4J_PASSWORD or neo4j.password)' : 'neo4j.password of the config';
}

export async function connect(config: Config, log: (line: string) => void = () => {}): Promise<Graph> {
  const conn = await resolveConnection(config, log);
  return openGraph(conn, config.neo4j.database, config.load.maxRetryTimeMs);
}

export async function openGraph(conn: LocalConnection, database: string, maxRetryTimeMs = 30_000): Promise<Graph> {
  const driver = await openDriver(conn, database, maxRetryTimeMs);
  const graph: Graph = {
    driver, database, uri: conn.uri, browserUrl: conn.httpUrl,
    close: () => graph.driver.close(),
    reopen: async () => {
      await graph.driver.close();
      graph.driver = await openDriver(conn, database, maxRetryTimeMs);
    },
  };
  return graph;
}

async function openDriver(conn: LocalConnection, database: string, maxRetryTimeMs: number): Promise<Driver> {
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    maxTransactionRetryTime: maxRetryTimeMs,
    maxConnectionPoolSize: 16,
    disableLosslessIntegers: true,
  });
  try {
    await driver.getServerInfo({ database });
  } catch (error) {
    await driver.close();
    if (AUTH_CODES.has(String((error as { code?: unknown }).code))) {
      throw new Neo4jAuthError(`authentication failed for user ${conn.user} at ${conn.uri}; password from ${conn.passwordFrom}`);
    }
    throw new Neo4jUnavailableError(`cannot reach Neo4j at ${conn.uri}: ${(error as Error).message}`);
  }
  return driver;
}
