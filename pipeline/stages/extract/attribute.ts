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

interface Ref {
  code: string | null;
  start: number;
  end: number;
}

/**
 * The places a span refers to. A province named by name in a city's report locates rather
 * than counts (立足安徽西部); 全省 after 位列 / 排名 is a yardstick (位列全省第一) unless a count
 * follows it (位列全省4个…); a place only compared with or named as a neighbour or distance
 * (高于全省, 与巴音乡接壤, 距县城) never takes a figure.
 */
function refsBetween(text: string, result: PlaceResult, from: number, to: number, figureAt = -1): Ref[] {
  const refs: Ref[] = [];
  const subject = result.subject;
  const mentions = within(result.mentions, from, to);
  for (const [k, m] of mentions.entries()) {
    // A dateline or credit names a place without saying anything about it.
    if (!m.code || m.framing || referencePoint(text, m.start, m.end)) continue;
    if (subject && subject !== m.code && subject.startsWith(m.code)) {
      // An ancestor of the subject: a province locates (立足安徽西部) unless a count follows it
      // (宁夏9个贫困县), a chain narrows (六安市金寨县); a prefecture named on its own in a
      // county's report (湘西州8个贫困县) counts.
      if ((m.code.length === 2 && !(figureAt >= 0 && figureAt - m.end <= 1)) || continuesInto(m, mentions[k + 1])) continue;
    }
    refs.push({ code: m.code, start: m.start, end: m.end });
  }
  for (const r of within(result.selfReferences, from, to)) {
    const yardstick = /(位列|位居|排名|居|列|位于)$/.test(text.slice(Math.max(0, r.start - 2), r.start));
    if (yardstick && !(figureAt >= 0 && figureAt - r.end <= 1)) continue;
    if (referencePoint(text, r.start, r.end)) continue;
    refs.push({ code: r.code, start: r.start, end: r.end });
  }
  return refs.sort((a, b) => a.start - b.start);
}

const COMPARED_BEFORE = /(高于|低于|超过|好于|优于|快于|慢于|相比|比|较|与|和|距|距离|离|同|对比)$/;
const COMPARED_AFTER = /^(相比|比较|相当|平均|水平|接壤|毗邻|相邻|交界|相连|为邻)/;

/** 高于全省 / 与巴音乡接壤 / 距县城: a place used as a yardstick or a neighbour. */
function referencePoint(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 4);
  if (/^(高于|低于|超过|好于|优于|快于|距|距离|离|位于)$/.test(before) || /(高于|低于|距|离|位于)$/.test(before)) return true;
  return COMPARED_AFTER.test(after) && COMPARED_BEFORE.test(before);
}

export function clauseStart(text: string, sentence: Sentence, pos: number): number {
  for (let i = pos - 1; i >= sentence.start; i--) if (CLAUSE_BREAK.test(text[i]!)) return i + 1;
  return sentence.start;
}

function clauseEnd(text: string, sentence: Sentence, pos: number): number {
  for (let i = pos; i < sentence.end; i++) if (CLAUSE_BREAK.test(text[i]!)) return i;
  return sentence.end;
}

/**
 * The place a figure is about (annotation guide v2, Figures/place): the place named in its
 * clause (the nearest before it, else one after it: 350多户…迁至赤溪村); else the nearest place
 * named earlier in the sentence; else the subject. A list of places (赤城、怀安、蔚县3个) or a
 * set (千阳县等4个县区) gives the unit that contains them all.
 */
export function placeFor(doc: SegmentedDocument, result: PlaceResult, sentence: Sentence, pos: number): string | null {
  const text = doc.text;
  const start = clauseStart(text, sentence, pos);
  const before = refsBetween(text, result, start, pos, pos);
  if (before.length > 0) return nearest(text, result, before, pos);
  // A place after the figure takes it only as its destination or site (350多户…迁至赤溪村).
  const after = refsBetween(text, result, pos, clauseEnd(text, sentence, pos));
  const first = after.find((r) => r.code && /(至|到|在|于|往|进|入|给|向)$/.test(text.slice(Math.max(0, r.start - 1), r.start)));
  if (first) return first.code;
  const earlier = refsBetween(text, result, sentence.start, start);
  if (earlier.length > 0) return nearest(text, result, earlier, pos);
  return result.subject;
}

