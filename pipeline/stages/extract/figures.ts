/**
 * Figures: every Arabic-digit quantity with a unit or measure word, normalised (万/亿 applied,
 * money in 元, percentages as numbers), with approximate markers, ranges and enumerations
 * split into one figure per number. Years, dates, ranks, codes and quoted slogan numbers are
 * not figures, and nothing is produced for a unit whose number is missing.
 */
import type { FigureCategory, MetricsFile, SegmentedDocument, Sentence, UnitEntry } from '../../../schemas/index.ts';
import { metricDictionary } from '../../dictionaries.ts';
import { inSpans, sentenceAt, titleSpans } from './context.ts';

export interface FigureMention {
  surface: string;
  value: number;
  unit: string;
  approx: boolean;
  category: FigureCategory;
  metric: string;
  start: number;
  end: number;
  sentence: Sentence;
}

const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;
const MULTIPLIER: Record<string, number> = { 万: 1e4, 亿: 1e8, 千: 1e3, 百: 1e2 };
const NOT_A_QUANTITY_AFTER = /^(?:多|余)?(?:万|亿)?(?:年|月|日|号|时|点|分钟|届|岁|周岁|级|代|版|国道|省道|县道|路|期间|世纪|号线|\.\d)/;
const RANGE_JOIN = /^\s*(?:[-—–~～至到])\s*/;

interface Token {
  start: number;
  end: number;
  value: number;
  multiplier: number;
  unit: UnitEntry | null;
  unitEnd: number;
  approx: boolean;
}

/** `places`: spans of place names, which a metric name never includes (定西市累计减少贫困人口 → 贫困人口). */
export function extractFigures(doc: SegmentedDocument, places: readonly { start: number; end: number }[] = []): FigureMention[] {
  const dict = metricDictionary();
  const units = unitsByLength(dict);
  const text = doc.text;
  let named = '';
  let at = 0;
  for (const p of places) {
    if (p.start < at) continue;
    named += text.slice(at, p.start) + '、'.repeat(p.end - p.start);
    at = p.end;
  }
  named += text.slice(at);
  // Numbers inside a document's title are not figures (v2), bracketed or not (…发布了关于9个贫困县脱贫退出的公告).
  const titles = mergeSpans([...titleSpans(text), ...unbracketedTitles(text)]);
  const tokens: Token[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 1), start);
    // Part of a code, phone number, version or identifier; 7-8千元 is a range, not a code.
    const rangeEnd = before === '-' && /\d$/.test(text.slice(Math.max(0, start - 2), start - 1));
    if ((/[A-Za-z\-_/:.#]/.test(before) && !rangeEnd) || (/^[A-Za-z\-_/@]/.test(text.slice(end, end + 1)) && !/^-\s*\d/.test(text.slice(end)))) continue;
    if (inSpans(start, titles)) continue;
    tokens.push(readToken(text, start, end, m[0], units, dict));
  }
  const out: FigureMention[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (isExcluded(text, t, dict)) continue;
    let unit = t.unit;
    let multiplier = t.multiplier;
    let approx = t.approx;
    // 3至5万元 / 7-8千元 / 5、6次: the last number's unit (and multiplier) is shared.
    const next = tokens[k + 1];
    const joined = next ? text.slice(t.end, next.start) : '';
    const isRange = next !== undefined && RANGE_JOIN.test(joined) && joined.trim().length <= 1 && t.unit === null && t.multiplier === 1;
    const isEnum = next !== undefined && /^[、和及与]$/.test(joined) && t.unit === null && t.multiplier === 1;
    // 60、80、100和110平方米: the unit at the end of the enumeration is everyone's.
    const last = isEnum ? enumerationEnd(text, tokens, k) : next;
    if (isEnum && last?.unit) {
      unit = last.unit;
      multiplier = last.multiplier;
    } else if (isRange && next?.unit) {
      unit = next.unit;
      multiplier = next.multiplier;
      approx = true;
    } else if (isRange && next && next.unit === null && next.multiplier > 1) {
      multiplier = next.multiplier;
    }
    if (isRange && next) next.approx = true;
    if (!unit) {
      const people = peopleUnit(text, t, multiplier, dict);
      if (!people) continue;
      unit = people;
    }
    if (isQuotedSlogan(text, t)) continue;
    const surfaceEnd = t.unit ? t.unitEnd : t.end + (t.multiplier > 1 ? 1 : 0);
    const sentence = sentenceAt(doc, t.start);
    if (!sentence) continue;
    const value = round(t.value * multiplier * unit.factor);
    const category = categorize(text, named, sentence, t.start, surfaceEnd, unit.unit, dict);
    out.push({
      surface: doc.surfaceText.slice(t.start, surfaceEnd + (approxSuffixAt(text, surfaceEnd, dict) ?? 0)),
      value,
      unit: unit.unit,
      approx,
      category: category.category,
      metric: category.metric,
      start: t.start,
      end: surfaceEnd,
      sentence,
    });
  }
  return out;
}

/** The token that closes the enumeration starting at k (numbers joined by 、/和/及 until one carries a unit). */
function enumerationEnd(text: string, tokens: Token[], k: number): Token | undefined {
  let j = k;
  while (j + 1 < tokens.length && tokens[j]!.unit === null && tokens[j]!.multiplier === 1 && /^[、和及与]$/.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start))) j++;
  return j > k ? tokens[j] : undefined;
}

