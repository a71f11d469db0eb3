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
 *    opens on a single place (隆冬时节,浑源县南榆林乡泥沟村65岁的贫困户…);
 * 5. else the subject.
 */
import type { SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import { narrowPlacesIn } from './attribute.ts';
import { within } from './context.ts';
import type { PlaceResult } from './places.ts';

const CLAUSE_BREAK = /[,，;；:：]/;
/** How far into a sentence its place may start and still be the sentence's topic. */
const TOPIC_LEAD = 4;
/** A leading time phrase (11月26日, / 隆冬时节,) is not part of that lead. */
const LEADING_TIME = /^[^,，]{0,10}[月日时节][,，]/;

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
  if (a === sentence.start) return narrowest(places, sentence, sentence.start, sentence.end);
  let opening = sentence.start;
  while (opening < sentence.end && !CLAUSE_BREAK.test(text[opening]!)) opening++;
  return narrowest(places, sentence, sentence.start, opening);
}

/** The narrowest non-subject places the span names, inside the subject. */
function narrowest(places: PlaceResult, sentence: Sentence, from: number, to: number): string[] {
  return narrowPlacesIn({ ...places, mentions: within(places.mentions, from, to) }, sentence).filter((c) => c !== places.subject);
}

function carriedTopic(doc: SegmentedDocument, places: PlaceResult, sentence: Sentence): string[] {
  const prev = sentenceBefore(doc, sentence);
  if (!prev || prev.paragraph !== sentence.paragraph) return [];
  const codes = narrowest(places, prev, prev.start, prev.end);
  if (codes.length !== 1) return [];
  const first = places.mentions.find((m) => m.code && !m.framing && m.start >= prev.start && m.start < prev.end && codes[0]!.startsWith(m.code));
  if (!first) return [];
  const lead = doc.text.slice(prev.start, first.start).replace(/^[“"(（]/, '').replace(LEADING_TIME, '');
  return lead.length <= TOPIC_LEAD ? codes : [];
}

/** The sentence before `sentence`, by binary search over the sorted sentences (a linear indexOf per mention is quadratic on long reports). */
function sentenceBefore(doc: SegmentedDocument, sentence: Sentence): Sentence | undefined {
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
  return found === -1 ? undefined : doc.sentences[found];
}
