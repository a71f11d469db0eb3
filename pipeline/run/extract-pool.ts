/**
 * Parallel extraction: files go to worker threads (all reading the run's one division index
 * on shared memory), at most a few in flight per worker; results come back in input order, so a run is deterministic whatever
 * the scheduling. Memory stays flat: each worker's heap is capped, and no result is computed
 * more than a fixed window ahead of the one the run is waiting for (one slow, long report
 * does not let the others pile up).
 *
 * A worker that dies (out of memory on a huge report, a crash in native code) costs only the
 * document it was working on: the documents queued behind it are sent again, the worker is
 * replaced, and the document is retried once alone in a worker with a larger heap before it
 * is recorded as failed.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DivisionData, Divisions } from '../gazetteer/divisions.ts';
import { BUNDLED } from '../paths.ts';
import { documentKey } from '../stages/ingest.ts';
import { processFile, type FileResult, type FileTask } from './process-file.ts';

// From the sources, a worker registers tsx first; in the bundle (dist/) the worker is a chunk of its own.
const BOOT = BUNDLED ? new URL('./extract-worker.mjs', import.meta.url) : new URL('./extract-worker-boot.mjs', import.meta.url);
const IN_FLIGHT_PER_WORKER = 4;
// A small young generation: a document's short-lived objects are collected early. Measured on
// 10,000 reports: 65 MB less peak memory than V8's default, at the same speed.
const YOUNG_GENERATION_MB = 8;

export interface PoolOptions {
  workers: number;
  /** Old-generation cap of each worker: it collects instead of growing. */
  heapMb: number;
  /** Heap of the one-off worker that retries a document its worker ran out of memory on. */
  largeHeapMb: number;
}

/** Workers for a run: the configured count (0: one per core, at most 8), never more than the cores nor the documents. */
export function workerCount(configured: number, documents = Number.POSITIVE_INFINITY): number {
  const cores = Math.max(1, Math.min(availableParallelism(), 8));
  const wanted = configured > 0 ? Math.min(configured, availableParallelism()) : cores;
  return Math.max(1, Math.min(wanted, documents));
}

interface Slot {
  worker: Worker | null;
  /** Tasks sent and not answered, oldest first: a worker handles its messages in order. */
  sent: FileTask[];
}

/** Results of `tasks` in order; with one worker everything runs in this thread. */
export async function* extractAll(tasks: Iterable<FileTask>, options: PoolOptions, divisions: () => Promise<Divisions>): AsyncGenerator<FileResult> {
  if (options.workers <= 1) {
    const index = await divisions();
    for (const task of tasks) yield processFile(task, index);
    return;
  }
  // One index for the run, on shared memory: the workers read it, none builds its own.
  const shared = (await divisions()).data;
  const startWorker = (heapMb: number) => startWorkerWith(heapMb, shared);
  const window = options.workers * IN_FLIGHT_PER_WORKER * 2;
  const iterator = tasks[Symbol.iterator]();
  const done = new Map<number, FileResult>();
  const resend: FileTask[] = [];
  const retries = new Set<Promise<void>>();
  let next = 0;
  let exhausted = false;
  let closing = false;
  let fatal: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => wake?.();

  const slots: Slot[] = [];
  const attach = (slot: Slot, worker: Worker) => {
    slot.worker = worker;
    let failure: Error | null = null;
    worker.on('message', (r: FileResult) => {
      slot.sent.shift();
      done.set(r.index, r);
      notify();
    });
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      if (closing) return;
      slot.worker = null;
      const [culprit, ...queued] = slot.sent;
      slot.sent = [];
      resend.push(...queued);
      resend.sort((a, b) => a.index - b.index);
      if (culprit) {
        const retry = retryAlone(culprit, failure ?? new Error(`worker exited with code ${code}`), options.largeHeapMb, shared)
          .then((r) => void done.set(r.index, r));
        retries.add(retry);
        void retry.finally(() => {
          retries.delete(retry);
          notify();
        });
      }
      startWorker(options.heapMb).then((w) => attach(slot, w), (error: Error) => {
        fatal = error;
      }).finally(notify);
    });
  };
  for (const w of await Promise.all(Array.from({ length: options.workers }, () => startWorker(options.heapMb)))) {
    const slot: Slot = { worker: null, sent: [] };
    slots.push(slot);
    attach(slot, w);
  }

  const take = (): FileTask | null => {
    if (exhausted) return null;
    const step = iterator.next();
    if (step.done) {
      exhausted = true;
      return null;
    }
    return step.value;
  };
  let lookahead: FileTask | null = null;
  const fill = () => {
    for (;;) {
      const slot = slots.filter((s) => s.worker && s.sent.length < IN_FLIGHT_PER_WORKER).sort((a, b) => a.sent.length - b.sent.length)[0];
      if (!slot) return;
      // Documents sent again after a worker died come first: the run is waiting for them.
      let task = resend.shift();
      if (!task) {
        lookahead ??= take();
        if (!lookahead || lookahead.index >= next + window) return;
        task = lookahead;
        lookahead = null;
      }
      slot.sent.push(task);
      slot.worker!.postMessage(task);
    }
  };

  try {
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
      fill();
      const idle = exhausted && !lookahead && resend.length === 0 && retries.size === 0 && slots.every((s) => s.sent.length === 0);
      if (idle && done.size === 0) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    closing = true;
    await Promise.all(slots.map((s) => s.worker?.terminate()));
  }
}

/** The document a worker died on, once more alone in a worker with a larger heap. */
async function retryAlone(task: FileTask, cause: Error, heapMb: number, shared: DivisionData): Promise<FileResult> {
  const failed = (message: string): FileResult => ({
    index: task.index,
    kind: 'failed',
    timings: {},
    issue: { code: 'EXTRACT_FAILED', stage: 'extract', file: task.source, docId: documentKey(task.collection, task.source), message, severity: 'error' },
  });
  if (!isOutOfMemory(cause)) return failed(`the extraction worker died on this document: ${cause.message}`);
  let worker: Worker | null = null;
  try {
    worker = await startWorkerWith(heapMb, shared);
    const w = worker;
    return await new Promise<FileResult>((resolve) => {
      w.once('message', (r: FileResult) => resolve(r));
      w.once('error', (error) => resolve(failed(isOutOfMemory(error)
        ? `out of memory even in a worker with a ${heapMb} MB heap (extract.largeDocumentHeapMb); split the file or raise the limit`
        : `the extraction worker died on this document: ${error.message}`)));
      w.postMessage(task);
    });
  } catch (error) {
    return failed(`could not start a worker to retry this document: ${(error as Error).message}`);
  } finally {
    await worker?.terminate();
  }
}

function isOutOfMemory(error: Error): boolean {
  return (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory/i.test(error.message);
}

function startWorkerWith(heapMb: number, divisions: DivisionData): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const w = new Worker(BOOT, { workerData: { divisions }, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    w.once('error', reject);
    w.once('message', () => {
      w.off('error', reject);
      resolve(w);
    });
  });
}
