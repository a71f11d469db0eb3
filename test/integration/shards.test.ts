/**
 * Users who outgrow one machine split a run with --shard i/n across machines against one
 * server: two shards running at the same time give the same graph as one run.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import { emptyDatabase, emptyGraphForEachTest, REPORTS, snapshot, testConfig } from '../helpers/graph.ts';

describe('shards', () => {
  let graph: Graph;
  emptyGraphForEachTest((g) => (graph = g));

  it('two shards (0/2 and 1/2) run at the same time against one server give the same graph as one run', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fupin-shards-')), 'reports');
    cpSync(REPORTS, dir, { recursive: true });
    // Each machine has its own output folder (and lock); the collection is the same folder.
    const machine = () => testConfig({ input: { reports: dir, collection: 'shared-reports' } });
    const [a, b] = await Promise.all([
      runPipeline({ config: machine(), graph, shard: '0/2' }),
      runPipeline({ config: machine(), graph, shard: '1/2' }),
    ]);
    expect(a.status).toBe('ok');
    expect(b.status).toBe('ok');
    // The shards split the documents between them, each document once.
    expect(a.documents.loaded + b.documents.loaded).toBe(5);
    expect(a.documents.loaded).toBeGreaterThan(0);
    expect(b.documents.loaded).toBeGreaterThan(0);
    const sharded = await snapshot(graph);
    await emptyDatabase(graph);
    await runPipeline({ config: machine(), graph });
    expect(sharded).toEqual(await snapshot(graph));
    // A rerun of one shard leaves the other shard's documents alone.
    const rerun = await runPipeline({ config: machine(), graph, shard: '0/2' });
    expect(rerun.documents).toMatchObject({ removed: 0, loaded: 0 });
    expect(await snapshot(graph)).toEqual(sharded);
  });
});
