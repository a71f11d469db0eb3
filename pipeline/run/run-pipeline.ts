/**
 * The nightly run: files → ingest → normalize → segment → extract → validate → load, with
 * per-document isolation (a failing document is recorded and skipped), incremental skipping
 * of unchanged documents, removal of documents gone from the folder, artifacts per stage, a
 * lock against concurrent runs, and a run report (JSON + a Run node).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import type { Config, Issue, RunReport, ValidatedDocument } from '../../schemas/index.ts';
import { FupinError, Neo4jUnavailableError } from '../errors.ts';
import { classifyGraphError } from '../neo4j/availability.ts';
import { loadDivisions } from '../gazetteer/divisions.ts';
import type { Graph } from '../neo4j/connect.ts';
import { cypher } from '../neo4j/queries.ts';
import { emptyStats, ensureSchema, loadDocuments, loadedDocuments, pruneOrphans, removeDocuments, type LoadStats } from '../stages/load.ts';
import { JsonlWriter } from './artifacts.ts';
import { inShard, listInputs, parseShard, readManifest, relativeSource } from './inputs.ts';
import { acquireLock } from './lock.ts';
import { extractAll, workerCount } from './extract-pool.ts';
import { ARTIFACT_STAGES, type FileTask } from './process-file.ts';
import { documentId } from '../stages/ingest.ts';

export interface RunOptions {
  config: Config;
  graph: Graph;
  /** Files or folders; default config.input.reports. */
  paths?: string[];
  shard?: string;
  /** Keep documents that are no longer in the input. */
  keepMissing?: boolean;
  /** Re-extract and reload every document even when unchanged. */
  force?: boolean;
  onProgress?: (done: number, total: number, file: string) => void;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

const CHUNK = 200;

export async function runPipeline(options: RunOptions): Promise<RunReport> {
  const { config, graph } = options;
  const startedAt = new Date().toISOString();
  const runId = `${startedAt.replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${process.pid}`;
  const outDir = resolve(config.output.dir);
  const runDir = join(outDir, 'runs', runId);
  const release = acquireLock(join(outDir, 'run.lock'));
  const timings = new Map<string, number>();
  const time = async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      timings.set(stage, (timings.get(stage) ?? 0) + performance.now() - t);
    }
  };
  const issues: Issue[] = [];
  const counts = { seen: 0, loaded: 0, unchanged: 0, replaced: 0, removed: 0, failed: 0, duplicates: 0 };
  const quarantineByReason: Record<string, number> = {};
  let quarantined = 0;
  let stats: LoadStats = emptyStats();
  const written: string[] = [];
  let status: RunReport['status'] = 'ok';
  mkdirSync(runDir, { recursive: true });
  const writers = {
    ingest: new JsonlWriter(join(runDir, 'ingest.jsonl')),
    normalize: new JsonlWriter(join(runDir, 'normalize.jsonl')),
    segment: new JsonlWriter(join(runDir, 'segment.jsonl')),
    extract: new JsonlWriter(join(runDir, 'extract.jsonl')),
    validate: new JsonlWriter(join(runDir, 'validate.jsonl')),
    quarantine: new JsonlWriter(join(runDir, 'quarantine.jsonl')),
  };
  let writing: Promise<void> = Promise.resolve();
  try {
    const shard = parseShard(options.shard);
    const manifest = config.input.manifest ? readManifest(config.input.manifest) : undefined;
    const files = listInputs(options.paths ?? [config.input.reports], config.input.extensions)
      .filter((f) => inShard(documentId(relativeSource(f)), shard));
    // With worker threads each worker loads its own index; this thread needs none.
    const divisions = () => time('index', () => loadDivisions());
    await time('schema', () => ensureSchema(graph));
    const existing = await time('diff', () => loadedDocuments(graph));
    const seenIds = new Set<string>();
    const seenHashes = new Map<string, string>();
    let pending: ValidatedDocument[] = [];

    // Loading one chunk overlaps extracting the next: at most one chunk is being written while
    // the next one fills, and a failed write surfaces at the next flush or at the end.
    const write = async (batch: ValidatedDocument[]) => {
      try {
        const s = await time('load', () => loadDocuments(graph, batch, {
          batchSize: config.load.batchSize,
          concurrency: config.load.concurrency,
          onBatch: (ids) => written.push(...ids),
        }));
        stats = mergeStats(stats, s);
      } catch (error) {
        const classified = await classifyGraphError(graph, error, 'load');
        if (classified instanceof Neo4jUnavailableError) throw classified;
        const committed = new Set(written);
        for (const d of batch) {
          if (committed.has(d.document.id)) continue;
          counts.failed++;
          issues.push({ code: 'LOAD_FAILED', stage: 'load', file: d.document.source, docId: d.document.id, message: (error as Error).message, severity: 'error' });
        }
      }
    };
    const flush = async () => {
      await writing;
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      writing = write(batch);
      writing.catch(() => {}); // handled when awaited
    };

    const tasks = function* (): Generator<FileTask> {
      for (const [index, file] of files.entries()) {
        const source = relativeSource(file);
        const known = existing.get(documentId(source));
        const task: FileTask = { index, path: file.path, root: file.root, source, maxFileBytes: config.input.maxFileBytes, force: options.force ?? false };
        const meta = manifest?.get(source);
        if (meta) task.manifest = meta;
        if (known) task.known = { contentHash: known.contentHash, pipelineVersion: known.pipelineVersion };
        yield task;
      }
    };
    const workers = workerCount(config.extract.workers);
    for await (const result of extractAll(tasks(), { workers, heapMb: config.extract.workerHeapMb, largeHeapMb: config.extract.largeDocumentHeapMb }, divisions)) {
      const source = relativeSource(files[result.index]!);
      options.onProgress?.(result.index, files.length, source);
      counts.seen++;
      for (const [stage, ms] of Object.entries(result.timings)) timings.set(stage, (timings.get(stage) ?? 0) + ms);
      if (result.kind === 'failed') {
        counts.failed++;
        issues.push(result.issue);
        options.log?.('document failed', { file: source, code: result.issue.code, reason: result.issue.message });
        continue;
      }
      const id = result.kind === 'unchanged' ? result.id : result.validated.document.id;
      const hash = result.kind === 'unchanged' ? result.contentHash : result.validated.document.contentHash;
      seenIds.add(id);
      const duplicateOf = seenHashes.get(hash);
      if (duplicateOf !== undefined) {
        counts.duplicates++;
        issues.push({ code: 'DUPLICATE_CONTENT', stage: 'ingest', file: source, docId: id, message: `same content as ${duplicateOf}; ingested once`, severity: 'warning' });
        continue;
      }
      seenHashes.set(hash, source);
      if (result.kind === 'unchanged') {
        counts.unchanged++;
        continue;
      }
      for (const stage of ARTIFACT_STAGES) writers[stage].writeLine(result.artifacts[stage]);
      const validated = result.validated;
      issues.push(...result.warnings);
      for (const d of validated.dropped) {
        writers.quarantine.write(d);
        quarantined++;
        quarantineByReason[d.reason] = (quarantineByReason[d.reason] ?? 0) + 1;
      }
      if (existing.has(id)) counts.replaced++;
      pending.push(validated);
      if (pending.length >= CHUNK) await flush();
    }
    await flush();
    await writing;
    counts.loaded = written.length;
    counts.replaced = Math.min(counts.replaced, written.length);

    if (config.run.removeMissing && !options.keepMissing && !options.paths) {
      const gone = [...existing.keys()].filter((id) => !seenIds.has(id) && inShard(id, shard));
      if (gone.length > 0) {
        await time('remove', () => removeDocuments(graph, gone));
        counts.removed = gone.length;
      }
    }
    await time('prune', () => pruneOrphans(graph));
    if (counts.failed > 0) status = 'partial';
  } catch (error) {
    status = 'failed';
    // Schema, diff, remove and prune talk to the graph too: a lost server there is exit 3 as well.
    const raised = error instanceof FupinError ? error : await classifyGraphError(graph, error, 'the run');
    issues.push({ code: 'LOAD_FAILED', stage: 'load', file: '(run)', docId: null, message: (raised as Error).message, severity: 'error' });
    throw raised;
  } finally {
    await writing.catch(() => {}); // a run that fails mid-way still lets its last write finish or fail whole
    await Promise.all(Object.values(writers).map((w) => w.close()));
    const report: RunReport = {
      runId,
      startedAt,
      finishedAt: new Date().toISOString(),
      status,
      shard: options.shard ?? null,
      documents: counts,
      quarantined,
      quarantineByReason,
      rowsWritten: stats.rows,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      nodesByLabel: stats.nodesByLabel,
      relsByType: stats.relsByType,
      stages: [...timings.entries()].map(([stage, ms]) => ({ stage, ms: Math.round(ms) })),
      issues,
    };
    writeFileSync(join(runDir, 'run-report.json'), JSON.stringify(report, null, 2));
    writeFileSync(join(outDir, 'last-run.json'), JSON.stringify({ runId, dir: runDir }, null, 2));
    lastReport = report;
    try {
      if (status !== 'failed') await recordRun(graph, report, written).catch(async (error: unknown) => { throw await classifyGraphError(graph, error, 'recording the run'); });
    } finally {
      release();
    }
  }
  return lastReport!;
}

