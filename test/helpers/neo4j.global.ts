/**
 * Gives the integration tests a real Neo4j: NEO4J_URI when set; else a testcontainers Neo4j
 * when a container runtime answers; else a local server from the Maven jars in its own home
 * (.neo4j/test), wiped first so the suite starts from an empty database.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { start, stop, wipeData } from '../../pipeline/neo4j/local-server.ts';

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
  database: string;
  kind: 'env' | 'container' | 'local';
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jTarget;
  }
}

export const TEST_HOME = resolve(import.meta.dirname, '../../.neo4j/test');

/** Every local server a test starts (its own, or one a CLI child starts) is listed here and stopped at the end, even after a timeout. */
export const SERVER_REGISTRY = resolve(import.meta.dirname, '../../.neo4j/test-servers.txt');

async function stopRegistered(): Promise<void> {
  if (!existsSync(SERVER_REGISTRY)) return;
  const homes = new Set(readFileSync(SERVER_REGISTRY, 'utf8').split('\n').filter(Boolean));
  for (const home of homes) await stop(home).catch(() => false);
  rmSync(SERVER_REGISTRY, { force: true });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(dirname(SERVER_REGISTRY), { recursive: true });
  await stopRegistered(); // left by an earlier suite that was killed
  process.env.FUPIN_SERVER_REGISTRY = SERVER_REGISTRY;
  if (process.env.NEO4J_URI) {
    project.provide('neo4j', {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
      kind: 'env',
    });
    return async () => {};
  }
  const { getContainerRuntimeClient } = await import('testcontainers');
  const hasRuntime = await getContainerRuntimeClient().then(() => true, () => false);
  if (hasRuntime) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26.31-community').withPassword('fupin-test-pw').start();
    project.provide('neo4j', { uri: container.getBoltUri(), user: container.getUsername(), password: container.getPassword(), database: 'neo4j', kind: 'container' });
    return async () => {
      await container.stop();
      await stopRegistered();
    };
  }
  await stop(TEST_HOME);
  wipeData(TEST_HOME);
  const conn = await start({ home: TEST_HOME, heapMb: 768, pagecacheMb: 128, http: false, startTimeoutMs: 180_000 });
  project.provide('neo4j', { uri: conn.uri, user: conn.user, password: conn.password, database: 'neo4j', kind: 'local' });
  return async () => {
    await stop(TEST_HOME);
    await stopRegistered();
  };
}
