import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExtractionRecord } from '../../schemas/index.ts';
import { cli } from '../helpers/cli.ts';
import { count, emptyDatabase, REPORTS, testGraph } from '../helpers/graph.ts';
import type { Graph } from '../../pipeline/neo4j/connect.ts';

const BAD = resolve(import.meta.dirname, '../fixtures/bad-input');

describe('fupin-kg (the command-line tool)', () => {
  let graph: Graph;
  let env: NodeJS.ProcessEnv;
  let configFile: string;
  beforeAll(async () => {
    graph = await testGraph();
    await emptyDatabase(graph);
    const t = inject('neo4j');
    env = { NEO4J_URI: t.uri, NEO4J_USER: t.user, NEO4J_PASSWORD: t.password };
    const dir = mkdtempSync(join(tmpdir(), 'fupin-cli-'));
    configFile = join(dir, 'fupin.config.yaml');
    writeFileSync(configFile, `input:\n  reports: ${REPORTS}\noutput:\n  dir: ${join(dir, 'out')}\n`);
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });

  it('--help lists the commands; a wrong command is a usage error (exit 2)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['run', 'ingest', 'extract', 'load', 'query', 'cypher', 'eval', 'report', 'bench', 'neo4j']) expect(help.stdout).toContain(c);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('a broken config is reported by file and key path (exit 2)', async () => {
    const r = await cli(['--config', join(BAD, 'broken-config/fupin.config.yaml'), 'run'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken-config/fupin.config.yaml');
    expect(r.stderr).toMatch(/`input\.maxFileBytes`/);
    expect(r.stderr).toMatch(/`load\.batchSize`/);
    expect(r.stderr).toMatch(/unknownSection/);
    const yaml = await cli(['--config', join(BAD, 'broken-config/not-yaml.yaml'), 'run'], env);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/not-yaml\.yaml: not valid YAML/);
  });

  it('extract --json prints one record per document in the annotation guide\'s shape', async () => {
    const r = await cli(['extract', join(REPORTS, '003_3847208e6bb776c7.txt'), join(REPORTS, '004_d4d5ce0b380d4b18.txt'), '--json']);
    expect(r.code).toBe(0);
    const records = r.stdout.trim().split('\n').map((l) => ExtractionRecord.parse(JSON.parse(l)));
    expect(records.map((x) => [x.doc, x.subject, x.report_year])).toEqual([['003_3847208e6bb776c7.txt', '3415', 2019], ['004_d4d5ce0b380d4b18.txt', '130682', 2020]]);
    expect(records[1]!.places.find((p) => p.code === '130682109')?.surface).toEqual(['高蓬鎮']);
  });

  it('extract reports a bad file by name and exits 1, the good ones still come out', async () => {
    const r = await cli(['extract', join(BAD, 'empty/empty.txt'), join(REPORTS, '004_d4d5ce0b380d4b18.txt'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty\.txt.*EMPTY_FILE/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('run loads the reports and prints the summary; query and cypher answer from the graph', async () => {
    const run = await cli(['--config', configFile, 'run'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/documents: 5 seen, 5 loaded/);
    expect(run.stdout).toMatch(/nodes written: Document 5, Place \d+, Figure \d+/);
    expect(run.stdout).toMatch(/Q: Program reach across cities/);
    expect(await count(graph, 'MATCH (d:Document) RETURN count(d)')).toBe(5);

    const csv = await cli(['--config', configFile, 'query', 'policies-reaching-counties', '--param', 'policy=贫困县退出', '--format', 'csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('policy,issuer,year,countyCode,county,how,documents');
    expect(csv.stdout).toContain('安徽省2019年贫困县退出实施方案,安徽省,2019,341522,霍邱县');

    const table = await cli(['--config', configFile, 'cypher', 'MATCH (p:Place {code: $code}) RETURN p.name AS name', '--param', 'code=3415'], env);
    expect(table.stdout).toContain('六安市');
  });

  it('cypher refuses writes without --write', async () => {
    const refused = await cli(['--config', configFile, 'cypher', 'CREATE (:Scratch {n: 1})'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pass --write/);
    expect(await count(graph, 'MATCH (n:Scratch) RETURN count(n)')).toBe(0);
    const allowed = await cli(['--config', configFile, 'cypher', 'CREATE (:Scratch {n: 1})', '--write'], env);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(await count(graph, 'MATCH (n:Scratch) RETURN count(n)')).toBe(1);
  });
});
