/** The CLI commands: config, logging, output and exit codes around the library functions. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Config, EvalSet, Issue, RunReport, ValidatedDocument } from '../../schemas/index.ts';
import { benchMarkdown, runBench } from '../bench/bench.ts';
import { buildReport } from '../report/build-report.ts';
import { loadConfig } from '../config/load-config.ts';
import { ConfigError, formatIssue } from '../errors.ts';
import { belowThresholds, runEvalSet } from '../eval/run-eval.ts';
import { explainPair } from '../eval/explain.ts';
import { formatTable as formatEvalTable } from '../eval/score.ts';
import { loadDivisions } from '../gazetteer/divisions.ts';
import { createLog, type Log } from '../logger.ts';
import { findQuery, resolvePlaces, runRead, runWrite, writesOrAdministers } from '../neo4j/ask.ts';
import { checkParams, QueryError, VOCABULARIES, vocabulary, type Vocabulary } from '../neo4j/query-params.ts';
import { connect, openGraph, resolveConnection, type Graph } from '../neo4j/connect.ts';
import { installJars, JARS, localPassword, start, status, stop, type LocalConnection } from '../neo4j/local-server.ts';
import { rootPath } from '../paths.ts';
import { pipelineVersion } from '../run/version.ts';
import { askQueries } from '../neo4j/queries.ts';
import { JsonlWriter, readJsonl } from '../run/artifacts.ts';
import { listInputs, readManifest, relativeSource, type InputFile } from '../run/inputs.ts';
import type { Manifest } from '../run/extract-file.ts';
import { recordRun, runPipeline, type Progress, type RunOptions } from '../run/run-pipeline.ts';
import { acquireLock } from '../run/lock.ts';
import { DuplicateTexts, duplicateIssue, issueOf, listingIssue, newRunId, textHashOf } from '../run/stage-run.ts';
import { chooseLoadPath } from '../run/load-path.ts';
import { ingestFile, normalize, segment, toExtractedDocument, validate } from '../stages/index.ts';
import { ensureSchema, loadDocuments } from '../stages/load.ts';
import { formatCsv, formatTable, type Row } from './format.ts';

let code = 0;
export const exitCode = () => code;

interface Globals {
  config?: string;
  logJson?: boolean;
}

function globals(cmd: Command): Globals {
  let root = cmd;
  while (root.parent) root = root.parent;
  return root.opts<Globals>();
}

function setup(cmd: Command): { config: Config; log: Log } {
  const g = globals(cmd);
  const config = loadConfig({ file: g.config });
  return { config, log: createLog(g.logJson ? { json: true } : {}) };
}

async function withGraph<T>(config: Config, log: Log, fn: (graph: Graph) => Promise<T>): Promise<T> {
  const graph = await connect(config, (line) => log.info(line));
  try {
    return await fn(graph);
  } finally {
    await graph.close();
  }
}

/** The run's own options as flags, plus the two the command decides itself. */
type RunFlags = Pick<RunOptions, 'shard' | 'keepMissing' | 'force' | 'dryRun' | 'allowMassRemoval' | 'strict'> & { bulk?: boolean; question: boolean };

