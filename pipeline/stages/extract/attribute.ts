/**
 * Attribution: which place and year a figure or statement is about.
 * Place: the place (or 全省 / 全市) named last before it in its clause; a clause naming
 * several places speaks for their report (the subject); else the one place the sentence
 * names before it; else the subject.
 * Year: the nearest year before it in its clause; else the report year when the sentence
 * says 截至目前 / 目前 / 今年; else the nearest year before it in the sentence; else the year
 * that governs the paragraph (set by a paragraph whose opening words name a year, until a heading or
 * another year); else the report year. Years far from the report year are history (1960年建市).
 */
import type { SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { within } from './context.ts';
import { continuesInto, type PlaceResult } from './places.ts';

const CLAUSE_BREAK = /[,，;；:：]/;
const OPENING = 25;
const NOW = /截至目前|截止目前|目前|今年|当前|现在|本年/;

interface Ref {
  code: string | null;
  start: number;
}

/**
 * The places a span refers to. A province named by name in a city's report locates rather
 * than counts (立足安徽西部), and 全省 after 位列 / 排名 is a yardstick (位列全省第一): neither
 * takes the figure.
 */
function refsBetween(text: string, result: PlaceResult, from: number, to: number): Ref[] {
  const refs: Ref[] = [];
  const subject = result.subject;
  const mentions = within(result.mentions, from, to);
  for (const [k, m] of mentions.entries()) {
    // A dateline or credit names a place without saying anything about it.
    if (!m.code || m.framing) continue;
    if (subject && subject !== m.code && subject.startsWith(m.code)) {
      // An ancestor of the subject: a province locates (立足安徽西部), a chain narrows (六安市金寨县);
      // a prefecture named on its own in a county's report (湘西州8个贫困县) counts.
      if (m.code.length === 2 || continuesInto(m, mentions[k + 1])) continue;
    }
    refs.push({ code: m.code, start: m.start });
  }
  for (const r of within(result.selfReferences, from, to)) {
    if (/(位列|位居|排名|居|列|位于)$/.test(text.slice(Math.max(0, r.start - 2), r.start))) continue;
    refs.push({ code: r.code, start: r.start });
  }
  return refs.sort((a, b) => a.start - b.start);
}

export function clauseStart(text: string, sentence: Sentence, pos: number): number {
  for (let i = pos - 1; i >= sentence.start; i--) if (CLAUSE_BREAK.test(text[i]!)) return i + 1;
  return sentence.start;
}

export function placeFor(doc: SegmentedDocument, result: PlaceResult, sentence: Sentence, pos: number): string | null {
  const inClause = refsBetween(doc.text, result, clauseStart(doc.text, sentence, pos), pos);
  const distinct = new Set(inClause.map((r) => r.code));
  if (distinct.size > 1) {
    // 在高蓬镇、东亭镇建立2家: a figure over a list of places belongs to the report's place.
    const last = inClause.at(-1)!;
    // 仪封乡代庄村 is a chain, not a list: a place's own ancestors do not make a list with it.
    const listed = inClause.filter((r) => r.start > last.start - 12 && !(r.code && last.code !== r.code && last.code?.startsWith(r.code)));
    if (listed.length > 1 && new Set(listed.map((r) => r.code)).size > 1) return result.subject;
    return last.code ?? result.subject;
  }
  if (inClause.length > 0) return inClause[0]!.code ?? result.subject;
  // Else the place the sentence is about, when it names only one.
  const inSentence = new Set(refsBetween(doc.text, result, sentence.start, pos).map((r) => r.code));
  return inSentence.size === 1 ? ([...inSentence][0] ?? result.subject) : result.subject;
}

function plausible(year: number, report: number | null): boolean {
  return report === null ? year >= 2000 : year >= report - 12 && year <= report + 1;
}

function lastYear(text: string, report: number | null): number | null {
  const years = [...text.matchAll(/(20\d{2}|19\d{2})年/g)].map((m) => Number(m[1])).filter((y) => plausible(y, report));
  return years.length > 0 ? years.at(-1)! : null;
}

export function yearFor(doc: SegmentedDocument, sentence: Sentence, pos: number, governing: (number | null)[]): number | null {
  const report = doc.meta.reportYear;
  const inClause = lastYear(doc.text.slice(clauseStart(doc.text, sentence, pos), pos), report);
  if (inClause !== null) return inClause;
  const before = doc.text.slice(sentence.start, pos);
  if (NOW.test(before)) return report;
  if (report !== null && /(?<![较比])(去年|上年)/.test(before)) return report - 1;
  const inSentence = lastYear(before, report);
  if (inSentence !== null) return inSentence;
  return governing[sentence.paragraph] ?? report;
}

/**
 * The year each paragraph is about: set by a paragraph whose first sentence names a year
 * (2019年我市…), carried to the paragraphs that follow, reset by a heading.
 */
export function governingYears(doc: SegmentedDocument): (number | null)[] {
  const out: (number | null)[] = [];
  let current: number | null = null;
  const report = doc.meta.reportYear;
  for (const p of doc.paragraphs) {
    // A year within the paragraph's opening words (2019年我市… / 一鼓作气。2019年…) sets it.
    const opening = doc.text.slice(p.start, Math.min(p.end, p.start + OPENING)).replace(/(20\d{2})年(以来|之前|以前)/g, '');
    const m = /(20\d{2})年/.exec(opening);
    const year = m && plausible(Number(m[1]), report) ? Number(m[1]) : null;
    if (p.heading) current = year;
    else if (year !== null) current = year;
    out.push(current);
  }
  return out;
}

/** Places named in a sentence inside the subject, narrowest only (寿县大顺镇官塘村 → 官塘村). */
export function narrowPlacesIn(result: PlaceResult, sentence: Sentence): string[] {
  const codes = new Set<string>();
  for (const m of within(result.mentions, sentence.start, sentence.end)) {
    if (!m.code) continue;
    if (result.subject && !m.code.startsWith(result.subject)) continue;
    codes.add(m.code);
  }
  return [...codes].filter((c) => ![...codes].some((o) => o !== c && o.startsWith(c)));
}
