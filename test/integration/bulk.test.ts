/**
 * The bulk first build (neo4j-admin database import full) builds the same graph as the
 * transactional path from the same reports, node by node and property by property, and later
 * runs go on incrementally.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import { count, emptyDatabase, snapshot, testConfig, testGraph } from '../helpers/graph.ts';
import { TEST_HOME } from '../helpers/neo4j.global.ts';

const t = inject('neo4j');

describe.runIf(t.kind === 'local')('the bulk first build', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await testGraph();
    await emptyDatabase(graph);
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });

  it('equals the transactional build of the same reports; the next run is incremental', async () => {
    // The test server is the local one of TEST_HOME: the bulk path may stop and restart it.
    const config = testConfig({ neo4j: { uri: t.uri, user: t.user, password: t.password, database: t.database, local: { home: TEST_HOME, heapMb: 768, pagecacheMb: 128, http: false, startTimeoutMs: 180_000 } } });
    const transactional = await runPipeline({ config, graph });
    expect(transactional.loadPath.path).toBe('transactional');
    const expected = await snapshot(graph);
    await emptyDatabase(graph);

    const bulk = await runPipeline({ config, graph, loadPath: { path: 'bulk', reason: 'test' } });
    expect(bulk.status).toBe('ok');
    expect(bulk.loadPath.path).toBe('bulk');
    expect(bulk.documents.loaded).toBe(5);
    expect(bulk.nodesByLabel.Figure).toBe(transactional.nodesByLabel.Figure);
    expect(await snapshot(graph)).toEqual(expected);
    // Constraints and indexes were created after the import, and the Run was recorded.
    expect(await count(graph, "SHOW CONSTRAINTS YIELD name WHERE name = 'document_id' RETURN count(*)")).toBe(1);
    expect(await count(graph, 'MATCH (:Run)-[:PROCESSED]->(d:Document) RETURN count(d)')).toBe(5);
    const next = await runPipeline({ config, graph });
    expect(next.documents).toMatchObject({ unchanged: 5, loaded: 0 });
  });
});
