/**
 * Scores extraction records against gold annotations (same schema): precision, recall and F1
 * per kind, micro-averaged over documents, plus the accuracy of document-level fields.
 */
import type { ExtractionRecord } from '../../schemas/index.ts';

export const KINDS = [
  'places', 'programs', 'policies', 'policy_issuer', 'figures_detected', 'figures_attributed',
  'figure_category', 'program_places', 'policy_places',
] as const;
export type Kind = (typeof KINDS)[number];
export const DOC_FIELDS = ['subject', 'report_year', 'digits_damaged'] as const;

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export interface KindScore extends Counts {
  precision: number;
  recall: number;
  f1: number;
}
export interface Mismatch {
  doc: string;
  kind: Kind | (typeof DOC_FIELDS)[number];
  missing: string[];
  extra: string[];
}
export interface EvalResult {
  kinds: Record<Kind, KindScore>;
  accuracy: Record<(typeof DOC_FIELDS)[number], number>;
  mismatches: Mismatch[];
  documents: number;
}

const placeKey = (p: ExtractionRecord['places'][number]) => p.code ?? `${p.name}@${p.parent ?? ''}`;

function keys(r: ExtractionRecord, kind: Kind): string[] {
  switch (kind) {
    case 'places': return r.places.map(placeKey);
    case 'programs': return r.programs;
    case 'policies': return r.policies.map((p) => p.title);
    case 'policy_issuer': return r.policies.map((p) => `${p.title}|${p.issuer}`);
    case 'figures_detected': return r.figures.map((f) => `${f.value}|${f.unit}`);
    case 'figures_attributed': return r.figures.map((f) => `${f.value}|${f.unit}|${f.place}|${f.year}`);
    case 'figure_category': return r.figures.map((f) => `${f.value}|${f.unit}|${f.category}`);
    case 'program_places': return r.program_places.map((p) => `${p.program}|${p.place}`);
    case 'policy_places': return r.policy_places.map((p) => `${p.policy}|${p.place}`);
  }
}

/** Multiset comparison: figures repeat legitimately (a lead paragraph repeated in the body). */
function compare(gold: string[], got: string[]): Counts & { missing: string[]; extra: string[] } {
  const pool = new Map<string, number>();
  for (const g of gold) pool.set(g, (pool.get(g) ?? 0) + 1);
  const extra: string[] = [];
  let tp = 0;
  for (const k of got) {
    const n = pool.get(k) ?? 0;
    if (n > 0) {
      tp++;
      pool.set(k, n - 1);
    } else extra.push(k);
  }
  const missing = [...pool.entries()].flatMap(([k, n]) => Array<string>(n).fill(k));
  return { tp, fp: extra.length, fn: missing.length, missing, extra };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function score(pairs: { gold: ExtractionRecord; got: ExtractionRecord }[]): EvalResult {
  const totals = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<Kind, Counts>;
  const correct = { subject: 0, report_year: 0, digits_damaged: 0 };
  const mismatches: Mismatch[] = [];
  for (const { gold, got } of pairs) {
    // Set-valued kinds compare as sets; figures as multisets.
    for (const kind of KINDS) {
      const set = !kind.startsWith('figure');
      const g = keys(gold, kind);
      const o = keys(got, kind);
      const c = compare(set ? [...new Set(g)] : g, set ? [...new Set(o)] : o);
      totals[kind].tp += c.tp;
      totals[kind].fp += c.fp;
      totals[kind].fn += c.fn;
      if (c.missing.length + c.extra.length > 0) mismatches.push({ doc: gold.doc, kind, missing: c.missing, extra: c.extra });
    }
    for (const field of DOC_FIELDS) {
      if (gold[field] === got[field]) correct[field]++;
      else mismatches.push({ doc: gold.doc, kind: field, missing: [String(gold[field])], extra: [String(got[field])] });
    }
  }
  const kinds = Object.fromEntries(KINDS.map((k) => {
    const t = totals[k];
    const precision = ratio(t.tp, t.tp + t.fp);
    const recall = ratio(t.tp, t.tp + t.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return [k, { ...t, precision, recall, f1 }];
  })) as Record<Kind, KindScore>;
  const n = pairs.length;
  return {
    kinds,
    accuracy: { subject: ratio(correct.subject, n), report_year: ratio(correct.report_year, n), digits_damaged: ratio(correct.digits_damaged, n) },
    mismatches,
    documents: n,
  };
}

export function formatTable(result: EvalResult): string {
  const rows = [['kind', 'precision', 'recall', 'F1', 'tp', 'fp', 'fn']];
  for (const k of KINDS) {
    const s = result.kinds[k];
    rows.push([k, s.precision.toFixed(3), s.recall.toFixed(3), s.f1.toFixed(3), String(s.tp), String(s.fp), String(s.fn)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const out = [line(rows[0]!), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.slice(1).map(line)];
  out.push('', `| document field | accuracy |`, `|---|---:|`);
  for (const f of DOC_FIELDS) out.push(`| ${f} | ${result.accuracy[f].toFixed(3)} |`);
  out.push('', `${result.documents} documents`);
  return out.join('\n');
}
