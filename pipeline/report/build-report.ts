/**
 * `fupin-kg report`: a self-contained HTML page (no network needed to open it) a researcher
 * can cite, and its data as CSV:
 * - places reached, city × program (a heatmap);
 * - funds per program per city and year, as small multiples (one panel and one scale per
 *   program, so cities compare within a program and small cities stay visible);
 * - 贫困发生率 over time per place (from metric-over-time);
 * - the city table and the county table, and every money figure with its sentence and whether
 *   it adds to the totals (the totals add only what adds up: queries/fragments/totals.cypher).
 * Every number links to the rows it rests on; a total nobody reported is blank, never 0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv, type Row } from '../cli/format.ts';
import { findQuery, runRead } from '../neo4j/ask.ts';
import type { Graph } from '../neo4j/connect.ts';
import { lineChart, smallMultiples, yuan, type Panel, type Series } from './charts.ts';
import { COLUMN_GUIDE } from './columns.ts';

export interface ReportFiles {
  html: string;
  csv: string[];
  guide: string;
}

export interface ReportData {
  reachByCity: Row[];
  reachByCounty: Row[];
  funds: Row[];
  figures: Row[];
  povertyRates: Row[];
  documents: Row[];
}

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('zh-CN') : String(v));
const money = (v: unknown) => (v === null || v === undefined ? '' : `${yuan(Number(v))}元`);
const anchor = (...parts: unknown[]) => parts.map((p) => String(p ?? '').replace(/[^\p{L}\p{N}]+/gu, '_')).join('-');

async function ask(graph: Graph, name: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const q = findQuery(name);
  const all = Object.fromEntries(q.params.map((p) => [p.name, null]));
  return runRead(graph, q.text, { ...all, ...params });
}

export async function readReportData(graph: Graph): Promise<ReportData> {
  const reachByCity = await ask(graph, 'program-reach-by-city');
  const provinces = [...new Set((await ask(graph, 'figures', { category: 'poverty_rate' })).map((r) => r.province).filter(Boolean))] as string[];
  const { records } = await graph.driver.executeQuery('MATCH (p:Province) WHERE p.name IN $names RETURN p.code AS code', { names: provinces }, { database: graph.database, routing: 'READ' });
  const povertyRates: Row[] = [];
  for (const r of records) povertyRates.push(...(await ask(graph, 'metric-over-time', { place: r.get('code'), category: 'poverty_rate' })));
  return {
    reachByCity,
    reachByCounty: await ask(graph, 'program-reach-by-county'),
    funds: await ask(graph, 'program-funds-evidence'),
    figures: await ask(graph, 'figures'),
    povertyRates,
    documents: await ask(graph, 'documents'),
  };
}

export async function buildReport(graph: Graph, outDir: string, options: { excel?: boolean } = {}): Promise<ReportFiles> {
  const data = await readReportData(graph);
  mkdirSync(outDir, { recursive: true });
  // A byte-order mark lets a spreadsheet on Chinese Windows read the CSV as UTF-8.
  const bom = options.excel ? '\uFEFF' : '';
  const csv: [string, Row[]][] = [
    ['program-reach-by-city.csv', data.reachByCity],
    ['program-reach-by-county.csv', data.reachByCounty],
    ['program-funds-evidence.csv', data.funds],
    ['figures.csv', data.figures],
  ];
  const files = csv.map(([name, rows]) => {
    const file = join(outDir, name);
    writeFileSync(file, `${bom}${formatCsv(rows)}\n`);
    return file;
  });
  const guide = join(outDir, 'columns.md');
  writeFileSync(guide, COLUMN_GUIDE);
  const html = join(outDir, 'index.html');
  writeFileSync(html, renderHtml(data));
  return { html, csv: files, guide };
}

/** 2019 / 2018–2020 / 年份不详 */
function yearSpan(years: unknown[]): string {
  const ys = [...new Set(years.filter((y) => y !== null && y !== undefined).map(Number))].sort();
  if (ys.length === 0) return '年份不详';
  return ys.length === 1 ? String(ys[0]) : `${ys[0]}–${ys.at(-1)}`;
}

