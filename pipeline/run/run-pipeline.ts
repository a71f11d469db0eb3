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
import type { Config, DocumentOutcome, Issue, RunReport, ValidatedDocument } from '../../schemas/index.ts';
import { FupinError, Neo4jUnavailableError } from '../errors.ts';
import { classifyGraphError } from '../neo4j/availability.ts';
import { loadDivisions } from '../gazetteer/divisions.ts';
import type { Graph } from '../neo4j/connect.ts';
import { cypher } from '../neo4j/queries.ts';
import { emptyStats, ensureSchema, loadDocuments, loadedDocuments, pruneOrphans, removeDocuments, type LoadStats } from '../stages/load.ts';
import { JsonlWriter } from './artifacts.ts';
import { inShard, listInputs, parseShard, readManifest, relativeSource, type ListingProblem } from './inputs.ts';
import { acquireLock } from './lock.ts';
import { DuplicateTexts, duplicateIssue, listingIssue, newRunId } from './stage-run.ts';
import { extractAll, workerCount } from './extract-pool.ts';
import { ARTIFACT_STAGES, type FileTask } from './process-file.ts';
import { documentKey } from '../stages/ingest.ts';
import { redact } from '../config/load-config.ts';
import { KnownFailures } from './known-failures.ts';
import { planRemoval } from './removal.ts';
import type { LoadPath } from './load-path.ts';
import { BulkCsvWriter } from '../stages/bulk-csv.ts';
import { importIntoLocalServer } from '../neo4j/admin-import.ts';
import { pruneRunFolders } from './run-folders.ts';
import { pipelineVersion } from './version.ts';

