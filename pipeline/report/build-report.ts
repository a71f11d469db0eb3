/**
 * `fupin-kg report`: a self-contained HTML page (no network needed to open it) comparing
 * program reach across cities: a city × program heatmap of places reached, funds per program
 * per city, and every money figure with its evidence sentence, plus the same data as CSV.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv, type Row } from '../cli/format.ts';
import { findQuery, runRead } from '../neo4j/ask.ts';
import type { Graph } from '../neo4j/connect.ts';

export interface ReportFiles {
  html: string;
  csv: string[];
}

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const yuan = (v: number) => (v >= 1e8 ? `${(v / 1e8).toFixed(2)}亿元` : v >= 1e4 ? `${(v / 1e4).toFixed(1)}万元` : `${v}元`);

export async function buildReport(graph: Graph, outDir: string): Promise<ReportFiles> {
  const reach = await runRead(graph, findQuery('program-reach-by-city').text, { program: null });
  const funds = await runRead(graph, findQuery('program-funds-evidence').text, { program: null });
  const documents = await runRead(graph, findQuery('documents').text, {});
  mkdirSync(outDir, { recursive: true });
  const files = { reach: join(outDir, 'program-reach-by-city.csv'), funds: join(outDir, 'program-funds-evidence.csv'), html: join(outDir, 'index.html') };
  writeFileSync(files.reach, `${formatCsv(reach)}\n`);
  writeFileSync(files.funds, `${formatCsv(funds)}\n`);
  writeFileSync(files.html, renderHtml(reach, funds, documents));
  return { html: files.html, csv: [files.reach, files.funds] };
}

export function renderHtml(reach: Row[], funds: Row[], documents: Row[]): string {
  const cities = [...new Set(reach.map((r) => String(r.city)))].sort();
  const programs = [...new Set(reach.map((r) => String(r.program)))].sort();
  const cell = new Map(reach.map((r) => [`${r.city}|${r.program}`, r]));
  const maxPlaces = Math.max(1, ...reach.map((r) => Number(r.places)));
  const heat = (n: number) => `rgba(180, 40, 40, ${n === 0 ? 0.08 : 0.2 + (0.8 * n) / maxPlaces})`;
  const heatmap = `<table class="heat"><thead><tr><th>city \\ program</th>${programs.map((p) => `<th class="rot"><span>${esc(p)}</span></th>`).join('')}</tr></thead><tbody>${cities.map((c) => `<tr><th>${esc(c)}</th>${programs.map((p) => {
    const r = cell.get(`${c}|${p}`);
    if (!r) return '<td class="none"></td>';
    const places = Number(r.places);
    const title = `${c} · ${p}: ${places} places (${r.counties} counties, ${r.townships} townships, ${r.villages} villages) in ${r.documents} document(s)`;
    return `<td style="background:${heat(places)}" title="${esc(title)}"><a href="#reach-${esc(r.cityCode)}-${esc(p)}">${places}</a></td>`;
  }).join('')}</tr>`).join('')}</tbody></table>`;

  const sums = new Map<string, { city: string; program: string; total: number; ids: string[] }>();
  for (const f of funds) {
    const key = `${f.city}|${f.program}`;
    const s = sums.get(key) ?? { city: String(f.city), program: String(f.program), total: 0, ids: [] };
    s.total += Number(f.value);
    s.ids.push(String(f.figure));
    sums.set(key, s);
  }
  const bars = [...sums.values()].sort((a, b) => b.total - a.total);
  const maxFund = Math.max(1, ...bars.map((b) => b.total));
  const barH = 22;
  const chart = bars.length === 0 ? '<p>No money figures are linked to a program yet.</p>'
    : `<svg class="bars" viewBox="0 0 900 ${bars.length * barH + 10}" width="900" height="${bars.length * barH + 10}" role="img" aria-label="funds per program per city">${bars.map((b, i) => {
      const w = Math.max(2, (b.total / maxFund) * 560);
      const y = i * barH + 5;
      return `<a href="#fig-${esc(b.ids[0])}"><text x="0" y="${y + 15}" class="lbl">${esc(b.city)} · ${esc(b.program)}</text><rect x="230" y="${y}" width="${w.toFixed(1)}" height="${barH - 6}" class="bar"><title>${esc(`${b.city} ${b.program}: ${yuan(b.total)} from ${b.ids.length} figure(s)`)}</title></rect><text x="${(236 + w).toFixed(1)}" y="${y + 15}" class="val">${esc(yuan(b.total))}</text></a>`;
    }).join('')}</svg>`;

  const reachRows = reach.map((r) => `<tr id="reach-${esc(r.cityCode)}-${esc(r.program)}"><td>${esc(r.city)}</td><td>${esc(r.program)}</td><td class="n">${esc(r.places)}</td><td class="n">${esc(r.counties)}</td><td class="n">${esc(r.townships)}</td><td class="n">${esc(r.villages)}</td><td class="n">${esc(r.documents)}</td><td class="n">${esc(yuan(Number(r.fundsYuan)))}</td><td class="n">${esc(r.beneficiaries)}</td><td class="n">${esc(r.beneficiaryHouseholds)}</td></tr>`).join('');
  const fundRows = funds.map((f) => `<tr id="fig-${esc(f.figure)}"><td>${esc(f.city)}</td><td>${esc(f.program)}</td><td class="n">${esc(f.surface)}</td><td>${esc(f.metric)}</td><td>${esc(f.year)}</td><td>${esc(f.place)}</td><td><code>${esc(f.document)}</code> @${esc(f.start)}–${esc(f.end)}</td><td class="ev">${esc(f.evidence)}</td></tr>`).join('');

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>fupin-kg · program reach across cities</title>
<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 4px 6px; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.heat td { width: 34px; text-align: center; } table.heat td.none { background: #fafafa; }
table.heat a { color: #000; text-decoration: none; }
th.rot { height: 110px; white-space: nowrap; vertical-align: bottom; } th.rot span { writing-mode: vertical-rl; }
svg.bars .bar { fill: #b42828; } svg.bars .lbl, svg.bars .val { font-size: 12px; } svg.bars a:hover .bar { fill: #e05050; }
td.ev { max-width: 520px; } tr:target { background: #fff3b0; }
.note { color: #666; font-size: 12px; }
</style></head><body>
<h1>Program reach across cities</h1>
<p class="note">${documents.length} documents · ${cities.length} cities · ${programs.length} programs. Generated by fupin-kg from the graph; every number links to the rows and sentences it comes from.</p>
<h2>Places reached, city × program</h2>
<p class="note">Distinct places (the city itself, counties, townships, villages) where the program was carried out, by the reports. Click a cell for its row.</p>
${heatmap}
<h2>Funds per program per city</h2>
<p class="note">Sum of money figures (元) attributed to one program, by city. Click a bar for its evidence.</p>
${chart}
<h2>Reach table</h2>
<table><thead><tr><th>city</th><th>program</th><th>places</th><th>counties</th><th>townships</th><th>villages</th><th>documents</th><th>funds</th><th>beneficiaries (人)</th><th>households (户)</th></tr></thead><tbody>${reachRows}</tbody></table>
<h2>Money figures and their evidence</h2>
<table><thead><tr><th>city</th><th>program</th><th>figure</th><th>metric</th><th>year</th><th>place</th><th>document @ offsets</th><th>sentence</th></tr></thead><tbody>${fundRows}</tbody></table>
</body></html>
`;
}
