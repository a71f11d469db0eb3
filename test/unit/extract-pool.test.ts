/**
 * The worker pool with real worker threads: a report too big for a worker's heap costs only
 * itself, never the run, and results still come back in input order.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../pipeline/gazetteer/divisions.ts';
import { extractAll } from '../../pipeline/run/extract-pool.ts';
import type { FileResult, FileTask } from '../../pipeline/run/process-file.ts';
import { SEEDS } from '../helpers/docs.ts';

const LIMIT = 5 * 1024 * 1024;

/** The seeds, with a report just under the default size limit (the seeds over and over) in the middle. */
function corpus(): { root: string; tasks: FileTask[] } {
  const root = mkdtempSync(join(tmpdir(), 'fupin-pool-'));
  const seeds = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
  const all = seeds.map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n');
  let big = '';
  while (Buffer.byteLength(big + all) < LIMIT - 200_000) big += all;
  const names = [...seeds.slice(0, 2), 'big.txt', ...seeds.slice(2)];
  for (const f of seeds) writeFileSync(join(root, f), readFileSync(join(SEEDS, f)));
  writeFileSync(join(root, 'big.txt'), big);
  return { root, tasks: names.map((source, index) => ({ index, path: join(root, source), root, source, collection: 'pool-test', maxFileBytes: LIMIT, force: true })) };
}

// The workers' heap: the seeds fit, the 5 MB report does not (the division index lies outside
// it, on shared memory).
const HEAP_MB = 48;

async function collect(tasks: FileTask[], largeHeapMb: number): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for await (const r of extractAll(tasks, { workers: 2, heapMb: HEAP_MB, largeHeapMb }, () => loadDivisions())) out.push(r);
  return out;
}

describe('extraction workers', () => {
  let tasks: FileTask[];
  beforeAll(() => {
    tasks = corpus().tasks;
  });

  it('retries a report its worker ran out of memory on in a larger worker; every result in input order', async () => {
    const results = await collect(tasks, 1024);
    expect(results.map((r) => r.index)).toEqual(tasks.map((t) => t.index));
    expect(results.map((r) => r.kind)).toEqual(tasks.map(() => 'done'));
    const big = results[2]!;
    expect(big.kind === 'done' && big.validated.document.source).toBe('big.txt');
  }, 120_000);

  it('records a report that does not fit even the larger worker as failed, by name; the others still come out', async () => {
    const results = await collect(tasks, HEAP_MB);
    expect(results.map((r) => r.kind)).toEqual(['done', 'done', 'failed', 'done', 'done', 'done']);
    const big = results[2]!;
    expect(big.kind === 'failed' && big.issue).toMatchObject({ code: 'EXTRACT_FAILED', file: 'big.txt', message: expect.stringMatching(/out of memory .*largeDocumentHeapMb/) });
  }, 120_000);
});
