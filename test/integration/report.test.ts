import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { buildReport } from '../../pipeline/report/build-report.ts';
import { findQuery, runRead } from '../../pipeline/neo4j/ask.ts';
import { runPipeline } from '../../pipeline/run/run-pipeline.ts';
import { emptyDatabase, testConfig, testGraph } from '../helpers/graph.ts';

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync('which', [c]).status === 0);
const HEADLESS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the researcher report', () => {
  let graph: Graph;
  let files: Awaited<ReturnType<typeof buildReport>>;
  beforeAll(async () => {
    graph = await testGraph();
    await emptyDatabase(graph);
    await runPipeline({ config: testConfig(), graph });
    files = await buildReport(graph, mkdtempSync(join(tmpdir(), 'fupin-report-')));
  });
  afterAll(async () => {
    await emptyDatabase(graph);
    await graph.close();
  });

  it('is one self-contained page: no scripts, styles or images from the network', () => {
    const html = readFileSync(files.html, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh">/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('<script');
    expect(html).toContain('<table class="heat">');
  });

  it('adds only what adds up: no rate, no part, no repeated fact in a total', async () => {
    const reach = await runRead(graph, findQuery('program-reach-by-city').text, { program: null });
    const row = (city: string, program: string) => reach.filter((r) => r.city === city && r.program === program);
    // 六安 兜底保障: 6.23亿, not 6.23亿 + 月人均补助324元 (a rate).
    expect(row('六安市', '兜底保障').map((r) => [r.year, r.fundsYuan, r.fundsFigures])).toEqual([[2019, 623000000, 1]]);
    // 六安 金融扶贫: 32.4亿 of 扶贫小额信贷; the 1.9亿 after 其中 is a part of it.
    expect(row('六安市', '金融扶贫').map((r) => [r.year, r.fundsYuan])).toEqual([[2019, 3240000000]]);
    const evidence = await runRead(graph, findQuery('program-funds-evidence').text, { program: '兜底保障' });
    const rate = evidence.find((r) => r.surface === '324元');
    expect(rate).toMatchObject({ counted: false, notCountedBecause: 'rate per 人' });
  });

  it('writes the data as CSV with province and year columns, every figure, and a column guide', () => {
    const [reach, county, funds, all] = files.csv.map((f) => readFileSync(f, 'utf8').split('\n'));
    expect(reach![0]).toBe('province,city,cityCode,program,places,cityItself,counties,townships,villages,documents,year,fundsYuan,fundsFigures,beneficiaries,peopleFigures,beneficiaryHouseholds,householdFigures,figureDocuments');
    expect(reach!.some((l) => l.startsWith('安徽省,阜阳市,3412,产业扶贫,'))).toBe(true);
    expect(county![0]).toMatch(/^province,city,county,countyCode,program,/);
    expect(funds![0]).toContain('counted,notCountedBecause');
    expect(all![0]).toMatch(/^province,city,county,place,placeCode,year,category,metric,value,unit,per,partOf,/);
    // Every figure, not only money: 贫困发生率 rows are there.
    expect(all!.some((l) => l.includes(',poverty_rate,'))).toBe(true);
    // Not reported is blank, never 0: a program with no funds figure has an empty fundsYuan.
    expect(reach!.some((l) => /,3412,[^,]+,(?:[^,]*,){6},,,/.test(l))).toBe(true);
    expect(readFileSync(files.guide, 'utf8')).toContain('## figures.csv');
  });

  it('--excel writes the CSV with a byte-order mark', async () => {
    const excel = await buildReport(graph, mkdtempSync(join(tmpdir(), 'fupin-report-excel-')), { excel: true });
    expect(readFileSync(excel.csv[0]!, 'utf8').charCodeAt(0)).toBe(0xfeff);
    expect(readFileSync(files.csv[0]!, 'utf8').charCodeAt(0)).not.toBe(0xfeff);
  });

  it.skipIf(!chromium)('renders in headless Chromium: charts with bars, labelled axes and a legend', () => {
    const profile = mkdtempSync(join(tmpdir(), 'fupin-chromium-'));
    const dom = execFileSync(chromium!, [...HEADLESS, `--user-data-dir=${profile}`, '--dump-dom', `file://${files.html}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
    const charts = [...dom.matchAll(/<svg class="chart ([a-z]+)"[\s\S]*?<\/svg>/g)];
    expect(charts.map((c) => c[1])).toEqual(['multiples', 'line']);
    const [multiples, line] = charts.map((c) => c[0]);
    expect((multiples!.match(/<rect /g) ?? []).length).toBeGreaterThan(5);
    expect(multiples).toContain('资金 funds (元, yuan)');
    expect(multiples).toMatch(/class="ptitle">产业扶贫</);
    expect(multiples).toMatch(/class="tick"[^>]*>[^<]+亿</);
    expect(line).toContain('年份 year');
    expect(line).toContain('贫困发生率 poverty rate (%)');
    expect(line).toMatch(/class="legend"><rect[^>]*>(?:<\/rect>)?<text[^>]*>淮北市</);
    expect((line!.match(/<circle /g) ?? []).length).toBeGreaterThanOrEqual(2);
    // The README's picture of the report is this rendering (FUPIN_WRITE_DOCS=1 refreshes it).
    const png = process.env.FUPIN_WRITE_DOCS === '1' ? resolve(import.meta.dirname, '../../docs/report.png') : join(profile, 'report.png');
    execFileSync(chromium!, [...HEADLESS, `--user-data-dir=${profile}`, '--window-size=1200,1800', `--screenshot=${png}`, `file://${files.html}`], { stdio: 'ignore', timeout: 60_000 });
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
