import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockedError } from '../../pipeline/errors.ts';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import { count, emptyDatabase, emptyGraphForEachTest, REPORTS, snapshot, testConfig } from '../helpers/graph.ts';
import { spawn } from 'node:child_process';

function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fupin-reports-'));
  cpSync(REPORTS, dir, { recursive: true });
  return dir;
}

describe('the nightly rebuild', () => {
  let graph: Graph;
  emptyGraphForEachTest((g) => (graph = g));

  /** The graph an incremental run left equals a clean run over the same folder. */
  async function expectSameAsCleanRun(dir: string): Promise<void> {
    const incremental = await snapshot(graph);
    await emptyDatabase(graph);
    await runPipeline({ config: testConfig({ input: { reports: dir } }), graph });
    expect(incremental).toEqual(await snapshot(graph));
  }

  it('a second run over the same folder skips every document and leaves the same graph', async () => {
    const config = testConfig();
    await runPipeline({ config, graph });
    const first = await snapshot(graph);
    const again = await runPipeline({ config, graph });
    expect(again.documents).toMatchObject({ seen: 5, unchanged: 5, loaded: 0, removed: 0 });
    expect(await snapshot(graph)).toEqual(first);
    expect(await count(graph, 'MATCH (r:Run) RETURN count(r)')).toBe(2);
  });

  it('a changed document has its facts replaced; the graph equals a clean run on the new folder', async () => {
    const dir = corpus();
    const config = testConfig({ input: { reports: dir } });
    await runPipeline({ config, graph });
    appendFileSync(join(dir, '003_3847208e6bb776c7.txt'), '\n补充:2019年金寨县新建扶贫车间58个。\n');
    writeFileSync(join(dir, '000_445ff2163f320870.txt'), '淮北市脱贫攻坚简报\n\n2020年,淮北市投入产业扶贫资金5000万元。\n');
    const rerun = await runPipeline({ config, graph });
    expect(rerun.documents).toMatchObject({ seen: 5, unchanged: 3, replaced: 2, loaded: 2 });
    expect(await count(graph, 'MATCH (f:Figure {surface: "58个"})-[:MEASURES]->(:Place {code: "341524"}) RETURN count(f)')).toBe(1);
    expect(await count(graph, 'MATCH (f:Figure {surface: "13741户"}) RETURN count(f)')).toBe(0);
    await expectSameAsCleanRun(dir);
  });

  it('a document removed from the folder loses its facts; shared nodes stay', async () => {
    const dir = corpus();
    const config = testConfig({ input: { reports: dir } });
    await runPipeline({ config, graph });
    rmSync(join(dir, '001_eca2cb540d4b46b8.txt'));
    const rerun = await runPipeline({ config, graph });
    expect(rerun.documents.removed).toBe(1);
    expect(await count(graph, 'MATCH (d:Document {source: "001_eca2cb540d4b46b8.txt"}) RETURN count(d)')).toBe(0);
    // 官塘村 was only in the removed report; 产业扶贫 is mentioned by others.
    expect(await count(graph, 'MATCH (p:Place {code: "340422120204"}) RETURN count(p)')).toBe(0);
    expect(await count(graph, 'MATCH (p:Program {name: "产业扶贫"}) RETURN count(p)')).toBe(1);
    await expectSameAsCleanRun(dir);
  });

  it('--keep-missing keeps the facts of removed documents', async () => {
    const dir = corpus();
    const config = testConfig({ input: { reports: dir } });
    await runPipeline({ config, graph });
    rmSync(join(dir, '001_eca2cb540d4b46b8.txt'));
    await runPipeline({ config, graph, keepMissing: true });
    expect(await count(graph, 'MATCH (d:Document {source: "001_eca2cb540d4b46b8.txt"}) RETURN count(d)')).toBe(1);
  });

  it('a second run refuses to start while another holds the lock', async () => {
    const config = testConfig();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(config.output.dir, 'run.lock'), JSON.stringify({ pid: holder.pid }));
      await expect(runPipeline({ config, graph })).rejects.toBeInstanceOf(LockedError);
      expect(await count(graph, 'MATCH (d:Document) RETURN count(d)')).toBe(0);
    } finally {
      holder.kill();
    }
  });

  it('bad files are recorded with their reason and do not stop the other documents', async () => {
    const dir = corpus();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3, 0, 0, 0, 9, 9, 0, 0]));
    cpSync(join(dir, '004_d4d5ce0b380d4b18.txt'), join(dir, 'copy-of-004.txt'));
    const report = await runPipeline({ config: testConfig({ input: { reports: dir } }), graph });
    expect(report.status).toBe('partial');
    expect(report.documents).toMatchObject({ seen: 8, loaded: 5, failed: 2, duplicates: 1 });
    expect(report.issues.map((i) => [i.file, i.code]).sort()).toEqual([
      ['002_30866e180903b284.txt', 'DIGITS_DAMAGED'],
      ['binary.txt', 'BINARY_FILE'],
      ['copy-of-004.txt', 'DUPLICATE_CONTENT'],
      ['empty.txt', 'EMPTY_FILE'],
    ]);
    expect(await count(graph, 'MATCH (d:Document) RETURN count(d)')).toBe(5);
  });
});
