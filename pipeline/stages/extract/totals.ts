/**
 * What each figure is, for totals that add only what adds up (data/metrics.yaml `per`,
 * `partMarkers`):
 * - `per`: the unit a rate is per. The nearest rate word before the figure in its clause
 *   (户均增收3000元 → 户), when every figure between them has the figure's unit (a from–to
 *   pair or a range shares its rate: 人均纯收入由2000元增至8000元);
 * - `partOf`: the figure this one is a part of: a figure after 其中 / 含 / 包括 in the
 *   statement of an earlier figure with the same unit and rate (投入5000万元,其中中央资金
 *   2000万元), or inside a bracket right after a run of figures (16369户54851人(脱贫不稳定户
 *   5018户…) → 5018户 is part of 16369户);
 * - `factKey`: place, metric, year, value, unit and rate: a lead paragraph repeated in the
 *   body, or two reports of the same number, are one fact.
 */
import { hash } from 'node:crypto';
import type { ExtractedFigure, SegmentedDocument } from '../../../schemas/index.ts';
import { metricDictionary } from '../../dictionaries.ts';

export interface PlacedFigure {
  id: string;
  unit: string;
  start: number;
  end: number;
  sentence: { start: number; end: number };
}

const CLAUSE_BREAK = /[,，;；:：。!！?？]/;
const STATEMENT_BREAK = /[;；。!！?？]/;

let rules: { per: { word: string; per: string }[]; parts: RegExp } | null = null;
function totalRules() {
  if (!rules) {
    const dict = metricDictionary();
    // Longest first: 月人均 is 人, not 月 (每月) or a shorter match.
    const per = dict.per.flatMap((r) => r.words.map((word) => ({ word, per: r.per }))).sort((a, b) => b.word.length - a.word.length);
    rules = { per, parts: new RegExp(dict.partMarkers.join('|'), 'gu') };
  }
  return rules;
}

/** `per` and `partOf` of each figure (same order as `figures`, which is document order). */
export function ratesAndParts(doc: SegmentedDocument, figures: PlacedFigure[]): { per: string | null; partOf: string | null }[] {
  const per: (string | null)[] = [];
  figures.forEach((f, k) => per.push(rateOf(doc.text, figures, k, f)));
  return figures.map((_, k) => ({ per: per[k]!, partOf: wholeOf(doc.text, figures, per, k) }));
}

function rateOf(text: string, figures: PlacedFigure[], k: number, f: PlacedFigure): string | null {
  let clauseStart = f.start;
  while (clauseStart > f.sentence.start && !CLAUSE_BREAK.test(text[clauseStart - 1]!)) clauseStart--;
  // Figures of another unit between the rate word and this one end its reach, unless that
  // figure is the rate's own denominator (每吸纳1人…奖补1000元: the 1000元 is per 人 too).
  let from = clauseStart;
  for (let j = k - 1; j >= 0 && figures[j]!.end > clauseStart; j--) {
    if (figures[j]!.unit === f.unit) continue;
    const denominator = rateWord(text.slice(Math.max(clauseStart, figures[j]!.start - 6), figures[j]!.start));
    if (denominator && denominator.end >= figures[j]!.start - Math.max(clauseStart, figures[j]!.start - 6) - 1) return denominator.per;
    from = figures[j]!.end;
    break;
  }
  return rateWord(text.slice(from, f.start))?.per ?? null;
}

/** The rate word nearest the end of `window`, with where it ends. */
function rateWord(window: string): { end: number; per: string } | null {
  let best: { end: number; per: string } | null = null;
  for (const r of totalRules().per) {
    const at = window.lastIndexOf(r.word);
    if (at !== -1 && (!best || at + r.word.length > best.end)) best = { end: at + r.word.length, per: r.per };
  }
  return best;
}

function wholeOf(text: string, figures: PlacedFigure[], per: (string | null)[], k: number): string | null {
  const f = figures[k]!;
  const sameKind = (j: number) => figures[j]!.unit === f.unit && per[j] === per[k];
  // A bracket opened right after a run of figures: its figures break that run down.
  const open = openBracketBefore(text, f.sentence.start, f.start);
  if (open !== -1) {
    const before = figures.findLastIndex((g, j) => j < k && g.end <= open && g.start >= f.sentence.start);
    if (before !== -1 && /^\s*$/.test(text.slice(figures[before]!.end, open))) {
      for (let j = before; j >= 0 && figures[j]!.start >= f.sentence.start; j--) if (sameKind(j)) return figures[j]!.id;
    }
  }
  // 其中 / 含 / 包括 between a whole and this figure, in one statement.
  const statement = text.slice(f.sentence.start, f.start);
  let marker = -1;
  for (const m of statement.matchAll(totalRules().parts)) marker = f.sentence.start + m.index;
  if (marker === -1 || STATEMENT_BREAK.test(text.slice(marker, f.start))) return null;
  for (let j = k - 1; j >= 0 && figures[j]!.start >= f.sentence.start; j--) {
    if (figures[j]!.end > marker) continue;
    if (sameKind(j)) return figures[j]!.id;
  }
  return null;
}

/** The offset of an unclosed ( or （ between `from` and `at`, else -1. */
function openBracketBefore(text: string, from: number, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= from; i--) {
    const c = text[i];
    if (c === ')' || c === '）') depth++;
    else if (c === '(' || c === '（') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The one rule of what adds to a total: a whole figure (not a rate, not a part of another figure). Facts repeated are counted once by their factKey, in the queries. */
export function countsInTotals(f: Pick<ExtractedFigure, 'per' | 'partOf'>): boolean {
  return (f.per ?? null) === null && (f.partOf ?? null) === null;
}

export function factKey(f: Pick<ExtractedFigure, 'place' | 'metric' | 'year' | 'value' | 'unit'> & { per: string | null }): string {
  return hash('sha1', `${f.place ?? ''}|${f.metric}|${f.year ?? ''}|${f.value}|${f.unit}|${f.per ?? ''}`, 'hex').slice(0, 16);
}
