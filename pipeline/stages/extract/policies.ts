/**
 * Policies: titles in 《》, and in “” or 「」 when they end with a document word. The issuer is
 * the place the title opens with, else a national body or the report's own government
 * named in the sentence; the year is the title's, else the sentence's.
 */
import type { SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { policyRules } from '../../dictionaries.ts';
import type { PlaceMention } from './places.ts';
import { sentenceAt } from './context.ts';

export interface PolicyMention {
  title: string;
  issuer: string | null;
  year: number | null;
  start: number;
  end: number;
  sentence: Sentence;
}

const ANGLE = /《([^《》\n]{2,120})》/g;
const QUOTED = /[“「]([^“”「」\n]{4,60})[”」]/g;

export function extractPolicies(doc: SegmentedDocument, places: PlaceMention[], subject: string | null): PolicyMention[] {
  const rules = policyRules();
  const out: PolicyMention[] = [];
  const add = (title: string, start: number, end: number) => {
    const sentence = sentenceAt(doc, start);
    if (!sentence) return;
    const inTitle = places.filter((p) => p.start >= start && p.end <= end);
    out.push({ title, issuer: issuerOf(doc, title, start, inTitle, sentence, subject), year: yearOf(title, sentence, start), start, end, sentence });
  };
  for (const m of doc.text.matchAll(ANGLE)) {
    const title = m[1]!.trim();
    if (rules.publicationEndings.some((w) => title.endsWith(w)) || rules.publicationWords.some((w) => title.includes(w))) continue;
    const after = doc.text.slice(m.index + m[0].length, m.index + m[0].length + 4);
    if (rules.publicationAfter.some((w) => after.startsWith(w))) continue;
    add(title, m.index, m.index + m[0].length);
  }
  for (const m of doc.text.matchAll(QUOTED)) {
    const title = m[1]!.trim();
    // “一户一方案、一人一措施”: an enumeration in quotes is a slogan, not a document.
    if (!rules.documentWords.some((w) => title.endsWith(w)) || /[、，,]/.test(title)) continue;
    // Inside a 《》 title it is part of that title, not a title of its own.
    if (out.some((p) => m.index > p.start && m.index < p.end)) continue;
    add(title, m.index, m.index + m[0].length);
  }
  return out.sort((a, b) => a.start - b.start);
}

function issuerOf(doc: SegmentedDocument, title: string, start: number, inTitle: PlaceMention[], sentence: Sentence, subject: string | null): string | null {
  const rules = policyRules();
  const first = inTitle[0];
  // The title opens with its government's place (淮北市2019年…, 安徽省…): that place issued it.
  if (first?.code && first.start - start <= 6 && /^(\d{4}年度?)?$/.test(doc.text.slice(start + 1, first.start))) return first.code;
  if (/^(中共中央|国务院|国家)/.test(title)) return 'CN';
  // The issuer named nearest before the title: a national body (六部委联合印发) or our own government.
  const before = doc.text.slice(sentence.start, start);
  const national = Math.max(...rules.nationalIssuers.map((w) => before.lastIndexOf(w)));
  const own = Math.max(...rules.selfIssuers.map((w) => before.lastIndexOf(w)));
  const province = subject ? Math.max(...rules.provinceIssuers.map((w) => before.lastIndexOf(w))) : -1;
  if (national > own && national > province) return 'CN';
  if (province > own && subject) return subject.slice(0, 2);
  return subject;
}

function yearOf(title: string, sentence: Sentence, start: number): number | null {
  const inTitle = /(20\d{2}|19\d{2})\s*年/.exec(title);
  if (inTitle) return Number(inTitle[1]);
  // A year written in the same sentence before the title (not inside another title): the year it was issued.
  const before = sentence.text.slice(0, Math.max(0, start - sentence.start)).replace(/《[^》]*》|“[^”]*”/g, '');
  const years = [...before.matchAll(/(20\d{2})年(?!度?(以来|以前|之前|底前))/g)];
  return years.length > 0 ? Number(years.at(-1)![1]) : null;
}
