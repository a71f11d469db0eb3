import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../pipeline/neo4j/connect.ts';
import { buildReport } from '../../pipeline/report/build-report.ts';
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
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('<svg class="bars"');
    expect(html).toContain('<table class="heat">');
    // 产业扶贫资金4268万元 of the 淮北 report, linked to its evidence row.
    expect(html).toMatch(/淮北市 · 产业扶贫<\/text><rect[^>]*><title>淮北市 产业扶贫: 4268\.0万元/);
    expect(html).toContain('投入产业扶贫资金4268万元');
  });

  it('writes the same data as CSV', () => {
    const reach = readFileSync(files.csv[0]!, 'utf8').split('\n');
    expect(reach[0]).toBe('city,cityCode,program,places,counties,townships,villages,documents,fundsYuan,beneficiaries,beneficiaryHouseholds');
    expect(reach.some((l) => l.startsWith('阜阳市,3412,产业扶贫,'))).toBe(true);
  });

  it.skipIf(!chromium)('renders in headless Chromium with its charts', () => {
    const profile = mkdtempSync(join(tmpdir(), 'fupin-chromium-'));
    const dom = execFileSync(chromium!, [...HEADLESS, `--user-data-dir=${profile}`, '--dump-dom', `file://${files.html}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
    expect(dom).toContain('Program reach across cities');
    expect((dom.match(/<rect /g) ?? []).length).toBeGreaterThan(5);
    const png = join(profile, 'report.png');
    execFileSync(chromium!, [...HEADLESS, `--user-data-dir=${profile}`, '--window-size=1200,1600', `--screenshot=${png}`, `file://${files.html}`], { stdio: 'ignore', timeout: 60_000 });
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
