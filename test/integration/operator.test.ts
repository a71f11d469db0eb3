/**
 * The nightly job an operator can trust: removal is guarded and scoped to the run's own
 * collection, identity is by collection and relative path (and graphs from before collections
 * migrate), duplicates are found by normalised text, a dry run writes nothing, known failures
 * do not fail every night, and the run report says per document what happened.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ConfigError } from '../../pipeline/errors.ts';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { acquireLock } from '../../pipeline/run/lock.ts';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import { RunReport } from '../../schemas/index.ts';
import { cli } from '../helpers/cli.ts';
import { count, emptyDatabase, emptyGraphForEachTest, REPORTS, snapshot, testConfig } from '../helpers/graph.ts';

const GBK = resolve(import.meta.dirname, '../fixtures/bad-input/gbk-encoded/linquan-gbk.txt');
const EMPTY = resolve(import.meta.dirname, '../fixtures/bad-input/empty/empty.txt');

function folder(name = 'reports'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'fupin-op-')), name);
  cpSync(REPORTS, dir, { recursive: true });
  return dir;
}

describe('the operator\'s nightly job', () => {
  let graph: Graph;
  emptyGraphForEachTest((g) => (graph = g));
  const docs = () => count(graph, 'MATCH (d:Document) RETURN count(d)');

  it('an empty or missing input folder is an error naming it (exit 2); the graph is untouched', async () => {
    const dir = folder();
    await runPipeline({ config: testConfig({ input: { reports: dir } }), graph });
    const before = await snapshot(graph);
    const empty = mkdtempSync(join(tmpdir(), 'fupin-empty-'));
    await expect(runPipeline({ config: testConfig({ input: { reports: empty } }), graph })).rejects.toThrow(ConfigError);
    await expect(runPipeline({ config: testConfig({ input: { reports: join(empty, 'not-mounted') } }), graph })).rejects.toThrow(/input path not found/);
    expect(await snapshot(graph)).toEqual(before);
    const t = inject('neo4j');
    const config = join(empty, 'fupin.config.yaml');
    writeFileSync(config, `input:\n  reports: ${empty}\noutput:\n  dir: ${join(empty, 'out')}\n`);
    const r = await cli(['--config', config, 'run'], { NEO4J_URI: t.uri, NEO4J_USER: t.user, NEO4J_PASSWORD: t.password });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(empty);
    expect(r.stderr).toMatch(/holds no report files/);
    expect(await snapshot(graph)).toEqual(before);
  });

  it('a run that would remove more than maxRemovedShare refuses, lists them, writes nothing; --allow-mass-removal lets it through', async () => {
    const dir = folder();
    const config = testConfig({ input: { reports: dir } });
    await runPipeline({ config, graph });
    const before = await snapshot(graph);
    rmSync(join(dir, '000_445ff2163f320870.txt'));
    rmSync(join(dir, '001_eca2cb540d4b46b8.txt'));
    const refused = await runPipeline({ config, graph });
    expect(refused.status).toBe('refused');
    expect(refused.removal).toEqual({ missing: 2, collectionSize: 5, refused: true });
    expect(refused.issues.find((i) => i.code === 'MASS_REMOVAL_REFUSED')?.message).toMatch(/would remove 2 of the collection's 5 documents.*000_445ff2163f320870\.txt/);
    expect(refused.outcomes.filter((o) => o.outcome === 'removal-refused').map((o) => o.source).sort()).toEqual(['000_445ff2163f320870.txt', '001_eca2cb540d4b46b8.txt']);
    expect(await snapshot(graph)).toEqual(before);
    const allowed = await runPipeline({ config, graph, allowMassRemoval: true });
    expect(allowed.documents.removed).toBe(2);
    expect(await docs()).toBe(3);
  });

  it('two folders are two collections: a run removes the missing documents of its own collection only', async () => {
    const a = folder('reports');
    const b = folder('reports'); // same folder name, other path: another collection
    rmSync(join(b, '000_445ff2163f320870.txt'));
    const ra = await runPipeline({ config: testConfig({ input: { reports: a } }), graph });
    const rb = await runPipeline({ config: testConfig({ input: { reports: b } }), graph });
    expect(ra.inputs[0]!.collection).not.toBe(rb.inputs[0]!.collection);
    // B's files of the same names are B's documents: none of A's was replaced or removed.
    expect(rb.documents).toMatchObject({ loaded: 4, replaced: 0, removed: 0 });
    expect(await docs()).toBe(9);
    expect(await count(graph, 'MATCH (d:Document {source: "000_445ff2163f320870.txt"}) RETURN count(d)')).toBe(1);
    // A folder given on the command line removes its own missing documents, not the other's.
    rmSync(join(a, '001_eca2cb540d4b46b8.txt'));
    const again = await runPipeline({ config: testConfig({ input: { reports: b } }), graph, paths: [a] });
    expect(again.documents.removed).toBe(1);
    expect(await docs()).toBe(8);
    expect(await count(graph, 'MATCH (d:Document {collection: $c}) RETURN count(d)', { c: rb.inputs[0]!.collection })).toBe(4);
  });

  it('a graph from before collections (ids by file name) is migrated: the next run leaves it equal to a clean run', async () => {
    const dir = folder();
    const config = testConfig({ input: { reports: dir } });
    await runPipeline({ config, graph });
    // Rewrite the graph to the old identity: id = path without extension, no collection.
    await graph.driver.executeQuery(`
      MATCH (d:Document) WITH d, d.id AS new, split(d.id, '/')[1] AS old
      SET d.id = old REMOVE d.collection
      WITH new, old
      CALL (new, old) {
        MATCH (f:Figure {docId: new}) SET f.docId = old
        UNION
        MATCH ()-[r:APPLIES_TO|IMPLEMENTED_IN|ISSUED_BY]->() WHERE r.docId = new SET r.docId = old
      }`, {}, { database: graph.database });
    expect(await count(graph, 'MATCH (d:Document) WHERE d.collection IS NULL RETURN count(d)')).toBe(5);
    const migrated = await runPipeline({ config, graph });
    expect(migrated.status).toBe('ok');
    expect(await count(graph, 'MATCH (d:Document) WHERE d.collection IS NULL RETURN count(d)')).toBe(0);
    const afterMigration = await snapshot(graph);
    await emptyDatabase(graph);
    await runPipeline({ config, graph });
    expect(afterMigration).toEqual(await snapshot(graph));
  });

  it('duplicates are found by normalised text: a GB18030 copy of a UTF-8 report is recorded with the file it duplicates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-dup-'));
    writeFileSync(join(dir, 'a-linquan-gbk.txt'), readFileSync(GBK));
    writeFileSync(join(dir, 'b-linquan-utf8.txt'), new TextDecoder('gb18030').decode(readFileSync(GBK)));
    const report = await runPipeline({ config: testConfig({ input: { reports: dir } }), graph });
    expect(report.documents).toMatchObject({ loaded: 1, duplicates: 1 });
    expect(report.outcomes.find((o) => o.outcome === 'duplicate')).toMatchObject({ source: 'b-linquan-utf8.txt', duplicateOf: 'a-linquan-gbk.txt' });
    expect(await docs()).toBe(1);
  });

  it('--dry-run reads, extracts and validates, says what it would do, and writes nothing to the graph', async () => {
    const dir = folder();
    const config = testConfig({ input: { reports: dir } });
    const dry = await runPipeline({ config, graph, dryRun: true });
    expect(dry.status).toBe('dry-run');
    expect(dry.outcomes.filter((o) => o.outcome === 'would-load')).toHaveLength(5);
    expect(await count(graph, 'MATCH (n) RETURN count(n)')).toBe(0);
    await runPipeline({ config, graph });
    const before = await snapshot(graph);
    rmSync(join(dir, '004_d4d5ce0b380d4b18.txt'));
    const again = await runPipeline({ config, graph, dryRun: true });
    expect(again.outcomes.filter((o) => o.outcome === 'would-remove').map((o) => o.source)).toEqual(['004_d4d5ce0b380d4b18.txt']);
    expect(again.outcomes.filter((o) => o.outcome === 'unchanged')).toHaveLength(4);
    expect(await snapshot(graph)).toEqual(before);
  });

  it('a bad file fails the first run; unchanged later it is a known failure that fails the run only with --strict', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'zz-empty.txt'), readFileSync(EMPTY));
    const config = testConfig({ input: { reports: dir } });
    const first = await runPipeline({ config, graph });
    expect(first).toMatchObject({ status: 'partial', documents: { failed: 1, knownFailures: 0 } });
    const second = await runPipeline({ config, graph });
    expect(second).toMatchObject({ status: 'ok', documents: { failed: 0, knownFailures: 1 } });
    expect(second.outcomes.find((o) => o.source === 'zz-empty.txt')).toMatchObject({ outcome: 'known-failure', stage: 'ingest' });
    const strict = await runPipeline({ config, graph, strict: true });
    expect(strict.status).toBe('partial');
    // Changed, it is a new failure again.
    writeFileSync(join(dir, 'zz-empty.txt'), '   \n');
    expect((await runPipeline({ config, graph })).documents.failed).toBe(1);
  });

  it('a subfolder that cannot be read (an unmounted share linked in) is recorded, the run goes on, and its documents are kept', async () => {
    const dir = folder();
    const share = mkdtempSync(join(tmpdir(), 'fupin-share-'));
    writeFileSync(join(share, 'a.txt'), '临泉县2019年脱贫攻坚工作总结\n全县投入专项扶贫资金5000万元,脱贫1.2万人。\n');
    writeFileSync(join(share, 'b.txt'), '太和县2019年脱贫攻坚工作总结\n全县新建扶贫车间20个,带动就业800人。\n');
    symlinkSync(share, join(dir, 'share'));
    const config = testConfig({ input: { reports: dir } });
    expect((await runPipeline({ config, graph })).documents.loaded).toBe(7);
    const before = await snapshot(graph);
    rmSync(share, { recursive: true }); // the link now points at nothing
    const r = await runPipeline({ config, graph });
    expect(r.status).toBe('partial');
    expect(r.issues.find((i) => i.code === 'UNREADABLE')).toMatchObject({ file: join(dir, 'share'), severity: 'error' });
    expect(r.documents).toMatchObject({ removed: 0, unchanged: 5 });
    expect(await snapshot(graph)).toEqual(before);
  });

  it('`load` run alone takes the run lock (refused while a run holds it), applies the duplicate rule and records its Run', async () => {
    const dir = folder();
    cpSync(join(dir, '000_445ff2163f320870.txt'), join(dir, 'copy-of-000.txt'));
    const out = mkdtempSync(join(tmpdir(), 'fupin-load-'));
    const config = join(out, 'fupin.config.yaml');
    writeFileSync(config, `input:\n  reports: ${dir}\noutput:\n  dir: ${join(out, 'out')}\n`);
    const t = inject('neo4j');
    const env = { NEO4J_URI: t.uri, NEO4J_USER: t.user, NEO4J_PASSWORD: t.password };
    // Extract alone keeps both copies out of one another: the rule of `run`.
    const extracted = await cli(['--config', config, 'extract', dir], env);
    expect(extracted.stdout).toMatch(/5 documents extracted.*0 failed, 1 duplicates/);
    const release = acquireLock(join(out, 'out', 'run.lock'));
    try {
      const refused = await cli(['--config', config, 'load'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/holds .*run\.lock/);
      expect(await docs()).toBe(0);
    } finally {
      release();
    }
    const loaded = await cli(['--config', config, 'load'], env);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(await docs()).toBe(5);
    const runId = /run (\d{8}-\d{6}-\d+)/.exec(loaded.stdout)?.[1];
    expect(await count(graph, 'MATCH (r:Run {id: $runId, status: "ok"})-[:PROCESSED]->(:Document) RETURN count(*)', { runId })).toBe(5);
  });

  it('input.ignore leaves files out by glob; the run report carries per-document outcomes, the config hash and the pipeline version; old run folders go', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'drafts'));
    writeFileSync(join(dir, 'drafts', 'note.txt'), readFileSync(join(dir, '000_445ff2163f320870.txt')));
    const config = testConfig({ input: { reports: dir, ignore: ['drafts/**', '004_*.txt'] }, output: { dir: mkdtempSync(join(tmpdir(), 'fupin-out-')), keepRuns: 2 } });
    let report = await runPipeline({ config, graph });
    expect(report.documents.seen).toBe(4);
    for (let i = 0; i < 2; i++) report = await runPipeline({ config, graph });
    const parsed = RunReport.parse(JSON.parse(readFileSync(join(config.output.dir, 'runs', report.runId, 'run-report.json'), 'utf8')));
    expect(parsed.outcomes.map((o) => [o.source, o.outcome])).toEqual([
      ['000_445ff2163f320870.txt', 'unchanged'], ['001_eca2cb540d4b46b8.txt', 'unchanged'], ['002_30866e180903b284.txt', 'unchanged'], ['003_3847208e6bb776c7.txt', 'unchanged'],
    ]);
    expect(parsed.configHash).toMatch(/^[0-9a-f]{12}$/);
    expect(parsed.pipelineVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(parsed.inputs).toEqual([{ root: dir, collection: expect.stringMatching(/^reports-[0-9a-f]{6}$/) }]);
    expect(parsed.wallMs).toBeGreaterThan(0);
    const runs = readdirSync(join(config.output.dir, 'runs'));
    expect(runs).toHaveLength(2);
    expect(runs).toContain(report.runId);
    expect(existsSync(join(config.output.dir, 'known-failures.json'))).toBe(true);
  });
  /** After an incremental run, the graph must equal a clean run over the same folder. */
  async function expectSameAsCleanRun(config: ReturnType<typeof testConfig>): Promise<void> {
    const incremental = await snapshot(graph);
    await emptyDatabase(graph);
    await runPipeline({ config, graph });
    expect(incremental).toEqual(await snapshot(graph));
  }

  it('a copy added under a name that sorts before the loaded original: one document, totals counted once, equal to a clean run', async () => {
    const dir = folder();
    const config = testConfig({ input: { reports: dir } });
    await runPipeline({ config, graph });
    cpSync(join(dir, '000_445ff2163f320870.txt'), join(dir, '0000-copy.txt'));
    const report = await runPipeline({ config, graph });
    expect(report.documents.duplicates).toBe(1);
    expect(await docs()).toBe(5);
    const [row] = (await graph.driver.executeQuery("MATCH (f:Figure {surface: '4268万元'}) RETURN count(DISTINCT f.docId) AS documents", {}, { database: graph.database })).records;
    expect(row!.get('documents')).toBe(1);
    await expectSameAsCleanRun(config);
  });

  it('a loaded report overwritten with another report\'s text: a duplicate, its old facts gone, equal to a clean run', async () => {
    const dir = folder();
    const config = testConfig({ input: { reports: dir } });
    await runPipeline({ config, graph });
    writeFileSync(join(dir, '001_eca2cb540d4b46b8.txt'), readFileSync(join(dir, '000_445ff2163f320870.txt')));
    const report = await runPipeline({ config, graph });
    expect(report.outcomes.find((o) => o.source === '001_eca2cb540d4b46b8.txt')).toMatchObject({ outcome: 'duplicate', duplicateOf: '000_445ff2163f320870.txt' });
    expect(await count(graph, 'MATCH (d:Document {source: "001_eca2cb540d4b46b8.txt"}) RETURN count(d)')).toBe(0);
    await expectSameAsCleanRun(config);
  });

  it('a policy stated with different years in two reports gets the same year whatever the load order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-years-'));
    const config = testConfig({ input: { reports: dir } });
    writeFileSync(join(dir, 'b-2019.txt'), '临泉县2019年脱贫攻坚工作总结\n\n2019年,临泉县印发《临泉县产业扶贫实施方案》,全县投入产业扶贫资金1.2亿元。\n');
    await runPipeline({ config, graph });
    writeFileSync(join(dir, 'a-2018.txt'), '临泉县2018年脱贫攻坚工作总结\n\n2018年,临泉县印发《临泉县产业扶贫实施方案》,全县投入产业扶贫资金8000万元。\n');
    await runPipeline({ config, graph, allowMassRemoval: true });
    const [row] = (await graph.driver.executeQuery("MATCH (p:Policy {title: '临泉县产业扶贫实施方案'}) RETURN p.year AS year", {}, { database: graph.database })).records;
    const incrementalYear = row!.get('year');
    await expectSameAsCleanRun(config);
    expect(incrementalYear).toBe(2018);
  });
});