export async function run(paths: string[], opts: RunFlags, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  await withGraph(config, log, async (graph) => {
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: ' {stage} {bar} {value}/{total}  ETA {eta_formatted}  {file}', clearOnComplete: true, hideCursor: true, etaBuffer: 50, fps: 5 }, cliProgress.Presets.shades_classic) : null;
    let phase = '';
    let extracted = false;
    const onProgress = (p: Progress) => {
      if (!bar) return;
      if (p.stage === 'extract' && p.done === p.total) extracted = true;
      // Loading overlaps extraction; once extraction is done the bar follows the writes.
      const shown = p.stage === 'load' && !extracted ? null : p.stage;
      if (shown === null) return;
      const label = { extract: 'extracting', load: 'loading   ', remove: 'removing  ' }[shown];
      if (phase !== shown) {
        if (phase) bar.stop();
        bar.start(p.total, p.done, { stage: label, file: p.file ?? '' });
        phase = shown;
      } else bar.update(p.done, { stage: label, file: p.file ?? '' });
    };
    const loadPath = await chooseLoadPath(graph, config, opts.bulk, opts.dryRun ?? false);
    const report = await runPipeline({
      config, graph, loadPath,
      ...(paths.length > 0 ? { paths } : {}),
      ...(opts.shard ? { shard: opts.shard } : {}),
      keepMissing: opts.keepMissing ?? false,
      force: opts.force ?? false,
      dryRun: opts.dryRun ?? false,
      allowMassRemoval: opts.allowMassRemoval ?? false,
      strict: opts.strict ?? false,
      onProgress,
      log: (msg, fields) => log.warn(msg, fields),
    }).finally(() => bar?.stop());
    printRunSummary(report, config);
    log.info('run finished', { event: 'summary', runId: report.runId, status: report.status, ...report.documents, wallMs: report.wallMs });
    if (report.status === 'refused' || report.status === 'dry-run') {
      if (report.status === 'refused') code = 1;
      return;
    }
    if (graph.browserUrl) process.stdout.write(`\nNeo4j Browser: ${graph.browserUrl}  (user neo4j, password in ${join(config.neo4j.local.home, 'password')})\n`);
    if (opts.question) {
      const q = findQuery('program-reach-by-city');
      const rows = await runRead(graph, q.text, { program: null });
      process.stdout.write(`\nQ: ${q.description}\n${formatTable(rows.slice(0, 15))}\n${rows.length > 15 ? `… ${rows.length - 15} more rows: fupin-kg query program-reach-by-city\n` : ''}`);
    }
    if (report.status === 'partial' || report.documents.failed > 0 || (opts.strict && report.documents.knownFailures > 0)) code = 1;
  });
}