/** The last ref before `pos`, or the unit containing the list or set it closes. */
function nearest(text: string, result: PlaceResult, refs: Ref[], pos: number): string | null {
  const last = refs.at(-1)!;
  // 千阳县等4个县区 / 玉峰村等65个贫困村: a set of places the text does not list.
  if (/^等/.test(text.slice(last.end, last.end + 1)) && pos - last.end <= 8) return containing(result, [last.code]);
  // 赤城、怀安、蔚县3个 / 在高蓬镇、东亭镇建立2家: the places listed together.
  const list = [last];
  for (let k = refs.length - 2; k >= 0; k--) {
    const r = refs[k]!;
    const gap = text.slice(r.end, list[0]!.start);
    if (!/^[、,，和及与]?$/.test(gap)) break;
    // 仪封乡代庄村 is a chain, not a list: a place's own ancestors are the same item (白城市洮北区).
    if (r.code && list[0]!.code?.startsWith(r.code)) {
      if (gap === '') continue;
      break;
    }
    list.unshift(r);
  }
  if (list.length > 1) return containing(result, list.map((r) => r.code));
  return last.code ?? result.subject;
}

/** The unit that contains all these places: the subject when they lie in it, else their common ancestor. */
function containing(result: PlaceResult, codes: (string | null)[]): string | null {
  const known = codes.filter((c): c is string => c !== null);
  const subject = result.subject;
  if (known.length === 0) return subject;
  if (subject && known.every((c) => c.startsWith(subject) && c !== subject)) return subject;
  let prefix = known[0]!;
  for (const c of known) while (prefix && !c.startsWith(prefix)) prefix = prefix.slice(0, [9, 6, 4, 2, 0].find((n) => n < prefix.length) ?? 0);
  if (known.length === 1) prefix = prefix.slice(0, [9, 6, 4, 2, 0].find((n) => n < prefix.length) ?? 0);
  return prefix.length >= 2 ? prefix : subject;
}

function plausible(year: number, report: number | null): boolean {
  return report === null ? year >= 2000 : year >= report - 12 && year <= report + 10;
}

type YearToken = { year: number | null; start: number; end: number; since: boolean; from: boolean; now: boolean };

const YEAR_TOKEN = /((?:19|20)\d{2})年|今年|本年|去年|上年|前年|明年|过去的?一年|(\d{1,2})年前|截至目前|截止目前|目前|当前|现在|至今/g;
const TO_VERB = /(降至|降到|下降到|下降至|减少到|减少至|减至|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|增至|上升到|上升至|升至|达到|到|至)/;

/** The years a span names, in order: absolute, relative to the report year, and "up to now". */
function yearTokens(text: string, offset: number, report: number | null): YearToken[] {
  const out: YearToken[] = [];
  for (const m of text.matchAll(YEAR_TOKEN)) {
    const start = offset + m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, m.index - 2), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 4);
    // 比2012年增长 / 较去年同期: a comparison base is not the figure's year.
    if (/[比较与同]$/.test(before)) continue;
    let year: number | null;
    if (m[1]) {
      year = Number(m[1]);
      if (!plausible(year, report)) continue;
    } else if (m[2]) year = report === null ? null : report - Number(m[2]);
    else if (/^(去年|上年|过去)/.test(m[0])) year = report === null ? null : report - 1;
    else if (m[0] === '前年') year = report === null ? null : report - 2;
    else if (m[0] === '明年') year = report === null ? null : report + 1;
    else year = report;
    // 2014年以来 / 自2016年 / 去年底以来: a period up to now is dated at the report year.
    const since = /^(底|末|初)?(以来|来|起|开始)/.test(after) || /[自]$/.test(before)
      || (m[1] !== undefined && /^[^,，;；。\d]{0,8}以来/.test(text.slice(m.index + m[0].length)));
    const now = /^(今年|本年|截至目前|截止目前|目前|当前|现在|至今)$/.test(m[0]);
    out.push({ year: since ? report : year, start, end, since, from: /[从由]$/.test(before), now });
  }
  return out;
}

