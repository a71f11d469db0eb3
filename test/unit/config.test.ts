/** A broken config is exit 2 at load time, naming the key, not a crash in the middle of a run. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipeline/config/load-config.ts';
import { ConfigError } from '../../pipeline/errors.ts';
import { workerCount } from '../../pipeline/run/extract-pool.ts';

describe('configuration checks', () => {
  it('an output.dir that is a file names the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-cfg-'));
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => loadConfig({ env: {}, overrides: { output: { dir: file } } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, overrides: { output: { dir: file } } })).toThrow(/`output\.dir`.*is a file/);
  });

  it('a neo4j.uri that is no Bolt or Neo4j URI names the key', () => {
    expect(() => loadConfig({ env: {}, overrides: { neo4j: { uri: 'not a uri' } } })).toThrow(/`neo4j\.uri`/);
    expect(() => loadConfig({ env: { NEO4J_URI: 'http://localhost:7474' } })).toThrow(/`neo4j\.uri`.*bolt/);
    expect(loadConfig({ env: { NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io' } }).neo4j.uri).toBe('neo4j+s://abc.databases.neo4j.io');
  });

  it('NEO4J_PASSWORD_FILE gives the password from a file; a missing file names the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-cfg-'));
    writeFileSync(join(dir, 'pw'), 's3cret-from-file\n', { mode: 0o600 });
    expect(loadConfig({ env: { NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD_FILE: join(dir, 'pw') } }).neo4j.password).toBe('s3cret-from-file');
    expect(() => loadConfig({ env: { NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD_FILE: join(dir, 'missing') } })).toThrow(/NEO4J_PASSWORD_FILE.*ENOENT/);
  });

  it('extract.workers is capped at the cores and at the documents', () => {
    expect(workerCount(100_000, 1)).toBe(1);
    expect(workerCount(100_000, 1_000)).toBeLessThanOrEqual(8);
    expect(workerCount(0, 3)).toBeGreaterThanOrEqual(1);
  });
});
