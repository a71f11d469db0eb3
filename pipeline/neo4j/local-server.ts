/**
 * A local Neo4j Community server run from its Maven jars (tools/neo4j/pom.xml), started with
 * Neo4j's own entry point. The jars are in .neo4j/lib; everything else lives in a git-ignored
 * home (.neo4j by default): conf/, data/, logs/, run/state.json, and `password` (mode 0600,
 * generated once).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import { LockedError, Neo4jUnavailableError } from '../errors.ts';
import { acquireLock } from '../run/lock.ts';
import { isRecordedProcess, processStart } from '../run/process-identity.ts';
import { rootPath } from '../paths.ts';

const POM = rootPath('tools', 'neo4j', 'pom.xml');
/** The server jars, shared by every server home (main, tests, benchmark): resolved once. */
export const JARS = rootPath('.neo4j', 'lib');

export interface LocalServerOptions {
  home: string;
  heapMb: number;
  pagecacheMb: number;
  http: boolean;
  startTimeoutMs: number;
  /** Ports to try first (a restart after a bulk import keeps the clients' URIs). */
  ports?: { bolt: number; http: number | null };
}

export interface LocalServerState {
  pid: number;
  /** The process's start time (process-identity.ts): a reused pid is not this server. */
  start?: string | null;
  boltPort: number;
  httpPort: number | null;
  version: string;
  startedAt: string;
}

export interface LocalConnection {
  uri: string;
  user: string;
  password: string;
  /** Where the password was read from, for the message of a failed authentication. */
  passwordFrom: string;
  httpUrl: string | null;
}

export function neo4jVersion(): string {
  const m = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!m?.[1]) throw new Neo4jUnavailableError(`${POM}: no <neo4j.version> property`);
  return m[1];
}

