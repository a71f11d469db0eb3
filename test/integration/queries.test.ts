import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../pipeline/gazetteer/divisions.ts';
import { findQuery, resolveParams, resolvePlace, runRead } from '../../pipeline/neo4j/ask.ts';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { askQueries } from '../../pipeline/neo4j/queries.ts';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import { emptyDatabase, testConfig, testGraph } from '../helpers/graph.ts';

describe('the analyst questions on the five sample reports', () => {
  let graph: Graph;
  const ask = async (name: string, pairs: string[] = []) => {
    const q = findQuery(name);
    return runRead(graph, q.text, await resolveParams(graph, await loadDivisions(), q, pairs));
  };
  beforeAll(async () => {
    graph = await testGraph();
    await emptyDatabase(graph);
    await runPipeline({ config: testConfig(), graph });
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });

  it('every named query runs and documents its parameters', async () => {
    for (const q of askQueries()) {
      expect(q.description.length, q.name).toBeGreaterThan(20);
      const params = Object.fromEntries(q.params.map((p) => [p.name, null]));
      await expect(runRead(graph, q.text, params), q.name).resolves.toBeInstanceOf(Array);
    }
  });

  it('the Browser style reads one rule per line (Browser fails on a rule over several) and captions every node by properties it has', async () => {
    const grass = readFileSync(resolve(import.meta.dirname, '../../queries/browser/fupin.grass'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const rules = grass.split('\n').filter((l) => l.trim());
    for (const rule of rules) expect(rule).toMatch(/^(node|relationship)(\.\w+)? \{( [\w-]+: (?:'[^']*'|[^;{}'])+;)+ \}$/);
    const captions = rules.flatMap((r) => {
      const m = /^node\.(\w+) .*caption: '([^']+)'/.exec(r);
      return m ? [{ label: m[1]!, props: [...m[2]!.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!) }] : [];
    });
    expect(captions.map((c) => c.label)).toEqual(expect.arrayContaining(['Place', 'Program', 'Policy', 'Figure', 'Document']));
    for (const { label, props } of captions) {
      const { records } = await graph.driver.executeQuery(`MATCH (n:\`${label}\`) WITH collect(n) AS ns RETURN size(ns) AS n, [p IN $props | size([x IN ns WHERE x[p] IS NOT NULL])] AS have`, { props }, { database: graph.database });
      const n = Number(records[0]!.get('n'));
      if (label !== 'Run' && label !== 'Nation') expect(n, label).toBeGreaterThan(0);
      expect((records[0]!.get('have') as unknown[]).map(Number), `${label} ${props.join(', ')}`).toEqual(props.map(() => n));
    }
  });

  it('policies-reaching-counties: 安徽省2019年贫困县退出实施方案 reaches 霍邱县 and 金寨县', async () => {
    const rows = await ask('policies-reaching-counties', ['policy=贫困县退出']);
    expect(rows.map((r) => r.county).sort()).toEqual(['金寨县', '霍邱县']);
    expect(rows[0]).toMatchObject({ policy: '安徽省2019年贫困县退出实施方案', issuer: ['安徽省'], year: 2019, documents: ['samples/003_3847208e6bb776c7'] });
  });

  it('program-places: the microloan of 太和县\'s 港南村 reaches it as 金融扶贫, and only as that (v2)', async () => {
    const rows = await ask('program-places', ['program=金融扶贫', 'place=阜阳']);
    expect(rows.map((r) => r.place)).toContain('港南村');
    expect(rows.find((r) => r.place === '港南村')?.evidence).toContain('港南村');
    const industry = await ask('program-places', ['program=产业扶贫', 'place=阜阳']);
    expect(industry.map((r) => r.place)).not.toContain('港南村');
  });

  it('program-reach-by-city counts places, documents and funds per city and program', async () => {
    const loans = await ask('program-reach-by-city', ['program=金融扶贫']);
    // 港南村 (太和县马集乡港南村 … 金融扶贫贷款).
    expect(loans.find((r) => r.city === '阜阳市')).toMatchObject({ villages: 1, documents: 1 });
    const rows = await ask('program-reach-by-city', ['program=产业扶贫']);
    const huaibei = rows.find((r) => r.city === '淮北市');
    // 产业扶贫资金4268万元 in the 淮北 report.
    expect(Number(huaibei?.fundsYuan)).toBeGreaterThanOrEqual(42_680_000);
  });

  it('county-received: what 金寨县 received, by program and year, with each figure\'s sentence', async () => {
    const rows = await ask('county-received', ['place=金寨县']);
    // 在2019年金寨县完成省下达的1544人搬迁安置任务: 易地扶贫搬迁 named right after the figure.
    expect(rows.map((r) => [r.year, r.program, r.measure, r.value, r.counted])).toEqual([[2019, '易地扶贫搬迁', 'people', 1544, true]]);
    expect(rows[0]!.programPeopleThisYear).toBe(1544);
    expect(String(rows[0]!.evidence)).toContain('1544人搬迁安置任务');
  });

  it('county-received: 定州市 by year and program, its totals adding only whole figures', async () => {
    const rows = await ask('county-received', ['place=定州市']);
    expect(rows.length).toBeGreaterThan(10);
    // Sorted by year, then program.
    const keys = rows.map((r) => `${r.year}|${r.program}`);
    expect(keys).toEqual([...keys].sort());
    // Each program-year total is the sum of the counted figures of that measure.
    for (const r of rows.filter((x) => x.measure === 'funds')) {
      const counted = rows.filter((x) => x.program === r.program && x.year === r.year && x.measure === 'funds' && x.counted);
      expect(r.programFundsThisYear).toBe(counted.length === 0 ? null : counted.reduce((a, x) => a + Number(x.value), 0));
    }
    // A figure per beneficiary is a rate, listed but not counted (企业每吸纳1人…奖补1000元).
    expect(rows.every((r) => r.counted || r.notCountedBecause)).toBe(true);
  });

  it('integers are integers: years, counts of 户 and 人, offsets; money stays a float', async () => {
    const [row] = await runRead(graph, `MATCH (f:Figure {unit: '户'})-[r:REPORTED_IN]->(d:Document)
      RETURN valueType(f.value) AS value, valueType(f.year) AS year, valueType(r.start) AS start, valueType(d.reportYear) AS reportYear LIMIT 1`, {});
    expect(row).toEqual({ value: 'INTEGER NOT NULL', year: 'INTEGER NOT NULL', start: 'INTEGER NOT NULL', reportYear: 'INTEGER NOT NULL' });
    const [money] = await runRead(graph, "MATCH (f:Figure {unit: '元'}) RETURN valueType(f.value) AS value LIMIT 1", {});
    expect(money!.value).toBe('FLOAT NOT NULL');
  });

  it('the national node is a :Nation, not a :Province', async () => {
    const [row] = await runRead(graph, "MATCH (n:Place {code: 'CN'}) RETURN labels(n) AS labels", {});
    expect(row!.labels).toEqual(expect.arrayContaining(['Place', 'Nation']));
    expect(row!.labels).not.toContain('Province');
  });

  it('place-profile is sorted by kind and gives figures as numbers with their evidence', async () => {
    const rows = await ask('place-profile', ['place=淮北市']);
    const kinds = rows.map((r) => r.kind);
    const order = ['parent', 'program', 'policy', 'figure', 'mentioned in'];
    expect(kinds.map((k) => order.indexOf(String(k)))).toEqual([...kinds.map((k) => order.indexOf(String(k)))].sort((a, b) => a - b));
    const rate = rows.find((r) => r.kind === 'figure' && r.item === '贫困发生率' && r.year === 2019);
    expect(rate).toMatchObject({ value: 0.1, unit: '%' });
    expect(String(rate!.evidence)).toContain('0.1%');
  });

  it('metric-over-time: 贫困发生率 of 淮北市 by year with the evidence sentence', async () => {
    const rows = await ask('metric-over-time', ['place=淮北市', 'category=poverty_rate']);
    expect(rows.map((r) => [r.year, r.value])).toEqual([[2014, 2.7], [2019, 0.1]]);
    expect(String(rows[0]?.evidence)).toContain('贫困发生率由2014年的2.7%降至2019年的0.1%');
  });

  it('place-profile: parents, programs, policies, figures and documents of 金寨县', async () => {
    const rows = await ask('place-profile', ['place=金寨']);
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ['parent', 'policy', 'figure', 'mentioned in']) expect(kinds.has(k), k).toBe(true);
    expect(rows.filter((r) => r.kind === 'parent').map((r) => r.item)).toEqual(['六安市', '安徽省']);
  });

  it('fact-provenance: the document, sentence and offsets of a program–place edge', async () => {
    const rows = await ask('fact-provenance', ['program=金融扶贫', 'place=341222129201']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ document: 'samples/002_30866e180903b284', source: '002_30866e180903b284.txt' });
    expect(Number(rows[0]?.end)).toBeGreaterThan(Number(rows[0]?.start));
    expect(String(rows[0]?.sentence)).not.toContain('刘维申');
  });

  it('data-quality: the damaged report and the last run', async () => {
    const rows = await ask('data-quality');
    expect(rows).toContainEqual(expect.objectContaining({ issue: 'damaged document', item: 'samples/002_30866e180903b284' }));
    expect(rows.find((r) => r.issue === 'last run')?.detail).toMatch(/^ok: 0 failed, 0 quarantined, 5 loaded/);
  });

  it('a place given by name resolves to its code; an ambiguous name lists the candidates', async () => {
    const divisions = await loadDivisions();
    expect(await resolvePlace(graph, divisions, '六安')).toBe('3415');
    expect(await resolvePlace(graph, divisions, '六安市')).toBe('3415');
    expect(await resolvePlace(graph, divisions, '3415')).toBe('3415');
    await expect(resolvePlace(graph, divisions, '朝阳')).rejects.toThrow(/ambiguous; pass one of these codes: 2113 朝阳市; 110105 朝阳区/);
  });

  it('named queries run in read transactions: a write is refused', async () => {
    await expect(runRead(graph, 'CREATE (:Intruder)', {})).rejects.toThrow(/write|read/i);
  });
});

