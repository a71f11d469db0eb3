/**
 * Files that failed before, unchanged since: a bad file fails the run the first time it is
 * seen; on later runs, the same bytes failing the same way are a known failure, reported but
 * not failing the run (unless --strict). Kept in <output.dir>/known-failures.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Known = Record<string, { hash: string; code: string }>;

export class KnownFailures {
  readonly #file: string;
  readonly #before: Known;
  readonly #now: Known = {};

  constructor(outDir: string) {
    this.#file = join(outDir, 'known-failures.json');
    let before: Known = {};
    try {
      if (existsSync(this.#file)) before = JSON.parse(readFileSync(this.#file, 'utf8')) as Known;
    } catch {
      before = {};
    }
    this.#before = before;
  }

  /** Records a failure; true when the same file, unchanged, failed the same way before. */
  failed(key: string, path: string, code: string): boolean {
    let hash = '';
    try {
      hash = createHash('sha256').update(readFileSync(path)).digest('hex');
    } catch {
      hash = 'unreadable';
    }
    this.#now[key] = { hash, code };
    const was = this.#before[key];
    return was !== undefined && was.hash === hash && was.code === code;
  }

  /** Failures of this run only: a file fixed or removed is forgotten. */
  save(): void {
    writeFileSync(this.#file, `${JSON.stringify(this.#now, null, 2)}\n`);
  }
}