/** Resolves the server jars from Maven Central into .neo4j/lib; a no-op when they are there. */
export function installJars(log: (line: string) => void = () => {}): void {
  const version = neo4jVersion();
  const lib = JARS;
  if (existsSync(join(lib, `neo4j-${version}.jar`))) return;
  if (existsSync(lib)) rmSync(lib, { recursive: true, force: true });
  mkdirSync(lib, { recursive: true });
  log(`resolving Neo4j ${version} jars from Maven Central into ${lib} …`);
  const mvn = spawnSync('mvn', ['-B', '-q', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${resolve(lib)}`], { stdio: 'inherit' });
  if (mvn.error) throw new Neo4jUnavailableError(`could not run Maven (mvn): ${mvn.error.message}; install Maven and Java 17+`);
  if (mvn.status !== 0 || !existsSync(join(lib, `neo4j-${version}.jar`))) {
    throw new Neo4jUnavailableError(`Maven could not resolve org.neo4j:neo4j:${version} (exit ${mvn.status})`);
  }
}

/** The generated password of the local server, created (mode 0600) on first use. */
export function localPassword(home: string): string {
  const file = join(home, 'password');
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    // Never a leading '-': command lines would read it as an option.
    writeFileSync(file, `p${randomBytes(18).toString('base64url')}`, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

export function readState(home: string): LocalServerState | null {
  const file = join(home, 'run', 'state.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalServerState;
  } catch {
    return null;
  }
}

/** The recorded server is still running: same pid, same start time, Neo4j of this home. */
function running(home: string, state: LocalServerState): boolean {
  return isRecordedProcess(state.pid, { start: state.start ?? null, marker: `--home-dir=${home}` });
}

/** The state file is replaced in one rename: a reader never sees half of it. */
function writeState(home: string, state: LocalServerState): void {
  const file = join(home, 'run', 'state.json');
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** The start lock of a home: two commands that find the server stopped never start two. */
async function startLock(home: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return acquireLock(join(home, 'run', 'start.lock'), 'another fupin-kg command starting this Neo4j');
    } catch (error) {
      if (!(error instanceof LockedError) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

export async function status(home: string): Promise<{ running: boolean; state: LocalServerState | null }> {
  const dir = resolve(home);
  const state = readState(dir);
  if (!state || !running(dir, state)) return { running: false, state };
  const ok = await boltAnswers(`bolt://127.0.0.1:${state.boltPort}`, 'neo4j', localPassword(home), 2_000);
  return { running: ok, state };
}

/** Starts the server unless one from this home is already answering; returns how to reach it. */
export async function start(options: LocalServerOptions, log: (line: string) => void = () => {}): Promise<LocalConnection> {
  const home = resolve(options.home);
  const password = localPassword(home);
  mkdirSync(join(home, 'run'), { recursive: true });
  const release = await startLock(home, options.startTimeoutMs);
  try {
    return await startLocked(home, password, options, log);
  } finally {
    release();
  }
}

async function startLocked(home: string, password: string, options: LocalServerOptions, log: (line: string) => void): Promise<LocalConnection> {
  const current = await status(home);
  if (current.running && current.state) return connectionOf(current.state, password, home);
  if (current.state && running(home, current.state)) await stop(home);

  installJars(log);
  for (const dir of ['conf', 'data', 'logs', 'plugins', 'run', 'import']) mkdirSync(join(home, dir), { recursive: true });
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const classpath = `${join(home, 'plugins')}/*:${JARS}/*`;
  if (!existsSync(join(home, 'data', 'dbms', 'auth.ini'))) {
    // The initial password must be set before the first start; never the default neo4j/neo4j.
    // `--` ends the options: a password that starts with '-' is still the password.
    // The password goes in an argument file (picocli's @file, mode 0600, removed right after),
    // never on the command line, where `ps` shows it to every user of the machine.
    const args = join(home, 'run', `initial-password.${process.pid}.args`);
    writeFileSync(args, `--\n${password}\n`, { mode: 0o600 });
    let set;
    try {
      set = spawnSync(java, ['-cp', classpath, 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', `@${args}`], {
        env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
        encoding: 'utf8',
      });
    } finally {
      rmSync(args, { force: true });
    }
    if (set.status !== 0) throw new Neo4jUnavailableError(`could not set the initial password: ${set.stderr || set.stdout}`);
    chmodSync(join(home, 'data', 'dbms', 'auth.ini'), 0o600);
  }
  const boltPort = await freePort(options.ports?.bolt ?? 7687);
  const httpPort = options.http ? await freePort(options.ports?.http ?? 7474, boltPort) : null;
  writeFileSync(join(home, 'conf', 'neo4j.conf'), neo4jConf(boltPort, httpPort, options.pagecacheMb));
  const out = openSync(join(home, 'logs', 'console.log'), 'a');
  const child = spawn(java, [
    `-Xms${Math.min(512, options.heapMb)}m`, `-Xmx${options.heapMb}m`, '-XX:+UseG1GC', '-XX:-OmitStackTraceInFastThrow',
    '-XX:+UnlockExperimentalVMOptions', '-XX:+TrustFinalNonStaticFields', '-XX:+DisableExplicitGC',
    '-Djdk.nio.maxCachedBufferSize=1024', '-Dio.netty.tryReflectionSetAccessible=true',
    '--add-opens=java.base/java.nio=ALL-UNNAMED', '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED', '--enable-native-access=ALL-UNNAMED',
    '-Dlog4j2.disable.jmx=true', '-Dfile.encoding=UTF-8',
    '-cp', classpath, 'org.neo4j.server.CommunityEntryPoint', `--home-dir=${home}`, `--config-dir=${join(home, 'conf')}`, '--console-mode',
  ], { cwd: home, detached: true, stdio: ['ignore', out, out] });
  child.unref();
  if (child.pid === undefined) throw new Neo4jUnavailableError('could not spawn java');
  const state: LocalServerState = { pid: child.pid, start: processStart(child.pid), boltPort, httpPort, version: neo4jVersion(), startedAt: new Date().toISOString() };
  writeState(home, state);
  // A registry of started servers, when asked for (the test suite stops every one it started,
  // even those of a test that timed out).
  if (process.env.FUPIN_SERVER_REGISTRY) appendFileSync(process.env.FUPIN_SERVER_REGISTRY, `${home}\n`);
  log(`starting local Neo4j ${state.version} (pid ${state.pid}) on bolt://127.0.0.1:${boltPort} …; stop it with \`fupin-kg neo4j stop\``);
  const deadline = Date.now() + options.startTimeoutMs;
  while (Date.now() < deadline) {
    if (!running(home, state)) throw new Neo4jUnavailableError(`Neo4j exited during start; see ${join(home, 'logs', 'console.log')}`);
    if (await boltAnswers(`bolt://127.0.0.1:${boltPort}`, 'neo4j', password, 2_000)) return connectionOf(state, password, home);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Neo4jUnavailableError(`Neo4j did not answer on port ${boltPort} within ${options.startTimeoutMs} ms; see ${join(home, 'logs', 'console.log')}`);
}

/** SIGTERM (Neo4j's shutdown hook flushes the store), then SIGKILL after 60 s. */
export async function stop(home: string): Promise<boolean> {
  const dir = resolve(home);
  const state = readState(dir);
  // A pid that now belongs to another process is never signalled: the state is just stale.
  if (!state || !running(dir, state)) {
    if (state) rmSync(join(dir, 'run', 'state.json'), { force: true });
    return false;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (running(dir, state) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (running(dir, state)) process.kill(state.pid, 'SIGKILL');
  rmSync(join(dir, 'run', 'state.json'), { force: true });
  return true;
}

/** Deletes the databases (not the jars or password): a fresh, empty server on next start. */
export function wipeData(home: string): void {
  const data = join(resolve(home), 'data');
  if (!existsSync(data)) return;
  for (const entry of readdirSync(data)) if (entry !== 'dbms') rmSync(join(data, entry), { recursive: true, force: true });
}

function connectionOf(state: LocalServerState, password: string, home: string): LocalConnection {
  return {
    uri: `bolt://127.0.0.1:${state.boltPort}`,
    user: 'neo4j',
    password,
    passwordFrom: join(home, 'password'),
    httpUrl: state.httpPort === null ? null : `http://127.0.0.1:${state.httpPort}/browser/`,
  };
}

async function boltAnswers(uri: string, user: string, password: string, timeoutMs: number): Promise<boolean> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { connectionTimeout: timeoutMs, maxConnectionPoolSize: 1 });
  try {
    await driver.getServerInfo();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

/** The preferred port when free, else one the OS picks. */
async function freePort(preferred: number, avoid = -1): Promise<number> {
  const tryPort = (port: number) => new Promise<number | null>((done) => {
    const srv = createServer();
    srv.once('error', () => done(null));
    srv.listen(port, '127.0.0.1', () => {
      const addr = srv.address();
      const got = typeof addr === 'object' && addr ? addr.port : null;
      srv.close(() => done(got));
    });
  });
  if (preferred !== avoid) {
    const p = await tryPort(preferred);
    if (p !== null) return p;
  }
  for (;;) {
    const p = await tryPort(0);
    if (p !== null && p !== avoid) return p;
  }
}

function neo4jConf(boltPort: number, httpPort: number | null, pagecacheMb: number): string {
  return [
    '# Written by fupin-kg at each start; edit fupin.config.yaml instead.',
    'server.default_listen_address=127.0.0.1',
    'server.default_advertised_address=127.0.0.1',
    'server.bolt.enabled=true',
    `server.bolt.listen_address=127.0.0.1:${boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${boltPort}`,
    `server.http.enabled=${httpPort !== null}`,
    ...(httpPort !== null ? [`server.http.listen_address=127.0.0.1:${httpPort}`, `server.http.advertised_address=127.0.0.1:${httpPort}`] : []),
    'server.https.enabled=false',
    'server.directories.data=data',
    'server.directories.logs=logs',
    'server.directories.plugins=plugins',
    'server.directories.import=import',
    'server.directories.run=run',
    'dbms.security.auth_enabled=true',
    // Analysts of government data work offline: no usage reports and no Browser telemetry.
    // (Neo4j 5 no longer declares Neo4j 4's browser.allow_outgoing_connections; with strict
    // config validation an undeclared setting stops the server, so it is not written.)
    'dbms.usage_report.enabled=false',
    'client.allow_telemetry=false',
    `server.memory.pagecache.size=${pagecacheMb}m`,
    'db.tx_log.rotation.retention_policy=100M size',
    'db.transaction.timeout=10m',
    '',
  ].join('\n');
}
