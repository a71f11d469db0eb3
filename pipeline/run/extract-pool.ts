/**
 * Parallel extraction: files go to worker threads (one division index each), at most a few
 * in flight per worker so memory does not grow with the corpus; results come back in input
 * order, so a run is deterministic whatever the scheduling.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Divisions } from '../gazetteer/divisions.ts';
import { processFile, type FileResult, type FileTask } from './process-file.ts';

const BOOT = new URL('./extract-worker-boot.mjs', import.meta.url);
const IN_FLIGHT_PER_WORKER = 4;
const WORKER_HEAP_MB = 128;

export function workerCount(configured: number): number {
  return configured > 0 ? configured : Math.max(1, Math.min(availableParallelism(), 8));
}

/** Results of `tasks` in order; with one worker everything runs in this thread. */
export async function* extractAll(tasks: Iterable<FileTask>, workers: number, divisions: () => Promise<Divisions>): AsyncGenerator<FileResult> {
  if (workers <= 1) {
    const index = await divisions();
    for (const task of tasks) yield processFile(task, index);
    return;
  }
  const pool = await Promise.all(Array.from({ length: workers }, () => startWorker()));
  try {
    const iterator = tasks[Symbol.iterator]();
    const done = new Map<number, FileResult>();
    const pending = new Map<number, Worker>();
    let next = 0;
    let exhausted = false;
    let waiting: (() => void) | null = null;
    let fatal: Error | null = null;
    const load = new Map<Worker, number>(pool.map((w) => [w, 0]));
    for (const w of pool) {
      w.on('error', (error) => {
        fatal = error;
        waiting?.();
      });
      w.on('message', (r: FileResult) => {
        done.set(r.index, r);
        pending.delete(r.index);
        load.set(w, (load.get(w) ?? 1) - 1);
        waiting?.();
      });
    }
    const fill = () => {
      while (!exhausted) {
        const w = [...load.entries()].sort((a, b) => a[1] - b[1])[0]!;
        if (w[1] >= IN_FLIGHT_PER_WORKER) return;
        const step = iterator.next();
        if (step.done) {
          exhausted = true;
          return;
        }
        pending.set(step.value.index, w[0]);
        load.set(w[0], w[1] + 1);
        w[0].postMessage(step.value);
      }
    };
    fill();
    for (;;) {
      if (fatal) throw fatal;
      const r = done.get(next);
      if (r) {
        done.delete(next);
        next++;
        fill();
        yield r;
        continue;
      }
      if (exhausted && pending.size === 0 && done.size === 0) return;
      await new Promise<void>((resolve) => {
        waiting = resolve;
      });
      waiting = null;
      fill();
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function startWorker(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    // A bounded old generation makes V8 collect instead of growing: memory stays flat over a
    // long corpus (the index and one document's data fit well within it).
    const w = new Worker(BOOT, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    w.once('error', reject);
    w.once('message', () => resolve(w));
  });
}
