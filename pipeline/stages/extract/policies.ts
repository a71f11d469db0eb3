/**
 * Policies: titles in 《》, and in “” or 「」 when they end with a document word. The issuer is
 * the place the title opens with, else a national body or the report's own government
 * named in the sentence; the year is the title's, else the sentence's.
 */
import type { SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { policyRules } from '../../dictionaries.ts';
import type { PlaceMention } from './places.ts';
import { sentenceAt } from './context.ts';
import type { Divisions } from '../../gazetteer/divisions.ts';

export interface PolicyMention {
  title: string;
  issuer: string | null;
  year: number | null;
  start: number;
  end: number;
  sentence: Sentence;
}

const ANGLE = /《([^《》\n]{2,120})》/g;
/** A title inside a title: 《关于印发〈…实施办法(试行)〉的通知》, also written with < >. */
const INNER = /[〈<]([^〈〉<>\n]{2,100})[〉>]/g;
const QUOTED = /[“「]([^“”「」\n]{2,60})[”」]([\p{Script=Han}\d+]{0,20})/gu;
/** Titles of four characters or fewer (“两张清单”, 《批复》 re-cited) are phrases, not documents. */
const MIN_TITLE = 5;

export function extractPolicies(doc: SegmentedDocument, places: PlaceMention[], subject: string | null, divisions: Divisions): PolicyMention[] {
  const rules = policyRules();
  const out: PolicyMention[] = [];
  const publication = (title: string) => rules.publicationEndings.some((w) => title.endsWith(w)) || rules.publicationWords.some((w) => title.includes(w));
  const add = (title: string, start: number, end: number) => {
    const sentence = sentenceAt(doc, start);
    if (!sentence || title.length < MIN_TITLE) return;
    const inTitle = places.filter((p) => p.start >= start && p.end <= end);
    out.push({ title, issuer: issuerOf(doc, title, start, inTitle, sentence, subject, divisions), year: yearOf(title, sentence, start), start, end, sentence });
  };
  for (const m of doc.text.matchAll(ANGLE)) {
    const title = m[1]!.trim();
    if (publication(title)) continue;
    const after = doc.text.slice(m.index + m[0].length, m.index + m[0].length + 4);
    if (rules.publicationAfter.some((w) => after.startsWith(w))) continue;
    add(title, m.index, m.index + m[0].length);
    // The document a notice issues is a policy of its own.
    for (const inner of title.matchAll(INNER)) {
      const at = m.index + 1 + (m[1]!.length - m[1]!.trimStart().length) + inner.index;
      if (!publication(inner[1]!)) add(inner[1]!.trim(), at, at + inner[0].length);
    }
  }
  for (const m of doc.text.matchAll(QUOTED)) {
    // “19+1”扶贫专项实施方案: a name only partly in quotes is a policy when the whole name ends with a document word.
    const tail = m[2] ?? '';
    // The name must go on past its document word (“一户一策”方案 is a plan per household, not a title).
    const whole = rules.documentWords.some((w) => tail.endsWith(w) && tail.length >= w.length + 2) ? m[0] : null;
    const title = whole ?? m[1]!.trim();
    // “一户一方案、一人一措施”: an enumeration in quotes is a slogan, not a document.
    if (!rules.documentWords.some((w) => title.endsWith(w)) || /[、，,]/.test(title)) continue;
    // Inside a 《》 title it is part of that title, not a title of its own.
    if (out.some((p) => m.index > p.start && m.index < p.end)) continue;
    add(title, m.index, m.index + (whole ? m[0].length : m[1]!.length + 2));
  }
  return out.sort((a, b) => a.start - b.start);
}

/** 中共江西省委 江西省人民政府关于…: the government a title opens with (party committee or government), by the division index. */
function titleGovernment(title: string, divisions: Divisions): string | null {
  const body = title.replace(/^(中共|中国共产党)/, '').replace(/^\d{4}年度?/, '');
  const keys = divisions.keysAt(body, 0);
  for (const { length, entries } of keys) {
    const codes = [...new Set(entries.filter((e) => e.kind === 'full' && e.code.length <= 6).map((e) => e.code))];
    if (codes.length === 1 && /^(委|人民政府|政府|省|市|县|扶贫|脱贫|党委|办公厅|办公室|\d{4}|关于)/.test(body.slice(length)) ) return codes[0]!;
  }
  return null;
}

function issuerOf(doc: SegmentedDocument, title: string, start: number, inTitle: PlaceMention[], sentence: Sentence, subject: string | null, divisions: Divisions): string | null {
  const rules = policyRules();
  const first = inTitle[0];
  // The title opens with its government's place (淮北市2019年…, 安徽省…): that place issued it.
  if (first?.code && first.start - start <= 6 && /^(\d{4}年度?)?$/.test(doc.text.slice(start + 1, first.start))) return first.code;
  const government = titleGovernment(title, divisions);
  if (government) return government;
  if (/^(中共中央|国务院|国家)/.test(title)) return 'CN';
  // The issuer named nearest before the title: a national body (六部委联合印发) or our own government.
  // Words inside other titles of the sentence are not its issuers.
  const before = doc.text.slice(sentence.start, start).replace(/《[^》]*》/g, (t) => ' '.repeat(t.length));
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
