/**
 * Where a program was carried out: the narrowest places of its statement (guide: "a narrower
 * place named in the same statement wins"), else the subject.
 *
 * The statement is read at clause level, since a sentence often lists places of another
 * clause (麟游、陇县…5个贫困县顺利脱贫摘帽,“嵌入式”产业扶贫成效不断扩大: the counties
 * left poverty; the program is the city's):
 * 1. the places of the trigger's own clause;
 * 2. a trigger in the sentence's opening clause is its topic (县域结对帮扶方面,…为金寨县、
 *    霍邱县…提供): the places of the whole sentence;
 * 3. an opening clause that names places frames the clauses after it (在牡丹区高庄镇,…);
 * 4. a sentence naming no place continues the one before it in the paragraph when that one
 *    opens on a single place (隆冬时节,浑源县南榆林乡泥沟村65岁的贫困户…), or when it opens
 *    on an anaphor (…巴卡村的建档立卡贫困户。3年来,他参加…: data/places.yaml `anaphors`);
 * 5. else the subject.
 * A lead-in of time or attribution (11月26日, / 3年来, / 据了解,) is never the opening clause:
 * the clause after it is (data/places.yaml `leadIns`).
 * Conversely, a program statement followed by an anaphoric sentence that names places (…入住
 * 那曲市城北易地扶贫搬迁项目。记者获悉,该批次入住的贫困群众包含索县6户…) reached those places too.
 */
import type { SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { narrowPlacesIn } from './attribute.ts';
import { within } from './context.ts';
import type { PlaceResult } from './places.ts';
import { placeRules } from '../../dictionaries.ts';

const CLAUSE_BREAK = /[,，;；:：]/;
/** How far into a sentence its place may start and still be the sentence's topic. */
const TOPIC_LEAD = 4;
/** How many sentences back an anaphor may reach through sentences that name no place. */
const ANAPHOR_CHAIN = 3;

let compiled: { leadIns: RegExp[]; anaphors: string[] } | undefined;
function rules() {
  if (!compiled) {
    const r = placeRules();
    compiled = { leadIns: r.leadIns.map((source) => new RegExp(source, 'u')), anaphors: [...r.anaphors].sort((x, y) => y.length - x.length) };
  }
  return compiled;
}

/** Where a sentence's topic starts: after an opening quote or bracket and any leading time phrases. */
function topicStart(text: string, sentence: Sentence): number {
  let at = sentence.start;
  if (/[“"(（]/.test(text[at] ?? '')) at++;
  for (let round = 0; round < 3; round++) {
    const rest = text.slice(at, Math.min(sentence.end, at + 24));
    const hit = rules().leadIns.map((re) => re.exec(rest)).find((m) => m && m[0].length > 0);
    if (!hit) break;
    at += hit[0].length;
  }
  return at;
}

export function programPlaces(doc: SegmentedDocument, places: PlaceResult, sentence: Sentence, start: number, end: number): string[] {
  const own = statementPlaces(doc, places, sentence, start, end);
  if (own.length > 0) return own;
  const carried = carriedTopic(doc, places, sentence);
  if (carried.length > 0) return carried;
  return places.subject ? [places.subject] : [];
}

function statementPlaces(doc: SegmentedDocument, places: PlaceResult, sentence: Sentence, start: number, end: number): string[] {
  const text = doc.text;
  let a = start;
  while (a > sentence.start && !CLAUSE_BREAK.test(text[a - 1]!)) a--;
  let b = end;
  while (b < sentence.end && !CLAUSE_BREAK.test(text[b]!)) b++;
  const inClause = narrowest(places, sentence, a, b);
  if (inClause.length > 0) return inClause;
  if (a <= topicStart(text, sentence)) return narrowest(places, sentence, sentence.start, sentence.end);
  return narrowest(places, sentence, sentence.start, openingEnd(text, sentence));
}

/** Where the sentence's opening clause (after any lead-in) ends. */
function openingEnd(text: string, sentence: Sentence): number {
  let end = topicStart(text, sentence);
  while (end < sentence.end && !CLAUSE_BREAK.test(text[end]!)) end++;
  return end;
}

/** The narrowest non-subject places the span names, inside the subject. */
function narrowest(places: PlaceResult, sentence: Sentence, from: number, to: number): string[] {
  return narrowPlacesIn({ ...places, mentions: within(places.mentions, from, to) }, sentence).filter((c) => c !== places.subject);
}

function carriedTopic(doc: SegmentedDocument, places: PlaceResult, piece: Sentence): string[] {
  const sentence = statementHead(doc, piece);
  if (sentence !== piece) {
    // The statement's opening clause frames its later pieces, as it frames later clauses.
    const framed = narrowest(places, sentence, sentence.start, openingEnd(doc.text, sentence));
    if (framed.length > 0) return framed;
  }
  const anaphoric = opensOnAnaphor(doc.text, sentence);
  let current = sentence;
  for (let step = 0; step < (anaphoric ? ANAPHOR_CHAIN : 1); step++) {
    const prev = sentenceBefore(doc, current);
    if (!prev || prev.paragraph !== sentence.paragraph) return [];
    const codes = narrowest(places, prev, prev.start, prev.end);
    if (codes.length > 1) return [];
    if (codes.length === 1) {
      if (anaphoric) return codes;
      const first = places.mentions.find((m) => m.code && !m.framing && m.start >= prev.start && m.start < prev.end && codes[0]!.startsWith(m.code));
      return first && first.start - topicStart(doc.text, prev) <= TOPIC_LEAD ? codes : [];
    }
    current = prev;
  }
  return [];
}

/** The places of the paragraph's next sentence when it refers back to this one (opens on an anaphor). */
export function continuationPlaces(doc: SegmentedDocument, places: PlaceResult, sentence: Sentence): { sentence: Sentence; places: string[] } | undefined {
  const i = sentenceIndexBefore(doc, sentence) + 1;
  const next = doc.sentences[i + 1];
  if (doc.sentences[i] !== sentence || !next || next.paragraph !== sentence.paragraph || !opensOnAnaphor(doc.text, next)) return undefined;
  const codes = narrowest(places, next, next.start, next.end);
  return codes.length > 0 ? { sentence: next, places: codes } : undefined;
}

/** Pieces split at a semicolon are one statement (‘企业流转土地,…租金;进入园区打工,…薪金;…’): its first piece. */
function statementHead(doc: SegmentedDocument, sentence: Sentence): Sentence {
  let head = sentence;
  for (let prev = sentenceBefore(doc, head); prev && prev.paragraph === head.paragraph && /[;；]\s*$/.test(doc.text.slice(prev.start, prev.end)); prev = sentenceBefore(doc, head)) head = prev;
  return head;
}

function opensOnAnaphor(text: string, sentence: Sentence): boolean {
  const at = topicStart(text, sentence);
  return rules().anaphors.some((word) => text.startsWith(word, at));
}

/** The sentence before `sentence`, by binary search over the sorted sentences (a linear indexOf per mention is quadratic on long reports). */
function sentenceBefore(doc: SegmentedDocument, sentence: Sentence): Sentence | undefined {
  const found = sentenceIndexBefore(doc, sentence);
  return found === -1 ? undefined : doc.sentences[found];
}

function sentenceIndexBefore(doc: SegmentedDocument, sentence: Sentence): number {
  let lo = 0;
  let hi = doc.sentences.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (doc.sentences[mid]!.start < sentence.start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
