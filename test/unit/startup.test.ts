/**
 * The CLI runs from the bundle the install step builds (dist/): commands start without
 * compiling TypeScript, and the bundle finds the package's data, queries and worker.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/fupin-kg.mjs');
const REPORT = resolve(import.meta.dirname, '../../data/reports/004_d4d5ce0b380d4b18.txt');
const fromBundle = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FUPIN_REQUIRE_BUNDLE: '1', NEO4J_URI: '' } });

describe('start-up from dist/', () => {
  it('--help and --version answer from the bundle', () => {
    const help = fromBundle(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: fupin-kg');
    const version = fromBundle(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/^fupin-kg \d+\.\d+\.\d+\npipeline [0-9a-f]{12}\n/);
  });

  it('the bundle reads the dictionaries and the division index: extract works from it', () => {
    const r = fromBundle(['extract', REPORT, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim()).subject).toBe('130682');
  });

  it('a stale or missing bundle is an error when the bundle is required', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env: { ...process.env, FUPIN_REQUIRE_BUNDLE: '1', FUPIN_FROM_SOURCE: '1' } });
    expect(r.status).toBe(2);
  });
});
