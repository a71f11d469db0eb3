/**
 * Inline SVG charts for the report: no script, no network. Each chart has axes with ticks,
 * axis titles and a legend, so a figure pasted into a paper reads on its own.
 */
const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** 1.2亿 / 3400万 / 800: money as a Chinese reader writes it. */
export function yuan(v: number): string {
  if (v >= 1e8) return `${(v / 1e8).toFixed(v >= 1e9 ? 1 : 2)}亿`;
  if (v >= 1e4) return `${(v / 1e4).toFixed(v >= 1e6 ? 0 : 1)}万`;
  return `${Math.round(v)}`;
}

/** Round tick values for a linear axis from 0 to `max`. */
export function ticks(max: number, count = 4): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  if (out.at(-1)! < max) out.push(out.at(-1)! + step);
  return out;
}

export interface Bar {
  label: string;
  value: number;
  /** The years the value covers, shown beside it (2019, 2018–2020). */
  years: string;
  href: string;
  title: string;
}

export interface Panel {
  title: string;
  bars: Bar[];
}

/**
 * Small multiples: one horizontal bar panel per program, cities as bars, each panel on its
 * own linear scale from 0, so the small cities of a program stay visible and cities compare
 * within a program (never a program's funds against another's).
 */
export function smallMultiples(panels: Panel[], options: { unitLabel: string; format: (v: number) => string; columns?: number }): string {
  const columns = options.columns ?? 2;
  const width = 440;
  const left = 96;
  const plot = width - left - 70;
  const barH = 18;
  const parts: string[] = [];
  const heights = panels.map((p) => 44 + p.bars.length * barH + 34);
  const rows: number[] = [];
  for (let i = 0; i < panels.length; i += columns) rows.push(Math.max(...heights.slice(i, i + columns)));
  let y0 = 0;
  panels.forEach((panel, i) => {
    const row = Math.floor(i / columns);
    if (i % columns === 0 && row > 0) y0 += rows[row - 1]!;
    const x0 = (i % columns) * width;
    const max = Math.max(...panel.bars.map((b) => b.value), 0);
    const axis = ticks(max);
    const top = axis.at(-1)! || 1;
    const scale = (v: number) => (v / top) * plot;
    const bottom = 44 + panel.bars.length * barH;
    parts.push(`<g class="panel" transform="translate(${x0},${y0})">`);
    parts.push(`<text x="${left}" y="16" class="ptitle">${esc(panel.title)}</text>`);
    for (const t of axis) {
      const x = left + scale(t);
      parts.push(`<line x1="${x.toFixed(1)}" y1="30" x2="${x.toFixed(1)}" y2="${bottom}" class="grid"/><text x="${x.toFixed(1)}" y="${bottom + 13}" class="tick" text-anchor="middle">${esc(options.format(t))}</text>`);
    }
    parts.push(`<line x1="${left}" y1="30" x2="${left}" y2="${bottom}" class="axis"/><line x1="${left}" y1="${bottom}" x2="${left + plot}" y2="${bottom}" class="axis"/>`);
    parts.push(`<text x="${left + plot / 2}" y="${bottom + 28}" class="atitle" text-anchor="middle">${esc(options.unitLabel)}</text>`);
    panel.bars.forEach((b, k) => {
      const y = 36 + k * barH;
      const w = Math.max(1.5, scale(b.value));
      parts.push(`<a href="${esc(b.href)}"><text x="${left - 6}" y="${y + 11}" class="lbl" text-anchor="end">${esc(b.label)}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH - 5}" class="bar"><title>${esc(b.title)}</title></rect><text x="${(left + w + 4).toFixed(1)}" y="${y + 11}" class="val">${esc(options.format(b.value))} · ${esc(b.years)}</text></a>`);
    });
    parts.push('</g>');
  });
  const height = rows.reduce((a, b) => a + b, 0);
  const total = Math.min(columns, panels.length) * width;
  return `<svg class="chart multiples" viewBox="0 0 ${total} ${height}" width="${total}" height="${height}" role="img" aria-label="${esc(options.unitLabel)}">${parts.join('')}</svg>`;
}

export interface Series {
  name: string;
  points: { x: number; y: number; href: string; title: string }[];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** One line per place over the years, with year ticks, a value axis and a legend. */
export function lineChart(series: Series[], options: { xLabel: string; yLabel: string; format: (v: number) => string }): string {
  const width = 760;
  const height = 320;
  const m = { left: 64, right: 170, top: 20, bottom: 48 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs, minX + 1);
  const axis = ticks(Math.max(...series.flatMap((s) => s.points.map((p) => p.y)), 0));
  const top = axis.at(-1)! || 1;
  const px = (x: number) => m.left + ((x - minX) / (maxX - minX)) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - (y / top) * (height - m.top - m.bottom);
  const parts: string[] = [];
  for (const t of axis) parts.push(`<line x1="${m.left}" y1="${py(t).toFixed(1)}" x2="${width - m.right}" y2="${py(t).toFixed(1)}" class="grid"/><text x="${m.left - 6}" y="${(py(t) + 4).toFixed(1)}" class="tick" text-anchor="end">${esc(options.format(t))}</text>`);
  for (let x = minX; x <= maxX; x++) parts.push(`<text x="${px(x).toFixed(1)}" y="${height - m.bottom + 16}" class="tick" text-anchor="middle">${x}</text>`);
  parts.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" class="axis"/><line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" class="axis"/>`);
  parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 10}" class="atitle" text-anchor="middle">${esc(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16,${(m.top + height - m.bottom) / 2}) rotate(-90)" class="atitle" text-anchor="middle">${esc(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<a href="${esc(p.href)}"><circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="4" fill="${color}"><title>${esc(p.title)}</title></circle></a>`);
    const ly = m.top + 8 + i * 18;
    parts.push(`<g class="legend"><rect x="${width - m.right + 14}" y="${ly - 9}" width="12" height="12" fill="${color}"/><text x="${width - m.right + 32}" y="${ly + 1}" class="lbl">${esc(s.name)}</text></g>`);
  });
  return `<svg class="chart line" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(options.yLabel)}">${parts.join('')}</svg>`;
}
