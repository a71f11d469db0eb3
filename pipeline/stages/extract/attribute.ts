/**
 * Attribution: which place and year a statement is about. The nearest place (or 全省 / 全市)
 * named before the position in its sentence, else the subject; the nearest year before it in
 * the sentence, else the year that opens its paragraph, else the report year.
 */
import type { SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import type { PlaceResult } from './places.ts';

export function placeFor(result: PlaceResult, sentence: Sentence, pos: number): string | null {
  let best: { code: string | null; at: number } | null = null;
  for (const m of result.mentions) {
    if (m.start >= sentence.start && m.end <= pos && m.code && (!best || m.start > best.at)) best = { code: m.code, at: m.start };
  }
  for (const r of result.selfReferences) {
    if (r.start >= sentence.start && r.end <= pos && (!best || r.start > best.at)) {
      const province = /省$/.test(r.word);
      best = { code: province ? (result.subject?.slice(0, 2) ?? null) : result.subject, at: r.start };
    }
  }
  return best?.code ?? result.subject;
}

export function yearFor(doc: SegmentedDocument, sentence: Sentence, pos: number): number | null {
  const before = doc.text.slice(sentence.start, pos);
  const years = [...before.matchAll(/(20\d{2}|19\d{2})年/g)];
  if (years.length > 0) return Number(years.at(-1)![1]);
  const report = doc.meta.reportYear;
  if (report !== null && /去年|上年/.test(before)) return report - 1;
  const paragraph = doc.paragraphs[sentence.paragraph];
  if (paragraph) {
    const opening = /^[(（]?[一二三四五六七八九十\d]*[)）、.]?\s*(20\d{2})年/.exec(doc.text.slice(paragraph.start, paragraph.end));
    if (opening?.[1]) return Number(opening[1]);
  }
  return report;
}

/** Places named in a sentence inside the subject, narrowest only (寿县大顺镇官塘村 → 官塘村). */
export function narrowPlacesIn(result: PlaceResult, sentence: Sentence): string[] {
  const codes = new Set<string>();
  for (const m of result.mentions) {
    if (m.start < sentence.start || m.end > sentence.end || !m.code) continue;
    if (result.subject && !m.code.startsWith(result.subject)) continue;
    codes.add(m.code);
  }
  return [...codes].filter((c) => ![...codes].some((o) => o !== c && o.startsWith(c)));
}