export function renderHtml(data: ReportData): string {
  const { reachByCity, reachByCounty, funds, povertyRates, documents } = data;
  const pairs = new Map<string, Row>();
  for (const r of reachByCity) if (!pairs.has(`${r.cityCode}|${r.program}`)) pairs.set(`${r.cityCode}|${r.program}`, r);
  const cities = [...new Map([...pairs.values()].map((r) => [String(r.cityCode), String(r.city)])).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const programs = [...new Set([...pairs.values()].map((r) => String(r.program)))].sort();
  const maxPlaces = Math.max(1, ...[...pairs.values()].map((r) => Number(r.places) + (r.cityItself ? 1 : 0)));
  const heat = (n: number) => `rgba(180, 40, 40, ${n === 0 ? 0.08 : 0.2 + (0.8 * n) / maxPlaces})`;
  const heatmap = `<table class="heat"><thead><tr><th>市 city \\ 项目 program</th>${programs.map((p) => `<th class="rot"><span>${esc(p)}</span></th>`).join('')}</tr></thead><tbody>${cities.map(([code, name]) => `<tr><th>${esc(name)}</th>${programs.map((p) => {
    const r = pairs.get(`${code}|${p}`);
    if (!r) return '<td class="none"></td>';
    const places = Number(r.places) + (r.cityItself ? 1 : 0);
    const title = `${name} · ${p}: ${r.cityItself ? '全市 and ' : ''}${r.places} places below the city (${r.counties} counties, ${r.townships} townships, ${r.villages} villages) in ${r.documents} document(s)`;
    return `<td style="background:${heat(places)}" title="${esc(title)}"><a href="#${anchor('city', code, p)}">${places}</a></td>`;
  }).join('')}</tr>`).join('')}</tbody></table>`;

  // Funds: one panel per program, a bar per city and year; years never mixed in one bar.
  const panels: Panel[] = programs.map((program) => ({
    title: program,
    bars: reachByCity.filter((r) => r.program === program && r.fundsYuan !== null && r.fundsYuan !== undefined).map((r) => ({
      label: `${r.city} ${r.year ?? '?'}`,
      value: Number(r.fundsYuan),
      years: yearSpan([r.year]),
      href: `#${anchor('fund', r.cityCode, program)}`,
      title: `${r.city} ${program} ${r.year ?? '年份不详'}: ${yuan(Number(r.fundsYuan))}元 from ${r.fundsFigures} figure(s) in ${r.figureDocuments} document(s)`,
    })).sort((a, b) => b.value - a.value),
  })).filter((p) => p.bars.length > 0);
  const fundsChart = panels.length === 0 ? '<p>尚无与项目关联的资金数字。No money figures are linked to a program yet.</p>'
    : smallMultiples(panels, { unitLabel: '资金 funds (元, yuan)', format: yuan });

  // 贫困发生率 over time: one line per place with at least two years.
  const byPlace = new Map<string, Row[]>();
  for (const r of povertyRates) if (r.year !== null && r.year !== undefined) byPlace.set(String(r.place), [...(byPlace.get(String(r.place)) ?? []), r]);
  const series: Series[] = [...byPlace.entries()].filter(([, rows]) => new Set(rows.map((r) => r.year)).size >= 2).map(([place, rows]) => ({
    name: place,
    points: [...new Map(rows.map((r) => [Number(r.year), r])).values()].map((r) => ({ x: Number(r.year), y: Number(r.value), href: `#${anchor('doc', r.document)}`, title: `${place} ${r.year}: ${r.metric} ${r.value}% — ${String(r.evidence ?? '').slice(0, 80)}` })),
  }));
  const rateChart = series.length === 0 ? '<p>没有一个地方有两个年份以上的贫困发生率。No place has a poverty rate for two or more years.</p>'
    : lineChart(series, { xLabel: '年份 year', yLabel: '贫困发生率 poverty rate (%)', format: (v) => `${v}%` });

  const cityRows = reachByCity.map((r) => `<tr id="${anchor('city', r.cityCode, r.program)}"><td>${esc(r.province)}</td><td>${esc(r.city)}</td><td>${esc(r.program)}</td><td class="n">${esc(r.places)}</td><td>${r.cityItself ? '是' : ''}</td><td class="n">${esc(r.counties)}</td><td class="n">${esc(r.townships)}</td><td class="n">${esc(r.villages)}</td><td class="n">${esc(r.documents)}</td><td class="n">${esc(r.year)}</td><td class="n"><a href="#${anchor('fund', r.cityCode, r.program)}">${esc(money(r.fundsYuan))}</a></td><td class="n">${esc(num(r.beneficiaries))}</td><td class="n">${esc(num(r.beneficiaryHouseholds))}</td><td class="n">${esc(Number(r.fundsFigures ?? 0) + Number(r.peopleFigures ?? 0) + Number(r.householdFigures ?? 0) || '')}</td><td class="n">${esc(r.figureDocuments)}</td></tr>`).join('');
  const countyRows = reachByCounty.map((r) => `<tr><td>${esc(r.city)}</td><td>${esc(r.county)}</td><td>${esc(r.program)}</td><td class="n">${esc(r.places)}</td><td class="n">${esc(r.townships)}</td><td class="n">${esc(r.villages)}</td><td class="n">${esc(r.documents)}</td><td class="n">${esc(r.year)}</td><td class="n">${esc(money(r.fundsYuan))}</td><td class="n">${esc(num(r.beneficiaries))}</td><td class="n">${esc(num(r.beneficiaryHouseholds))}</td></tr>`).join('');
  const seen = new Set<string>();
  const fundRows = funds.map((f) => {
    const id = anchor('fund', f.cityCode, f.program);
    const attr = seen.has(id) ? '' : ` id="${id}"`;
    seen.add(id);
    return `<tr${attr} class="${f.counted ? '' : 'excluded'}"><td>${esc(f.city)}</td><td>${esc(f.program)}</td><td class="n">${esc(f.surface)}</td><td>${esc(f.metric)}</td><td class="n">${esc(f.year)}</td><td>${esc(f.place)}</td><td>${f.counted ? '计入 counted' : `不计 not counted: ${esc(f.notCountedBecause)}`}</td><td><a href="#${anchor('doc', f.document)}"><code>${esc(f.document)}</code></a> @${esc(f.start)}–${esc(f.end)}</td><td class="ev">${esc(f.evidence)}</td></tr>`;
  }).join('');
  const docRows = documents.map((d) => `<tr id="${anchor('doc', d.document)}">${Object.values(d).map((v) => `<td>${esc(Array.isArray(v) ? v.join(', ') : v)}</td>`).join('')}</tr>`).join('');
  const docHead = documents[0] ? Object.keys(documents[0]).map((k) => `<th>${esc(k)}</th>`).join('') : '';

  return `<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>扶贫项目覆盖 · fupin-kg program reach across cities</title>
<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 4px 6px; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.heat td { width: 34px; text-align: center; } table.heat td.none { background: #fafafa; }
table.heat a { color: #000; text-decoration: none; }
th.rot { height: 110px; white-space: nowrap; vertical-align: bottom; } th.rot span { writing-mode: vertical-rl; }
svg.chart .bar { fill: #b42828; } svg.chart a:hover .bar { fill: #e05050; }
svg.chart .lbl, svg.chart .val { font-size: 11px; } svg.chart .tick { font-size: 10px; fill: #555; }
svg.chart .ptitle { font-size: 13px; font-weight: bold; } svg.chart .atitle { font-size: 11px; fill: #333; }
svg.chart .grid { stroke: #eee; } svg.chart .axis { stroke: #555; }
td.ev { max-width: 520px; } tr:target { background: #fff3b0; } tr.excluded { color: #888; }
.note { color: #555; font-size: 12px; max-width: 900px; }
</style></head><body>
<h1>扶贫项目覆盖与投入 · Program reach across cities</h1>
<p class="note">${documents.length} 份报告 documents · ${cities.length} 个市 cities · ${programs.length} 个项目 programs. 由 fupin-kg 从图谱生成 (generated from the graph); 每个数字都链接到它所依据的行和原句 (every number links to its rows and sentences). 合计只加总可加的数字: 整体数 (不是户均、人均等比率, 不是"其中"部分), 同一事实只计一次, 按年份分列; 未报告的为空, 不是 0. Totals add only what adds up: whole figures (no rates, no parts), each fact once, split by year; not reported is blank, never 0.</p>
<h2>各市项目覆盖的地方 · Places reached, city × program</h2>
<p class="note">单元格: 项目所到的不同地方数 (含全市本身时计 1). Cell: distinct places the program reached, counting the city itself when the reports name it (hover for the split). Click a cell for its row.</p>
${heatmap}
<h2>各项目分市资金 · Funds per program, by city and year</h2>
<p class="note">每个项目一个面板, 各自刻度 (one panel and one scale per program: compare cities within a program). 每根柱是一个市一年 (a bar per city and year). Click a bar for its evidence.</p>
${fundsChart}
<h2>贫困发生率 · Poverty rate over time</h2>
<p class="note">From the named query <code>metric-over-time</code> (category poverty_rate), one line per place with two or more years.</p>
${rateChart}
<h2>市级表 · City table</h2>
<table><thead><tr><th>省 province</th><th>市 city</th><th>项目 program</th><th>市以下地方 places below the city</th><th>含全市 city itself</th><th>县 counties</th><th>乡镇 townships</th><th>村 villages</th><th>报告 documents</th><th>年份 year</th><th>资金 funds</th><th>受益人数 beneficiaries (人)</th><th>受益户数 households (户)</th><th>数字 figures</th><th>数字所在报告 documents of the figures</th></tr></thead><tbody>${cityRows}</tbody></table>
<h2>县级表 · County table</h2>
<table><thead><tr><th>市 city</th><th>县 county</th><th>项目 program</th><th>县以下地方 places below</th><th>乡镇 townships</th><th>村 villages</th><th>报告 documents</th><th>年份 year</th><th>资金 funds</th><th>受益人数 (人)</th><th>受益户数 (户)</th></tr></thead><tbody>${countyRows}</tbody></table>
<h2>资金数字及原句 · Money figures and their evidence</h2>
<table><thead><tr><th>市 city</th><th>项目 program</th><th>数字 figure</th><th>指标 metric</th><th>年份 year</th><th>地方 place</th><th>是否计入合计 in the totals</th><th>报告 @ 位置 document @ offsets</th><th>原句 sentence</th></tr></thead><tbody>${fundRows}</tbody></table>
<h2>报告 · Documents</h2>
<table><thead><tr>${docHead}</tr></thead><tbody>${docRows}</tbody></table>
</body></html>
`;
}