let lastReport: RunReport | null = null;

async function recordRun(graph: Graph, report: RunReport, docIds: string[]): Promise<void> {
  // Counts as Neo4j integers (a JS number is sent as a float).
  const int = (n: number) => neo4j.int(n);
  const run = {
    id: report.runId, startedAt: report.startedAt, finishedAt: report.finishedAt, status: report.status,
    seen: int(report.documents.seen), loaded: int(report.documents.loaded), unchanged: int(report.documents.unchanged),
    replaced: int(report.documents.replaced), removed: int(report.documents.removed), failed: int(report.documents.failed),
    quarantined: int(report.quarantined), issues: int(report.issues.length), rowsWritten: int(report.rowsWritten),
    reportHash: createHash('sha1').update(JSON.stringify(report.documents)).digest('hex').slice(0, 12),
  };
  await graph.driver.executeQuery(cypher('load/record-run'), { run, docIds }, { database: graph.database });
}

function mergeStats(a: LoadStats, b: LoadStats): LoadStats {
  const sum = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    documents: a.documents + b.documents,
    rows: a.rows + b.rows,
    nodesByLabel: sum(a.nodesByLabel, b.nodesByLabel),
    relsByType: sum(a.relsByType, b.relsByType),
    counters: {
      nodesCreated: a.counters.nodesCreated + b.counters.nodesCreated,
      nodesDeleted: a.counters.nodesDeleted + b.counters.nodesDeleted,
      relationshipsCreated: a.counters.relationshipsCreated + b.counters.relationshipsCreated,
      relationshipsDeleted: a.counters.relationshipsDeleted + b.counters.relationshipsDeleted,
      propertiesSet: a.counters.propertiesSet + b.counters.propertiesSet,
    },
  };
}