export function printRunSummary(report: RunReport, config: Config): void {
  const d = report.documents;
  const dry = report.dryRun;
  const lines = [
    `run ${report.runId}: ${report.status}${dry ? ' (nothing was written to the graph)' : ''}`,
    `inputs: ${report.inputs.map((i) => `${i.root} (collection ${i.collection})`).join(', ') || 'none'}`,
    `written: ${report.loadPath.path} (${report.loadPath.reason})`,
    dry
      ? `documents: ${d.seen} seen, would load ${d.loaded} (${d.replaced} replacing), ${d.unchanged} unchanged, would remove ${d.removed}, ${d.failed} failed, ${d.knownFailures} known failures, ${d.duplicates} duplicates`
      : `documents: ${d.seen} seen, ${d.loaded} loaded (${d.replaced} replaced), ${d.unchanged} unchanged, ${d.removed} removed, ${d.failed} failed, ${d.knownFailures} known failures, ${d.duplicates} duplicates`,
    `quarantined records: ${report.quarantined}${report.quarantined ? ` ${JSON.stringify(report.quarantineByReason)}` : ''}`,
    `nodes written: ${Object.entries(report.nodesByLabel).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `relationships written: ${Object.entries(report.relsByType).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `time per stage (CPU summed over workers): ${report.stages.map((s) => `${s.stage} ${s.ms} ms`).join(', ')}; peak memory ${report.peakRssMB} MB`,
  ];
  for (const issue of report.issues) lines.push(`${issue.severity}: ${formatIssue(issue)}`);
  lines.push(`run report: ${resolve(config.output.dir, 'runs', report.runId, 'run-report.json')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function ingest(paths: string[], opts: { manifest?: string }, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  const manifestFile = opts.manifest ?? config.input.manifest;
  const manifest = manifestFile ? readManifest(manifestFile) : undefined;
  await asStageRun(config, log, 'ingest', async (stage) => {
    const out = new JsonlWriter(resolve(config.output.dir, 'stages', 'normalize.jsonl'));
    for (const file of stage.inputs(paths)) {
      const source = relativeSource(file);
      try {
        const doc = normalize(ingestFile(file.path, ingestOptions(file, config, manifest)));
        if (!stage.isDuplicate(textHashOf(doc.text), source, doc.id)) out.write(doc);
      } catch (error) {
        stage.failed(issueOf(error, source, null, 'normalize'));
      }
    }
    await out.close();
    return `${out.count} documents normalized → ${out.path}`;
  });
}

/**
 * A stage run alone as `run` runs: under the run lock (one writer at a time), a run id on every
 * log line, a failed document logged in `run`'s shape and never fatal, `run`'s duplicate rule,
 * one summary event at the end; exit 1 when a document failed.
 */
async function asStageRun(config: Config, log: Log, name: string, body: (stage: StageRun) => Promise<string | { summary: string; toStderr: true }>): Promise<void> {
  const runId = newRunId();
  const release = acquireLock(join(resolve(config.output.dir), 'run.lock'));
  const counts = { failed: 0, duplicates: 0 };
  const issues: Issue[] = [];
  const startedAt = new Date().toISOString();
  const duplicates = new DuplicateTexts();
  const stage: StageRun = {
    runId,
    inputs: (paths) => listInputs(paths.length > 0 ? paths : [config.input.reports], {
      ...inputOptions(config),
      onProblem: (p) => stage.failed(listingIssue(p)),
    }),
    failed: (issue) => {
      counts.failed++;
      issues.push(issue);
      log.warn('document failed', { runId, file: issue.file, code: issue.code, reason: issue.message });
    },
    isDuplicate: (textHash, source, docId) => {
      const original = duplicates.originalOf(textHash, source);
      if (original === undefined) return false;
      counts.duplicates++;
      const issue = duplicateIssue(source, docId, original);
      issues.push(issue);
      log.warn('duplicate document', { runId, file: source, code: issue.code, reason: issue.message, duplicateOf: original });
      return true;
    },
  };
  try {
    const result = await body(stage);
    const line = `${typeof result === 'string' ? result : result.summary}; ${counts.failed} failed, ${counts.duplicates} duplicates\n`;
    (typeof result === 'string' ? process.stdout : process.stderr).write(line);
    // The stage's own report beside `run`'s: what it read, what failed and why, what it skipped as a copy.
    const dir = join(resolve(config.output.dir), 'runs', runId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stage-report.json'), JSON.stringify({ runId, command: name, startedAt, finishedAt: new Date().toISOString(), ...counts, issues, pipelineVersion: pipelineVersion() }, null, 2));
    log.info(`${name} finished`, { event: 'summary', runId, ...counts });
    if (counts.failed > 0) code = 1;
  } finally {
    release();
  }
}

interface StageRun {
  runId: string;
  inputs: (paths: string[]) => InputFile[];
  failed: (issue: Issue) => void;
  /** True (and logged) when a text of this hash was seen before in this run. */
  isDuplicate: (textHash: string, source: string, docId: string) => boolean;
}

/** Ingest options with the run's manifest (url, title …), so a stage run alone reads a report as `run` does. */
function ingestOptions(file: InputFile, config: Config, manifest: Manifest | undefined): Parameters<typeof ingestFile>[1] {
  const options = { root: file.root, collection: file.collection, maxFileBytes: config.input.maxFileBytes };
  return manifest ? { ...options, manifest } : options;
}

const inputOptions = (config: Config) => ({ extensions: config.input.extensions, collection: config.input.collection, ignore: config.input.ignore });

export async function extractCmd(files: string[], opts: { json?: boolean; manifest?: string }, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  const divisions = await loadDivisions();
  const manifestFile = opts.manifest ?? config.input.manifest;
  const manifest = manifestFile ? readManifest(manifestFile) : undefined;
  await asStageRun(config, log, 'extract', async (stage) => {
    const emit = opts.json ? null : new JsonlWriter(resolve(config.output.dir, 'stages', 'validate.jsonl'));
    let done = 0;
    const handle = (normalized: ReturnType<typeof normalize>, source: string) => {
      if (stage.isDuplicate(textHashOf(normalized.text), source, normalized.id)) return;
      const extracted = toExtractedDocument(segment(normalized), divisions);
      done++;
      if (opts.json) process.stdout.write(`${JSON.stringify(extracted.record)}\n`);
      else emit?.write(validate(extracted, divisions));
    };
    if (files.length > 0) {
      for (const file of stage.inputs(files)) {
        const source = relativeSource(file);
        try {
          handle(normalize(ingestFile(file.path, ingestOptions(file, config, manifest))), source);
        } catch (error) {
          stage.failed(issueOf(error, source, null));
        }
      }
    } else {
      for await (const doc of readJsonl<ReturnType<typeof normalize>>(resolve(config.output.dir, 'stages', 'normalize.jsonl'))) {
        try {
          handle(doc, doc.source);
        } catch (error) {
          stage.failed(issueOf(error, doc.source, doc.id));
        }
      }
    }
    const summary = `${done} documents extracted, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`;
    if (!emit) return { summary, toStderr: true }; // stdout carries only the records
    await emit.close();
    return `${summary}; validated records → ${emit.path}`;
  });
}

export async function load(opts: { in?: string }, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  const file = resolve(opts.in ?? join(config.output.dir, 'stages', 'validate.jsonl'));
  await withGraph(config, log, async (graph) => {
    await asStageRun(config, log, 'load', async (stage) => {
      const startedAt = new Date().toISOString();
      await ensureSchema(graph);
      const options = { batchSize: config.load.batchSize, concurrency: config.load.concurrency };
      let documents = 0;
      let rows = 0;
      const written: string[] = [];
      let chunk: ValidatedDocument[] = [];
      const write = async () => {
        if (chunk.length === 0) return;
        const stats = await loadDocuments(graph, chunk, options);
        documents += stats.documents;
        rows += stats.rows;
        chunk = [];
      };
      // In chunks: memory does not grow with the size of the artifact.
      const t = performance.now();
      let seen = 0;
      for await (const d of readJsonl<ValidatedDocument>(file)) {
        seen++;
        if (stage.isDuplicate(d.document.textHash, d.document.source, d.document.id)) continue;
        written.push(d.document.id);
        chunk.push(d);
        if (chunk.length >= 200) await write();
      }
      await write();
      const seconds = (performance.now() - t) / 1000;
      const counts = { seen, loaded: documents, unchanged: 0, replaced: 0, removed: 0, failed: 0, knownFailures: 0, duplicates: seen - written.length };
      await recordRun(graph, { runId: stage.runId, startedAt, finishedAt: new Date().toISOString(), status: 'ok', documents: counts, quarantined: 0, issues: [], rowsWritten: rows }, written);
      return `${documents} documents loaded, ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} rows/s), run ${stage.runId}`;
    });
  });
}

function parsePairs(pairs: string[] | undefined): string[] {
  return pairs ?? [];
}

function print(rows: Row[], format: string): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (format === 'csv') process.stdout.write(`${formatCsv(rows)}\n`);
  else process.stdout.write(`${formatTable(rows)}\n`);
}

export async function query(name: string | undefined, opts: { param?: string[]; format: string; values?: string }, cmd: Command): Promise<void> {
  if (opts.values) {
    if (!VOCABULARIES.includes(opts.values as Vocabulary)) throw new QueryError(`--values takes ${VOCABULARIES.join(', ')}, got \`${opts.values}\``);
    process.stdout.write(`${vocabulary(opts.values as Vocabulary).join('\n')}\n`);
    return;
  }
  if (!name) {
    for (const q of askQueries()) {
      const params = q.params.map((p) => `  --param ${p.name}=${p.example || '…'}   ${p.type}${p.required ? '' : ', optional'}: ${p.doc}\n`).join('');
      process.stdout.write(`${q.name}\n  ${q.description}\n${params}`);
    }
    return;
  }
  const q = findQuery(name);
  // Checked before any server is started or reached: a typo costs nothing.
  const checked = checkParams(q, parsePairs(opts.param));
  const { config, log } = setup(cmd);
  const divisions = await loadDivisions();
  await withGraph(config, log, async (graph) => {
    const params = await resolvePlaces(graph, divisions, q, checked);
    print(await runRead(graph, q.text, params), opts.format);
  });
}