function readToken(text: string, start: number, end: number, digits: string, units: UnitEntry[], dict: MetricsFile): Token {
  let pos = end;
  let approx = dict.approxBefore.some((w) => text.slice(start - w.length, start) === w);
  if (/^[多余]/.test(text.slice(pos))) {
    approx = true;
    pos++;
  }
  let multiplier = 1;
  const mult = MULTIPLIER[text[pos] ?? ''];
  // 千 and 百 multiply only when a unit follows (千元), never alone (千人 stays a count of 千?).
  if (mult !== undefined && (mult >= 1e4 || units.some((u) => text.startsWith(u.surface, pos + 1)))) {
    multiplier = mult;
    pos++;
    if (/^[多余]/.test(text.slice(pos))) {
      approx = true;
      pos++;
    }
  }
  // 22664 元: one space between the number and its unit.
  if (text[pos] === ' ' && units.some((u) => text.startsWith(u.surface, pos + 1) && u.surface !== '%')) pos++;
  const unit = units.find((u) => text.startsWith(u.surface, pos)) ?? null;
  const unitEnd = unit ? pos + unit.surface.length : pos;
  if (unit && approxSuffixAt(text, unitEnd, dict) !== null) approx = true;
  return { start, end, value: Number(digits.replace(/,/g, '')), multiplier, unit, unitEnd, approx };
}

function approxSuffixAt(text: string, pos: number, dict: MetricsFile): number | null {
  const w = dict.approxAfter.find((x) => text.startsWith(x, pos));
  return w ? w.length : null;
}

function isExcluded(text: string, t: Token, dict: MetricsFile): boolean {
  const after = text.slice(t.end, t.end + 4);
  if (NOT_A_QUANTITY_AFTER.test(after)) return true;
  if (text[t.start - 1] === '第') return true;
  if (t.unit && dict.notFigureAfter.some((w) => text.startsWith(w, t.unitEnd) || text.startsWith(w, t.unitEnd - 1))) return true;
  // 6个季度, 3个月: a count of time, not of things.
  if (t.unit?.unit === '个' && /^(月|季度|工作日|小时|年头)/.test(text.slice(t.unitEnd))) return true;
  return false;
}

/** “351”“180”政策: a number in quotes names a slogan or policy, not a quantity. */
function isQuotedSlogan(text: string, t: Token): boolean {
  const open = text[t.start - 1];
  const close = text[t.unit ? t.unitEnd : t.end];
  return (open === '“' || open === '"' || open === '「') && (close === '”' || close === '"' || close === '」' || close === '+');
}

/**
 * 40万贫困群众 / 1万贫困户 / 总人口52.6万 / 贫困人口从…的77.5万: a number with 万 or 亿 and
 * no measure word counts people (or households) when the noun after it, or the subject of its
 * clause before it, says so.
 */
