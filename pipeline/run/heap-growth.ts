/**
 * How far V8 lets a heap grow past what its last full collection kept alive.
 *
 * The run's thread keeps little alive (tens of MB at 100,000 reports: the document map, the
 * shared nodes of a bulk build) but receives every result of the workers; V8's default lets
 * the old generation grow to up to four times the live size before it collects, so the
 * process's memory rose with the corpus (775 MB at 100,000 reports) although almost all of it
 * was garbage. A growth of 20% makes V8 collect sooner, at no cost in speed for a bulk build
 * (30,000 reports: 451 → 315 MB, 91.9 → 90.0 s). Unlike a fixed heap cap it never refuses
 * memory a larger collection truly needs.
 *
 * The flag is read by every collection (not only at start-up), so setting it at run time
 * takes effect; it is process-wide, the worker threads follow it too. A value given on the
 * command line wins: `node --heap-growing-percent=0 bin/fupin-kg.mjs …` restores V8's
 * default (the transactional load is 5–9% faster that way, BENCHMARKS.md).
 */
import { setFlagsFromString } from 'node:v8';

const HEAP_GROWING_PERCENT = 20;

export function limitHeapGrowth(): void {
  if (process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