export async function cypherCmd(statement: string, opts: { param?: string[]; write?: boolean; format: string }, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  // key=value passes a string; key:=value passes JSON (numbers, lists, null).
  const params: Record<string, unknown> = {};
  for (const pair of parsePairs(opts.param)) {
    const m = /^([A-Za-z_]\w*)(:?=)(.*)$/s.exec(pair);
    if (!m) throw new QueryError(`expected --param key=value or key:=json, got \`${pair}\``);
    try {
      params[m[1]!] = m[2] === ':=' ? JSON.parse(m[3]!) : m[3];
    } catch {
      throw new QueryError(`--param ${m[1]}:= takes JSON, got \`${m[3]}\``);
    }
  }
  await withGraph(config, log, async (graph) => {
    if (!opts.write) {
      const refusal = await writesOrAdministers(graph, statement, params);
      if (refusal) {
        process.stderr.write(`refused: ${refusal}; pass --write to allow it\n`);
        code = 2;
        return;
      }
    }
    print(opts.write ? await runWrite(graph, statement, params) : await runRead(graph, statement, params), opts.format);
  });
}

export async function evaluate(opts: { set?: string; gold?: string; reports?: string; manifest?: string; verbose?: boolean; explain?: boolean; fail: boolean }, cmd: Command): Promise<void> {
  const { config } = setup(cmd);
  const sets = evalSets(config, opts);
  const divisions = opts.explain ? await loadDivisions() : null;
  for (const set of sets) {
    const { result, holdout, pairs } = await runEvalSet(set, config);
    if (opts.verbose || divisions) {
      for (const pair of pairs) {
        const mine = result.mismatches.filter((m) => m.doc === pair.gold.doc);
        if (mine.length === 0) continue;
        process.stdout.write(`${pair.gold.doc}\n`);
        const lines = divisions
          ? explainPair(pair, mine, divisions)
          : mine.map((m) => `  ${m.kind}\n    missing: ${m.missing.join(' ; ')}\n    extra:   ${m.extra.join(' ; ')}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.stdout.write('\n');
    }
    process.stdout.write(`## ${set.name} (${set.gold})\n\n${formatEvalTable(result)}\n`);
    if (holdout) process.stdout.write(`\n### ${set.name}, held out of rule tuning: ${set.holdout.join(', ')}\n\n${formatEvalTable(holdout)}\n`);
    const failed = belowThresholds(result, set.thresholds);
    if (failed.length > 0) {
      process.stdout.write(`\nbelow thresholds (eval.sets ${set.name}): ${failed.join('; ')}\n`);
      if (opts.fail) code = 1;
    }
    process.stdout.write('\n');
  }
}

/** The gold sets to score: `--gold/--reports/--manifest` name one ad hoc, `--set` picks one of the config's. */
function evalSets(config: Config, opts: { set?: string; gold?: string; reports?: string; manifest?: string }): EvalSet[] {
  if (opts.gold || opts.reports) {
    const base = config.eval.sets.find((s) => s.name === opts.set) ?? config.eval.sets[0]!;
    return [{ ...base, name: opts.set ?? 'custom', gold: opts.gold ?? base.gold, reports: opts.reports ?? base.reports, manifest: opts.manifest ?? null, holdout: [] }];
  }
  const sets = opts.set ? config.eval.sets.filter((s) => s.name === opts.set) : config.eval.sets;
  if (sets.length === 0) throw new ConfigError('eval.sets', `no set named ${opts.set}; the config has ${config.eval.sets.map((s) => s.name).join(', ')}`);
  return opts.manifest ? sets.map((s) => ({ ...s, manifest: opts.manifest! })) : sets;
}

/**
 * `fupin-kg --version`: the package, the pipeline version (the hash that decides re-extraction)
 * and the server's version when one answers: the configured server, or the local one when it
 * is running. It never starts a server.
 */
export async function version(_opts: unknown, cmd: Command): Promise<void> {
  const pkg = JSON.parse(readFileSync(rootPath('package.json'), 'utf8')) as { version: string };
  const lines = [`fupin-kg ${pkg.version}`, `pipeline ${pipelineVersion()}`, `node ${process.versions.node}`];
  let server = 'no server answered';
  try {
    const config = loadConfig({ file: globals(cmd).config });
    const conn = config.neo4j.uri ? (await resolveConnection(config)) : await runningLocal(config);
    if (conn) {
      const graph = await openGraph(conn, config.neo4j.database, 2_000);
      try {
        const info = await graph.driver.getServerInfo({ database: graph.database });
        server = `${info.agent ?? 'Neo4j'} at ${conn.uri}`;
      } finally {
        await graph.close();
      }
    } else {
      server = 'local server not running (fupin-kg neo4j start)';
    }
  } catch (error) {
    server = `no server answered (${(error as Error).message.split('\n')[0]})`;
  }
  lines.push(`neo4j ${server}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runningLocal(config: Config): Promise<LocalConnection | null> {
  const s = await status(config.neo4j.local.home);
  return s.running ? start(config.neo4j.local) : null;
}

export async function neo4jInstall(_opts: unknown, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  installJars((l) => log.info(l));
  localPassword(config.neo4j.local.home);
  process.stdout.write(`Neo4j jars in ${JARS}\n`);
}

export async function neo4jStart(_opts: unknown, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  const conn = await start(config.neo4j.local, (l) => log.info(l));
  process.stdout.write(`Neo4j running: ${conn.uri}${conn.httpUrl ? `  Browser: ${conn.httpUrl}` : ''}\nuser neo4j, password in ${resolve(config.neo4j.local.home, 'password')}\n`);
}

export async function neo4jStop(_opts: unknown, cmd: Command): Promise<void> {
  const { config } = setup(cmd);
  const stopped = await stop(config.neo4j.local.home);
  process.stdout.write(stopped ? 'Neo4j stopped\n' : 'Neo4j was not running\n');
}

export async function neo4jStatus(_opts: unknown, cmd: Command): Promise<void> {
  const { config } = setup(cmd);
  const s = await status(config.neo4j.local.home);
  if (s.running && s.state) {
    process.stdout.write(`running (pid ${s.state.pid}, Neo4j ${s.state.version}) bolt://127.0.0.1:${s.state.boltPort}${s.state.httpPort ? `  Browser: http://127.0.0.1:${s.state.httpPort}/browser/` : ''}\n`);
  } else {
    process.stdout.write('not running\n');
    code = 1;
  }
}

export async function report(opts: { out?: string; excel?: boolean }, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  await withGraph(config, log, async (graph) => {
    const files = await buildReport(graph, resolve(opts.out ?? join(config.output.dir, 'report')), { excel: opts.excel ?? false });
    process.stdout.write(`report: ${files.html}\ndata: ${files.csv.join(', ')}\ncolumn guide: ${files.guide}\n`);
  });
}

export async function bench(opts: { docs: string[]; load: boolean; out: string }, cmd: Command): Promise<void> {
  const { config, log } = setup(cmd);
  const sizes = opts.docs.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const result = await runBench({ sizes, load: opts.load, config, log: (l) => log.info(l) });
  const command = `fupin-kg bench --docs ${sizes.join(' ')}${opts.load ? '' : ' --no-load'}`;
  const md = benchMarkdown(result, command);
  mkdirSync(dirname(resolve(opts.out)), { recursive: true });
  writeFileSync(resolve(opts.out), md);
  process.stdout.write(md);
}