describe('county-received on reports the rules were not written for (../shared/corpus)', () => {
  const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/docs');
  let graph: Graph;
  beforeAll(async () => {
    graph = await testGraph();
    await emptyDatabase(graph);
    const dir = mkdtempSync(join(tmpdir(), 'fupin-corpus-'));
    for (const f of ['c21.txt', 'c40.txt']) cpSync(join(CORPUS, f), join(dir, f));
    await runPipeline({ config: testConfig({ input: { reports: dir } }), graph });
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });

  it('武定县 (a 云南 county report): rates are listed but not counted; each total is the sum of the counted figures of its year', async () => {
    const q = findQuery('county-received');
    const rows = await runRead(graph, q.text, await resolveParams(graph, await loadDivisions(), q, ['place=武定县']));
    expect(rows.length).toBeGreaterThan(3);
    const rates = rows.filter((r) => String(r.notCountedBecause ?? '').startsWith('rate per'));
    expect(rates.length).toBeGreaterThan(0);
    const totalOf = { funds: 'programFundsThisYear', people: 'programPeopleThisYear', households: 'programHouseholdsThisYear' } as const;
    for (const r of rows) {
      const counted = rows.filter((x) => x.program === r.program && x.year === r.year && x.measure === r.measure && x.counted);
      const sum = counted.length === 0 ? null : counted.reduce((a, x) => a + Number(x.value), 0);
      expect(r[totalOf[r.measure as keyof typeof totalOf]], `${r.program} ${r.year} ${r.measure}`).toBe(sum);
    }
  });

  it('a bracketed breakdown (c21, a 儋州 township) is part of its whole, not added to it', async () => {
    const rows = await runRead(graph, findQuery('figures').text, { category: null });
    const parts = rows.filter((r) => r.partOf !== null && r.document === rows.find((x) => x.figure === r.partOf)?.document);
    expect(parts.length).toBeGreaterThan(0);
    const reach = await runRead(graph, findQuery('program-reach-by-county').text, { program: '兜底保障' });
    const whole = rows.filter((r) => r.program === '兜底保障' && r.unit === '户' && r.partOf === null && r.per === null);
    const total = reach.reduce((a, r) => a + Number(r.beneficiaryHouseholds ?? 0), 0);
    expect(total).toBeLessThanOrEqual(whole.reduce((a, r) => a + Number(r.value), 0));
  });
});
