/**
 * Names of private persons never reach the graph or the run's artifacts: a report written for
 * this test (the sentences and more) goes through the whole pipeline into a real Neo4j;
 * then every string property of every node and relationship, and every file under out/, is
 * searched for the names.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import { emptyGraphForEachTest, testConfig } from '../helpers/graph.ts';

const REPORT = [
  '贫困户刘维申的脱贫路',
  '2019年临泉县脱贫攻坚纪实',
  '临泉县艾亭镇桃花店村建档立卡户吴小兵今年养鸡300只,脱贫户周强说,光伏扶贫让他家增收3000元。',
  '村民朱红梅、农户郑大山家发展产业扶贫,每户增收5000元。贫困户高峰种植蔬菜10亩。',
  '贫困户 王建军在扶贫车间务工,月收入2000元。',
  '村民王大明和李小华都是搬迁户,易地扶贫搬迁安置2户。',
  '林海是村里的贫困户,今年领到分红800元。',
  '村支书马召团说,全村脱贫56户。',
  '马召团:今年村里修路3公里。',
  '57岁的扎西努布是建档立卡贫困户,他参加了技能培训。',
].join('\n');

const TRADITIONAL = [
  '貧困戶劉維申養羊致富',
  '太和縣馬集鄉港南村的貧困戶劉維申在政府幫扶下,申請了5萬元的金融扶貧貸款,發展山羊養殖。',
].join('\n');

const NAMES = ['刘维申', '劉維申', '吴小兵', '周强', '朱红梅', '郑大山', '王建军', '王大明', '李小华', '林海', '马召团', '扎西努布', '高峰'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('privacy through the whole pipeline', () => {
  let graph: Graph;
  emptyGraphForEachTest((g) => (graph = g));

  it('no name of a private person is in the graph or under out/, in either script; the facts are still there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-privacy-'));
    writeFileSync(join(dir, 'linquan.txt'), REPORT);
    writeFileSync(join(dir, 'taihe-hant.txt'), TRADITIONAL);
    const config = testConfig({ input: { reports: dir } });
    const report = await runPipeline({ config, graph });
    expect(report.documents.loaded).toBe(2);

    const { records } = await graph.driver.executeQuery(
      `CALL () { MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p }
       UNWIND keys(p) AS k WITH p[k] AS v WHERE v IS :: STRING OR v IS :: LIST<STRING> RETURN collect(v) AS values`,
      {}, { database: graph.database },
    );
    const stored = JSON.stringify(records[0]!.get('values'));
    const artifacts = filesUnder(config.output.dir).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(artifacts.length).toBeGreaterThan(1000);
    for (const name of NAMES) {
      expect(stored, `graph holds ${name}`).not.toContain(name);
      expect(artifacts, `out/ holds ${name}`).not.toContain(name);
    }
    // Masked, not dropped: the surname stays, the sentence and its facts are loaded.
    expect(stored).toContain('贫困户刘某某');
    expect(stored).toContain('貧困戶劉某某');
    expect(stored).toContain('马某某:今年村里修路3公里');
    const { records: figures } = await graph.driver.executeQuery(
      'MATCH (f:Figure)-[:MEASURES]->(p:Place) WHERE f.surface IN ["300只", "5萬元", "3公里"] RETURN f.surface AS s, p.code AS code ORDER BY s',
      {}, { database: graph.database },
    );
    expect(figures.map((r) => r.get('s'))).toEqual(['300只', '3公里', '5萬元']);
  });
});