export interface RunOptions {
  config: Config;
  graph: Graph;
  /** Files or folders; default config.input.reports. A folder is a collection: its missing documents are removed as with the config's. */
  paths?: string[];
  shard?: string;
  /** Keep documents that are no longer in the input. */
  keepMissing?: boolean;
  /** Re-extract and reload every document even when unchanged. */
  force?: boolean;
  /** Read, extract and validate; write nothing to the graph; say what would be loaded, replaced and removed. */
  dryRun?: boolean;
  /** Let a run remove more than run.maxRemovedShare / run.maxRemoved of its collection. */
  allowMassRemoval?: boolean;
  /** Known failures (unchanged bad files) fail the run too. */
  strict?: boolean;
  /** Write through neo4j-admin import (local server, empty database): see load-path.ts. Default: transactional. */
  loadPath?: LoadPath;
  onProgress?: (progress: Progress) => void;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface Progress {
  stage: 'extract' | 'load' | 'remove';
  done: number;
  total: number;
  file?: string;
}

const CHUNK = 200;

export async function runPipeline(options: RunOptions): Promise<RunReport> {
  const { config, graph } = options;
  const startedAt = new Date().toISOString();
  const log = (msg: string, fields: Record<string, unknown> = {}) => options.log?.(msg, { runId, ...fields });
  const t0 = performance.now();
  const runId = newRunId(startedAt);
  const outDir = resolve(config.output.dir);
  const runDir = join(outDir, 'runs', runId);
  const dryRun = options.dryRun ?? false;
  // Listed before anything else: a missing, unreadable or empty input folder is an error
  // (exit 2) that leaves the graph and the output folder as they are.
  const shard = parseShard(options.shard);
  const inputPaths = options.paths ?? [config.input.reports];
  const unreadable: ListingProblem[] = [];
  const files = listInputs(inputPaths, { extensions: config.input.extensions, collection: config.input.collection, ignore: config.input.ignore, onProblem: (p) => unreadable.push(p) })
    .filter((f) => inShard(documentKey(f.collection, relativeSource(f)), shard));
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
  // A folder or link the listing could not read is an error of the run (its reports were not
  // seen, so none of them is removed); the other documents go on.
  const issues: Issue[] = unreadable.map(listingIssue);
  const outcomes: DocumentOutcome[] = [];
  const counts = { seen: 0, loaded: 0, unchanged: 0, replaced: 0, removed: 0, failed: 0, knownFailures: 0, duplicates: 0 };
  const quarantineByReason: Record<string, number> = {};
  let quarantined = 0;
  let stats: LoadStats = emptyStats();
  const written: string[] = [];
  let status: RunReport['status'] = 'ok';
  let removal: RunReport['removal'] = { missing: 0, collectionSize: 0, refused: false };
  const inputs = [...new Map(files.map((f) => [f.root, f.collection])).entries()].map(([root, collection]) => ({ root, collection }));
  const known = new KnownFailures(outDir);
  const loadPath: LoadPath = options.loadPath ?? { path: 'transactional', reason: 'the default for a library call' };
  const bulk = loadPath.path === 'bulk' ? new BulkCsvWriter(join(runDir, 'bulk'), startedAt) : null;
  const bulkIds: string[] = [];
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
    const manifest = config.input.manifest ? readManifest(config.input.manifest) : undefined;
    // With worker threads each worker loads its own index; this thread needs none.
    const divisions = () => time('index', () => loadDivisions());
    if (!dryRun) await time('schema', () => ensureSchema(graph));
    const existing = await time('diff', () => loadedDocuments(graph));

    // What the run would remove, decided from the listing before anything is written: a run
    // that would empty its collection refuses whole.
    const listedIds = new Set(files.map((f) => documentKey(f.collection, relativeSource(f))));
    const folderCollections = new Set(files.filter((f) => f.fromFolder).map((f) => f.collection));
    const plan = planRemoval(existing, {
      collections: folderCollections,
      seenIds: listedIds,
      seenSources: new Set(files.map(relativeSource)),
      inShard: (id) => inShard(id, shard),
      removes: config.run.removeMissing && !options.keepMissing && folderCollections.size > 0,
      unreadable,
    }, config, options.allowMassRemoval ?? false);
    removal = { missing: plan.missing.length, collectionSize: plan.collectionSize, refused: plan.refused };
    if (plan.refused) {
      status = 'refused';
      const shown = plan.missing.slice(0, 20).map((id) => existing.get(id)?.source ?? id);
      issues.push({
        code: 'MASS_REMOVAL_REFUSED', stage: 'load', file: inputPaths.join(', '), docId: null, severity: 'error',
        message: `would remove ${plan.missing.length} of the collection's ${plan.collectionSize} documents (over run.maxRemovedShare ${config.run.maxRemovedShare}${config.run.maxRemoved === null ? '' : ` or run.maxRemoved ${config.run.maxRemoved}`}): ${shown.join(', ')}${plan.missing.length > shown.length ? ` … ${plan.missing.length - shown.length} more` : ''}; nothing was written; pass --allow-mass-removal if they are meant to go`,
      });
      for (const id of plan.missing) outcomes.push({ id, source: existing.get(id)?.source ?? id, collection: existing.get(id)?.collection ?? null, outcome: 'removal-refused' });
      return await finish();
    }

    const duplicates = new DuplicateTexts();
    let pending: ValidatedDocument[] = [];
    let toLoad = 0;

    // Loading one chunk overlaps extracting the next: at most one chunk is being written while
    // the next one fills, and a failed write surfaces at the next flush or at the end.
    const write = async (batch: ValidatedDocument[]) => {
      if (dryRun) return;
      if (bulk) {
        bulk.add(batch);
        bulkIds.push(...batch.map((d) => d.document.id));
        return;
      }
      try {
        const s = await time('load', () => loadDocuments(graph, batch, {
          batchSize: config.load.batchSize,
          concurrency: config.load.concurrency,
          onBatch: (ids) => {
            written.push(...ids);
            options.onProgress?.({ stage: 'load', done: written.length, total: toLoad });
          },
        }));
        stats = mergeStats(stats, s);
      } catch (error) {
        const classified = await classifyGraphError(graph, error, 'load');
        if (classified instanceof Neo4jUnavailableError) throw classified;
        const committed = new Set(written);
        for (const d of batch) {
          if (committed.has(d.document.id)) continue;
          counts.failed++;
          const message = (error as Error).message;
          issues.push({ code: 'LOAD_FAILED', stage: 'load', file: d.document.source, docId: d.document.id, message, severity: 'error' });
          outcomes.push({ id: d.document.id, source: d.document.source, collection: d.document.collection, outcome: 'failed', stage: 'load', reason: message });
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
        const had = existing.get(documentKey(file.collection, source));
        const task: FileTask = { index, path: file.path, root: file.root, source, collection: file.collection, maxFileBytes: config.input.maxFileBytes, force: options.force ?? false };
        const meta = manifest?.get(source);
        if (meta) task.manifest = meta;
        if (had) task.known = { contentHash: had.contentHash, pipelineVersion: had.pipelineVersion };
        yield task;
      }
    };
    const workers = workerCount(config.extract.workers, files.length);
    const replaced = new Set<string>();
    options.onProgress?.({ stage: 'extract', done: 0, total: files.length });
    for await (const result of extractAll(tasks(), { workers, heapMb: config.extract.workerHeapMb, largeHeapMb: config.extract.largeDocumentHeapMb }, divisions)) {
      const file = files[result.index]!;
      const source = relativeSource(file);
      options.onProgress?.({ stage: 'extract', done: result.index + 1, total: files.length, file: source });
      counts.seen++;
      for (const [stage, ms] of Object.entries(result.timings)) timings.set(stage, (timings.get(stage) ?? 0) + ms);
      if (result.kind === 'failed') {
        const id = documentKey(file.collection, source);
        const isKnown = known.failed(id, file.path, result.issue.code);
        if (isKnown) counts.knownFailures++;
        else counts.failed++;
        issues.push(isKnown ? { ...result.issue, message: `${result.issue.message} (known failure: unchanged since an earlier run)` } : result.issue);
        outcomes.push({ id, source, collection: file.collection, outcome: isKnown ? 'known-failure' : 'failed', stage: result.issue.stage, reason: result.issue.message });
        log('document failed', { file: source, code: result.issue.code, reason: result.issue.message, known: isKnown });
        continue;
      }
      const id = result.kind === 'unchanged' ? result.id : result.validated.document.id;
      // Duplicates by normalised text: a GB18030 copy of a UTF-8 report is the same report.
      const textHash = result.kind === 'unchanged' ? existing.get(id)?.textHash ?? result.contentHash : result.validated.document.textHash;
      const duplicateOf = duplicates.originalOf(textHash, source);
      if (duplicateOf !== undefined) {
        counts.duplicates++;
        issues.push(duplicateIssue(source, id, duplicateOf));
        outcomes.push({ id, source, collection: file.collection, outcome: 'duplicate', duplicateOf });
        if (existing.has(id)) plan.missing.push(id); // a copy loaded before is one document too many
        continue;
      }
      if (result.kind === 'unchanged') {
        counts.unchanged++;
        outcomes.push({ id, source, collection: file.collection, outcome: 'unchanged' });
        continue;
      }
      for (const stage of ARTIFACT_STAGES) writers[stage].writeLine(result.artifacts[stage]);
      for (const stage of ARTIFACT_STAGES) await writers[stage].drained();
      const validated = result.validated;
      issues.push(...result.warnings);
      for (const d of validated.dropped) {
        writers.quarantine.write(d);
        quarantined++;
        quarantineByReason[d.reason] = (quarantineByReason[d.reason] ?? 0) + 1;
      }
      const isReplacement = existing.has(id);
      if (isReplacement) replaced.add(id);
      outcomes.push({ id, source, collection: file.collection, outcome: dryRun ? (isReplacement ? 'would-replace' : 'would-load') : isReplacement ? 'replaced' : 'loaded' });
      toLoad++;
      pending.push(validated);
      if (pending.length >= CHUNK) await flush();
    }
    await flush();
    await writing;
    if (bulk) {
      const files = bulk.finish();
      await time('load', () => importIntoLocalServer(config, files, (l) => log(l)));
      await graph.reopen();
      await time('schema', () => ensureSchema(graph));
      written.push(...bulkIds);
      stats = { ...emptyStats(), documents: bulkIds.length, rows: files.rows };
      for (const n of files.nodes) stats.nodesByLabel[n.label] = (stats.nodesByLabel[n.label] ?? 0) + n.rows;
      for (const r of files.relationships) stats.relsByType[r.type] = (stats.relsByType[r.type] ?? 0) + r.rows;
    }
    counts.loaded = dryRun ? toLoad : written.length;
    counts.replaced = dryRun ? replaced.size : written.filter((id) => replaced.has(id)).length;
    // Documents whose write failed are outcomes 'failed' already, not loaded.
    const failedWrites = new Set(outcomes.filter((o) => o.outcome === 'failed' && o.stage === 'load').map((o) => o.id));
    for (const o of outcomes) if (failedWrites.has(o.id) && (o.outcome === 'loaded' || o.outcome === 'replaced')) o.outcome = 'failed';

    const remove = [...new Set([...plan.missing, ...plan.migrated])];
    for (const id of plan.missing) outcomes.push({ id, source: existing.get(id)?.source ?? id, collection: existing.get(id)?.collection ?? null, outcome: dryRun ? 'would-remove' : 'removed' });
    if (!dryRun && remove.length > 0) {
      options.onProgress?.({ stage: 'remove', done: 0, total: remove.length });
      await time('remove', () => removeDocuments(graph, remove));
      options.onProgress?.({ stage: 'remove', done: remove.length, total: remove.length });
    }
    counts.removed = plan.missing.length;
    if (!dryRun) await time('prune', () => pruneOrphans(graph));
    const failing = counts.failed + unreadable.length + (options.strict ? counts.knownFailures : 0);
    status = dryRun ? 'dry-run' : failing > 0 ? 'partial' : 'ok';
    return await finish();
  } catch (error) {
    status = 'failed';
    // Schema, diff, remove and prune talk to the graph too: a lost server there is exit 3 as well.
    const raised = error instanceof FupinError ? error : await classifyGraphError(graph, error, 'the run');
    issues.push({ code: 'LOAD_FAILED', stage: 'load', file: '(run)', docId: null, message: (raised as Error).message, severity: 'error' });
    await finish().catch(() => {});
    throw raised;
  } finally {
    release();
  }

  async function finish(): Promise<RunReport> {
    await writing.catch(() => {}); // a run that fails mid-way still lets its last write finish or fail whole
    await Promise.all(Object.values(writers).map((w) => w.close()));
    const report: RunReport = {
      runId,
      startedAt,
      finishedAt: new Date().toISOString(),
      wallMs: Math.round(performance.now() - t0),
      status,
      shard: options.shard ?? null,
      inputs,
      configHash: createHash('sha1').update(JSON.stringify(redact(config))).digest('hex').slice(0, 12),
      pipelineVersion: pipelineVersion(),
      dryRun,
      loadPath,
      removal,
      documents: counts,
      quarantined,
      quarantineByReason,
      rowsWritten: stats.rows,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      nodesByLabel: stats.nodesByLabel,
      relsByType: stats.relsByType,
      stages: [...timings.entries()].map(([stage, ms]) => ({ stage, ms: Math.round(ms) })),
      issues,
      outcomes,
    };
    writeFileSync(join(runDir, 'run-report.json'), JSON.stringify(report, null, 2));
    writeFileSync(join(outDir, 'last-run.json'), JSON.stringify({ runId, dir: runDir }, null, 2));
    if (!dryRun) known.save();
    pruneRunFolders(outDir, config.output.keepRuns, runId);
    // A dry run writes nothing to the graph, not even its ledger.
    if (status !== 'failed' && !dryRun) await recordRun(graph, report, written).catch(async (error: unknown) => { throw await classifyGraphError(graph, error, 'recording the run'); });
    return report;
  }
}


/** What the graph's :Run ledger keeps of a run (of `run`, or of `load` run alone). */
export type RunLedger = Pick<RunReport, 'runId' | 'startedAt' | 'finishedAt' | 'status' | 'documents' | 'quarantined' | 'issues' | 'rowsWritten'>;

export async function recordRun(graph: Graph, report: RunLedger, docIds: string[]): Promise<void> {
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