function peopleUnit(text: string, t: Token, multiplier: number, dict: MetricsFile): UnitEntry | null {
  if (multiplier < 1e4) return null;
  const after = text.slice(t.unitEnd, t.unitEnd + 10);
  // The noun may follow a short qualifier (2.5万连家船民).
  const nounAt = (nouns: string[]) => nouns.some((n) => {
    const i = after.indexOf(n);
    return i === 0 || (i > 0 && i <= 2 && /^\p{Script=Han}+$/u.test(after.slice(0, i)));
  });
  if (dict.householdNouns.some((n) => after.startsWith(n)) && !dict.peopleNouns.some((n) => after.startsWith(n))) return { surface: '', unit: '户', factor: 1 };
  if (nounAt(dict.peopleNouns)) return { surface: '', unit: '人', factor: 1 };
  const clause = text.slice(Math.max(0, t.start - 20), t.start);
  const own = clause.slice(Math.max(...[',', '，', '。', ';', '；'].map((c) => clause.lastIndexOf(c))) + 1);
  const noun = own.search(/人口|群众/);
  // 贫困人口从77.5万下降到11.3万: the noun's other number is the from-value of the pair.
  const between = noun === -1 ? '' : own.slice(noun);
  if (noun !== -1 && (!/\d/.test(between) || /(下降到|降至|降到|减少到|减少至|减至|增加到|增至|增长到|到|至)$/.test(between))) return { surface: '', unit: '人', factor: 1 };
  return null;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

const COUNT_UNITS = new Set(['个', '座', '项', '处', '家', '所']);

/** Does `text` hold one of the rule's cues outside its excluded longer words? */
function hasCue(text: string, rule: MetricsFile['metrics'][number]): boolean {
  if (!rule.cues.some((c) => text.includes(c))) return false;
  if (!rule.exclude.some((x) => text.includes(x))) return true;
  const masked = rule.exclude.reduce((t, x) => t.split(x).join('\u0000'.repeat(x.length)), text);
  return rule.cues.some((c) => masked.includes(c));
}

/**
 * The first rule (data/metrics.yaml order is priority) with a cue in the number's clause and
 * the figure's unit; for counts the words after the measure word are read first. `other`
 * when none applies.
 */
function categorize(text: string, named: string, sentence: Sentence, start: number, end: number, unit: string, dict: MetricsFile): { category: FigureCategory; metric: string } {
  const clauseStart = Math.max(sentence.start, lastIndexOfAny(text, [',', '，', ';', '；', '。'], start, sentence.start) + 1);
  const before = text.slice(Math.max(sentence.start, clauseStart), start);
  const nextStop = firstIndexOfAny(text, [',', '，', ';', '；', '。', '、', '\n', ' ', '“', '"'], end);
  let after = text.slice(end, Math.min(nextStop === -1 ? sentence.end : nextStop, sentence.end));
  // What is counted ends at the next number (1.4万名党员干部结对帮扶2.26万贫困群众).
  // A 户/人 pair (12882户34846人实现脱贫) shares what follows it.
  const pair = /^\d[\d.]*[万亿]?(?:户|人|名)/.exec(after)?.[0].length ?? 0;
  after = after.slice(0, pair + after.slice(pair).search(/\d|$/));
  // The metric name is read where place names are breaks: the same spans, places masked.
  const namedBefore = named.slice(Math.max(sentence.start, clauseStart), start);
  const namedAfter = named.slice(end, end + after.length);
  const rules = dict.metrics.filter((r) => r.units.length === 0 || r.units.includes(unit));
  // A count followed by its noun (22个贫困村) counts that noun: the words before do not decide.
  const counted = COUNT_UNITS.has(unit) && /^\p{Script=Han}/u.test(after);
  const ownBefore = COUNT_UNITS.has(unit) ? before.slice(before.lastIndexOf('、') + 1) : before;
  // Failing the clause, the sentence before it (贫困户人均纯收入由…的500元,达到现在的3800多元).
  const earlier = text.slice(sentence.start, Math.max(sentence.start, clauseStart));
  const windows = counted ? [after] : COUNT_UNITS.has(unit) ? [after, ownBefore] : [before, after, earlier];
  // A rate or multiple read from an earlier clause is only the growth of an income or output (增幅10.9%).
  const growth = /增长|增幅|增速|增加|提高/.test(before);
  for (const window of windows) {
    const late = window === earlier;
    if (late && (unit === '%' || unit === '倍') && !growth) continue;
    const rule = rules.find((r) => hasCue(window, r) && (!late || unit === '元' || r.category === 'income' || r.category === 'output_value'));
    if (rule) return { category: rule.category, metric: metricName(namedBefore, namedAfter, rule.metric, dict, COUNT_UNITS.has(unit)) };
  }
  return { category: 'other', metric: metricName(namedBefore, namedAfter, '其他', dict, COUNT_UNITS.has(unit)) };
}

/** A short name of what is measured: the clause's phrase right before the number, else right after it. */
function metricName(before: string, after: string, fallback: string, dict: MetricsFile, countFirst: boolean): string {
  // 收益约560万元: the approximate marker belongs to the number, not the name.
  const marker = byLength(dict.approxBefore).find((w) => before.endsWith(w));
  const head = marker ? before.slice(0, -marker.length) : before;
  // The phrase nearest the number on each side: before it the last of two characters or
  // more, after it the first (a name of one character there names nothing).
  const fromBefore = nearestPhrase(head, dict, 'last');
  const first = nearestPhrase(after, dict, 'first');
  const fromAfter = first !== undefined && first.length >= 2 ? first : undefined;
  // 组建13个专项巡察组: for counts the words after the measure word name what is counted.
  const name = countFirst ? fromAfter ?? fromBefore : fromBefore ?? fromAfter;
  if (name === undefined) return fallback;
  const max = dict.metricName.maxLength;
  // A name read before the number keeps its end, one read after it its start.
  const readBefore = name === fromBefore || (name.length > max && phrases(head, dict).includes(name));
  return readBefore ? name.slice(-max) : name.slice(0, max);
}

/** The last phrase of two characters or more of a fragment, or its first phrase. */
function nearestPhrase(text: string, dict: MetricsFile, which: 'first' | 'last'): string | undefined {
  const parts = text.replace(DATE, '').split(PIECES);
  if (which === 'first') {
    for (let k = 0; k < parts.length; k += 2) {
      const p = phraseAt(parts, k, dict);
      if (p) return p;
    }
    return undefined;
  }
  for (let k = parts.length - 1 - ((parts.length - 1) % 2); k >= 0; k -= 2) {
    const p = phraseAt(parts, k, dict);
    if (p && p.length >= 2) return p;
  }
  return undefined;
}

const DATE = /(?:19|20)\d{2}年(?:底|初|末|度)?|\d{1,2}月(?:底|初|末|份)?|\d{1,2}日/g;
const PIECES = /(\d[\d.]*[万亿千百]?)|[、，,;；：:（）()“”"‘’《》\s]/;
const NOT_HAN = /[^\p{Script=Han}]/gu;

/**
 * The phrases of a clause fragment between numbers and punctuation, dates removed, each
 * trimmed of the unit that ends a number before it (3所、卫生院 → 卫生院) and of the
 * function words at its ends (贫困发生率下降到 → 贫困发生率).
 */
function phrases(text: string, dict: MetricsFile): string[] {
  // One capture group: [phrase, number | undefined, phrase, number | undefined, …, phrase].
  const parts = text.replace(DATE, '').split(PIECES);
  const out: string[] = [];
  for (let k = 0; k < parts.length; k += 2) {
    const phrase = phraseAt(parts, k, dict);
    if (phrase) out.push(phrase);
  }
  return out;
}

/** The phrase of piece k of a split fragment ('' when nothing is left of it). */
function phraseAt(parts: (string | undefined)[], k: number, dict: MetricsFile): string {
  let p = parts[k] ?? '';
  if (k > 0 && parts[k - 1] !== undefined) {
    // After a number: its unit is not part of the phrase.
    const unit = unitWords(dict).find((u) => p.startsWith(u));
    if (unit) p = p.slice(unit.length);
    p = p.replace(/^(?:多|余|左右|以上)/, '');
  }
  return trimWords(p.replace(NOT_HAN, ''), dict);
}

const unitsOf = new WeakMap<MetricsFile, MetricsFile['units']>();
/** The unit table, longest surface first (平方公里 before 公里), sorted once per dictionary. */
function unitsByLength(dict: MetricsFile): MetricsFile['units'] {
  let out = unitsOf.get(dict);
  if (!out) unitsOf.set(dict, (out = [...dict.units].sort((a, b) => b.surface.length - a.surface.length)));
  return out;
}

const unitWordsOf = new WeakMap<MetricsFile, string[]>();
/** Unit surfaces and approximate markers that may follow a number, longest first. */
function unitWords(dict: MetricsFile): string[] {
  let out = unitWordsOf.get(dict);
  if (!out) unitWordsOf.set(dict, (out = byLength([...unitsByLength(dict).map((u) => u.surface), ...dict.approxAfter])));
  return out;
}

const sorted = new WeakMap<string[], string[]>();
/** Longest words first, so 降至 is trimmed whole rather than 至 alone. */
function byLength(words: string[]): string[] {
  let out = sorted.get(words);
  if (!out) sorted.set(words, (out = [...words].sort((a, b) => b.length - a.length)));
  return out;
}

function trimWords(phrase: string, dict: MetricsFile): string {
  const leading = byLength(dict.metricName.leading);
  const trailing = byLength(dict.metricName.trailing);
  let p = phrase;
  for (let changed = true; changed && p.length > 0;) {
    changed = false;
    for (const w of leading) {
      if (p.startsWith(w) && p.length > w.length) {
        p = p.slice(w.length);
        changed = true;
      }
    }
    for (const w of trailing) {
      if (p.endsWith(w)) {
        p = p.slice(0, -w.length);
        changed = true;
      }
    }
  }
  return p;
}

function lastIndexOfAny(text: string, chars: string[], from: number, floor: number): number {
  for (let i = from - 1; i >= floor; i--) if (chars.includes(text[i]!)) return i;
  return floor - 1;
}

function firstIndexOfAny(text: string, chars: string[], from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i]!)) return i;
  return -1;
}

const UNBRACKETED_TITLE = /关于[^,，。;；:：《》“”\n]{2,60}?的(?:公告|通知|批复|公示|意见|决定|通报)/g;

/** Spans of document titles written without 《》 (关于…的公告). */
function unbracketedTitles(text: string): [number, number][] {
  return [...text.matchAll(UNBRACKETED_TITLE)].map((m) => [m.index, m.index + m[0].length]);
}

/** Sorted, overlapping spans joined: what `inSpans` searches. */
function mergeSpans(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of spans.sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
