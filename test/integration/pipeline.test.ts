import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { count, emptyDatabase, testConfig, testGraph } from '../helpers/graph.ts';

describe('run over the five sample reports', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await testGraph();
    await emptyDatabase(graph);
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });

  it('loads documents, places, programs, policies and figures with the graph model relationships', async () => {
    const report = await runPipeline({ config: testConfig(), graph });
    expect(report.status).toBe('ok');
    expect(report.documents).toMatchObject({ seen: 5, loaded: 5, failed: 0 });
    expect(await count(graph, 'MATCH (d:Document) RETURN count(d)')).toBe(5);
    expect(await count(graph, 'MATCH (p:Place:Prefecture {code: "3415", name: "六安市"}) RETURN count(p)')).toBe(1);
    expect(await count(graph, 'MATCH (:Village {code: "340422120204"})-[:PART_OF]->(:Township {code: "340422120"})-[:PART_OF]->(:County {code: "340422"})-[:PART_OF]->(:Prefecture {code: "3404"})-[:PART_OF]->(:Province {code: "34"}) RETURN count(*)')).toBe(1);
    expect(await count(graph, 'MATCH (d:Document {id: "samples/003_3847208e6bb776c7"})-[:ABOUT]->(:Place {code: "3415"}) RETURN count(d)')).toBe(1);
    expect(await count(graph, 'MATCH (:Policy {title: "安徽省2019年贫困县退出实施方案"})-[r:APPLIES_TO]->(p:County) WHERE p.code IN ["341522", "341524"] RETURN count(r)')).toBe(2);
    expect(await count(graph, 'MATCH (:Program {name: "金融扶贫"})-[r:IMPLEMENTED_IN]->(:Village {code: "341222129201"}) RETURN count(r)')).toBe(1);
    expect(await count(graph, 'MATCH (f:Figure {surface: "13741户", value: 13741, unit: "户"})-[:MEASURES]->(:Place {code: "3406"}) RETURN count(f)')).toBe(1);
    expect(await count(graph, 'MATCH (f:Figure)-[r:REPORTED_IN]->(:Document) WHERE r.sentence IS NULL OR r.start IS NULL RETURN count(f)')).toBe(0);
    // The damaged report yields no figures and is flagged.
    expect(await count(graph, 'MATCH (d:Document {id: "samples/002_30866e180903b284", digitsDamaged: true}) RETURN count(d)')).toBe(1);
    expect(await count(graph, 'MATCH (:Figure)-[:REPORTED_IN]->(:Document {id: "samples/002_30866e180903b284"}) RETURN count(*)')).toBe(0);
    expect(await count(graph, 'MATCH (r:Run)-[:PROCESSED]->(:Document) RETURN count(DISTINCT r)')).toBe(1);
  });
});
