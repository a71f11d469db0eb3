/**
 * A bulk first build with Neo4j's own `neo4j-admin database import full`: the local server is
 * stopped (the import writes the store files of a database that is not running), the CSV
 * files are imported over the empty database, and the server is started again on the same
 * ports, so connected clients keep their URI.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Config } from '../../schemas/index.ts';
import { Neo4jUnavailableError } from '../errors.ts';
import type { BulkFiles } from '../stages/bulk-csv.ts';
import { JARS, readState, start, stop } from './local-server.ts';

export async function importIntoLocalServer(config: Config, files: BulkFiles, log: (line: string) => void = () => {}): Promise<{ ms: number }> {
  const home = resolve(config.neo4j.local.home);
  const before = readState(home);
  const ports = before ? { bolt: before.boltPort, http: before.httpPort } : undefined;
  const t = performance.now();
  log('bulk import: stopping the local server for neo4j-admin database import full …');
  await stop(home);
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const args = [
    '-cp', `${join(home, 'plugins')}/*:${JARS}/*`, 'org.neo4j.cli.AdminTool',
    'database', 'import', 'full', config.neo4j.database,
    '--overwrite-destination=true', '--multiline-fields=true', '--bad-tolerance=0',
    `--report-file=${join(home, 'logs', 'import.report')}`,
    ...files.nodes.map((n) => `--nodes=${n.file}`),
    ...files.relationships.map((r) => `--relationships=${r.file}`),
  ];
  const run = spawnSync(java, args, { env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // The server comes back whatever the import did: a failed import must not leave it down.
  await start({ ...config.neo4j.local, ...(ports ? { ports } : {}) }, log);
  if (run.status !== 0) throw new Neo4jUnavailableError(`neo4j-admin database import failed (exit ${run.status}): ${(run.stderr || run.stdout).trim().split('\n').slice(-5).join(' | ')}`);
  return { ms: Math.round(performance.now() - t) };
}