/** The year the last token before `pos` gives; a from-value's year does not pass a "降至" to the value after it. */
function yearBefore(text: string, tokens: YearToken[], pos: number, report: number | null): { found: boolean; year: number | null } {
  const last = tokens.filter((t) => t.end <= pos).at(-1);
  if (!last) return { found: false, year: null };
  // 贫困发生率从2013年的13.4%降至0.07%: the 0.07% is at the period's end.
  if (last.from && TO_VERB.test(text.slice(last.end, pos))) return { found: true, year: report };
  return { found: true, year: last.year };
}

/**
 * The year a figure describes (annotation guide v2, Figures/year): the last year named before
 * it in its clause, else in its sentence (absolute, 去年 / 前年 / 明年 / N年前, 目前 and periods up
 * to now at the report year, the end of a from–to pair); else the year that governs the
 * paragraph; else the report year.
 */
export function yearFor(doc: SegmentedDocument, sentence: Sentence, pos: number, governing: (number | null)[]): number | null {
  const report = doc.meta.reportYear;
  const text = doc.text;
  const tokens = yearTokens(text.slice(sentence.start, pos), sentence.start, report);
  const from = clauseStart(text, sentence, pos);
  const inClause = yearBefore(text, tokens.filter((t) => t.start >= from), pos, report);
  if (inClause.found) return inClause.year;
  // 截至目前 / 今年 in an earlier clause frames the rest of the sentence; so does a year opening it.
  if (tokens.some((t) => t.now)) return report;
  const opening = clauseEnd(text, sentence, sentence.start);
  const framed = yearBefore(text, tokens.filter((t) => t.end <= opening && !t.from), opening, report);
  if (framed.found) return framed.year;
  const inSentence = yearBefore(text, tokens, pos, report);
  if (inSentence.found) return inSentence.year;
  // 总投资3250万元,…于2017年9月全部建成: the date the sentence gives the work, after the figure.
  const later = /(?:于|在)((?:19|20)\d{2})年(?!以来|来|起|开始|底前|前)/.exec(text.slice(pos, sentence.end));
  if (later?.[1] && plausible(Number(later[1]), report)) return Number(later[1]);
  return governing[sentence.paragraph] ?? report;
}

/**
 * The year each paragraph is about: set by a paragraph whose first sentence names a year
 * (2019年我市…); in a report with sections, carried to the paragraphs that follow and reset by
 * a heading.
 */
export function governingYears(doc: SegmentedDocument): (number | null)[] {
  const out: (number | null)[] = [];
  let current: number | null = null;
  const report = doc.meta.reportYear;
  // A report in sections (headings besides the title) carries a section's year through it; a
  // news story's year governs its own paragraph only.
  const sectioned = doc.paragraphs.filter((p) => p.heading && p.index > 0).length >= 2;
  for (const p of doc.paragraphs) {
    // A year within the paragraph's opening words (2019年我市… / 一鼓作气。2019年…) sets it.
    const opening = doc.text.slice(p.start, Math.min(p.end, p.start + OPENING)).replace(/[自从]?(20\d{2})年(初|(底|末)?(以来|之前|以前|起|开始))/g, '');
    const m = /(20\d{2})年/.exec(opening);
    const year = m && plausible(Number(m[1]), report) ? Number(m[1]) : null;
    if (p.heading) current = year;
    else if (year !== null) current = year;
    out.push(sectioned ? current : year);
  }
  return out;
}

/** Places named in a sentence inside the subject, narrowest only (寿县大顺镇官塘村 → 官塘村). */
export function narrowPlacesIn(result: PlaceResult, sentence: Sentence): string[] {
  const codes = new Set<string>();
  for (const m of within(result.mentions, sentence.start, sentence.end)) {
    if (!m.code || m.framing) continue;
    if (result.subject && !m.code.startsWith(result.subject)) continue;
    codes.add(m.code);
  }
  return [...codes].filter((c) => ![...codes].some((o) => o !== c && o.startsWith(c)));
}
