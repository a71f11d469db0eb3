/**
 * extract: SegmentedDocument → ExtractionRecord (the annotation guide's shape), every fact
 * with its evidence: the sentence and its offsets in the original file.
 */
import type { ExtractedPlace, ExtractionRecord, SegmentedDocument, Sentence } from '../../../schemas/index.ts';
import type { Divisions } from '../../gazetteer/divisions.ts';
import { governingYears, narrowPlacesIn, placeFor, yearFor } from './attribute.ts';
import { evidenceOf, originalSpan, sentenceAt, within } from './context.ts';
import { extractFigures } from './figures.ts';
import { extractPlaces, type PlaceResult } from './places.ts';
import { extractPolicies } from './policies.ts';
import { continuationPlaces, programPlaces } from './program-places.ts';
import { extractPrograms } from './programs.ts';
import { policyRules } from '../../dictionaries.ts';
import { figureId } from './ids.ts';
import { factKey, ratesAndParts } from './totals.ts';

/** How far after a figure the program it counts may be named (1544人搬迁安置任务: 0). */
const PROGRAM_AFTER = 4;
const COUNTED = /([两二三四五六七八九十])(县|区|市|镇|乡|村)/g;
const COUNT: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export function extract(doc: SegmentedDocument, divisions: Divisions): ExtractionRecord {
  return extractTraced(doc, divisions).record;
}

/** The record with the place resolver's result (mentions, subject decision), for `eval --explain`. */
export function extractTraced(doc: SegmentedDocument, divisions: Divisions): { record: ExtractionRecord; places: PlaceResult } {
  const placeResult = extractPlaces(doc, divisions);
  const subject = placeResult.subject;

  const places = new Map<string, ExtractedPlace>();
  for (const m of placeResult.mentions) {
    const key = m.code ?? `${m.name}@${m.parent ?? ''}`;
    const surface = doc.surfaceText.slice(m.start, m.end);
    const have = places.get(key);
    if (have) {
      if (!have.surface.includes(surface)) have.surface.push(surface);
      have.count = (have.count ?? 1) + 1;
      continue;
    }
    const around = sentenceAt(doc, m.start);
    const sentence = around && around.end >= m.end ? around : undefined;
    const place: ExtractedPlace = { code: m.code, name: m.name, level: m.level, surface: [surface], count: 1 };
    if (m.parent) place.parent = m.parent;
    if (sentence) place.evidence = { ...evidenceOf(doc, sentence), ...originalSpan(doc, m.start, m.end) };
    places.set(key, place);
  }

  const programMentions = extractPrograms(doc);
  const programs = [...new Set(programMentions.map((p) => p.program))];
  const programPairs = new Map<string, ExtractionRecord['program_places'][number]>();
  // The first statement of a pair is its evidence.
  const pair = (program: string, place: string, sentence: Sentence) => {
    const key = `${program}|${place}`;
    if (!programPairs.has(key)) programPairs.set(key, { program, place, evidence: evidenceOf(doc, sentence) });
  };
  for (const p of programMentions) for (const place of programPlaces(doc, placeResult, p.sentence, p.start, p.end)) pair(p.program, place, p.sentence);
  const withPrograms = new Set(programMentions.map((p) => p.sentence));
  for (const p of programMentions) {
    const next = continuationPlaces(doc, placeResult, p.sentence);
    if (next && !withPrograms.has(next.sentence)) for (const place of next.places) pair(p.program, place, next.sentence);
  }

  const policyMentions = extractPolicies(doc, placeResult.mentions, subject, divisions);
  const policies = new Map<string, ExtractionRecord['policies'][number]>();
  const policyPlaces = new Map<string, ExtractionRecord['policy_places'][number]>();
  for (const [k, p] of policyMentions.entries()) {
    if (!policies.has(p.title)) policies.set(p.title, { title: p.title, issuer: p.issuer, year: p.year, evidence: evidenceOf(doc, p.sentence) });
    const own = p.issuer ?? subject;
    let targets: string[];
    let fromSet = false;
    // A title inside another (关于印发〈…〉的通知) shares its enclosing title's reading.
    const outer = policyMentions.findIndex((o) => o.start < p.start && o.end >= p.end);
    if (citedAsBasis(doc, policyMentions, outer === -1 ? k : outer)) {
      // 根据《…》: a policy cited only as the basis of another applies to its issuer's place.
      targets = [];
    } else {
      // What the text says the policy applies to follows its title, up to the next title.
      const next = policyMentions.slice(k + 1).find((o) => o.start >= p.end);
      const until = next && next.sentence === p.sentence ? next.start : p.sentence.end;
      const after = within(placeResult.mentions, p.end, until);
      targets = narrowPlacesIn({ ...placeResult, mentions: after }, p.sentence).filter((c) => c !== subject && c !== own);
      const counted = countedReference(doc, placeResult, p.end, until);
      if (counted.length > 0) targets = counted;
      // 关于同意邵阳县等20个县市脱贫摘帽的批复: a notice over a set applies to each place the text lists of that set.
      const listed = listedSet(p.title, placeResult, own);
      if (listed.length > 0) targets = listed;
      fromSet = listed.length > 0;
    }
    // Else the issuer's own place; a policy the report's own government issued or carried out
    // (执行《…细则》) also applies to the report's place.
    if (targets.length === 0 || (p.issuer === subject && !fromSet)) targets.push(carriedOut(doc, p) && subject ? subject : own ?? '');
    for (const place of targets.filter(Boolean)) {
      const key = `${p.title}|${place}`;
      if (!policyPlaces.has(key)) policyPlaces.set(key, { policy: p.title, place, evidence: evidenceOf(doc, p.sentence) });
    }
  }

  const governing = governingYears(doc);
  const programsBySentence = new Map<object, typeof programMentions>();
  for (const p of programMentions) {
    const list = programsBySentence.get(p.sentence);
    if (list) list.push(p);
    else programsBySentence.set(p.sentence, [p]);
  }
  const found = doc.meta.digitsDamaged ? [] : extractFigures(doc, placeResult.mentions);
  const ids = found.map((f) => figureId(doc.id, doc.origin[f.start] ?? f.start));
  const kinds = ratesAndParts(doc, found.map((f, k) => ({ ...f, id: ids[k]! })));
  const figures = found.map((f, k) => {
    const inSentence = programsBySentence.get(f.sentence) ?? [];
    let programsHere = inSentence.filter((p) => p.end <= f.start);
    // Else the work named right after the figure, in its clause (1544人搬迁安置任务).
    if (programsHere.length === 0) programsHere = inSentence.filter((p) => p.start >= f.end && p.start - f.end <= PROGRAM_AFTER && !/[,，;；。]/.test(doc.text.slice(f.end, p.start)));
    const distinct = [...new Set(programsHere.map((p) => p.program))];
    const figure: ExtractionRecord['figures'][number] = {
      id: ids[k]!,
      surface: f.surface,
      value: f.value,
      unit: f.unit,
      category: f.category,
      metric: f.metric,
      place: placeFor(doc, placeResult, f.sentence, f.start),
      year: yearFor(doc, f.sentence, f.start, governing),
      approx: f.approx,
      per: kinds[k]!.per,
      partOf: kinds[k]!.partOf,
      evidence: evidenceOf(doc, f.sentence),
    };
    figure.factKey = factKey({ ...figure, per: figure.per ?? null });
    if (distinct.length === 1) figure.program = distinct[0]!;
    return figure;
  });

  const record: ExtractionRecord = {
    doc: doc.source.split('/').at(-1) ?? doc.source,
    doc_id: doc.id,
    title: doc.meta.title,
    subject,
    report_year: doc.meta.reportYear,
    digits_damaged: doc.meta.digitsDamaged,
    places: [...places.values()],
    programs,
    policies: [...policies.values()],
    figures,
    program_places: [...programPairs.values()],
    policy_places: [...policyPlaces.values()],
  };
  return { record, places: placeResult };
}

/** Does the sentence carry the policy out (执行 / 落实 / 贯彻《…》)? */
function carriedOut(doc: SegmentedDocument, p: { start: number; sentence: { start: number } }): boolean {
  const before = doc.text.slice(Math.max(p.sentence.start, p.start - 8), p.start);
  return policyRules().implementVerbs.filter((v) => !/^(根据|依据|按照|依照|对照)$/.test(v)).some((v) => before.includes(v));
}

/** Is the policy at k cited as the basis of another (根据《…》、《…》…)? */
function citedAsBasis(doc: SegmentedDocument, all: { start: number; end: number; sentence: object }[], at: number): boolean {
  // Titles nested in another one do not break the run.
  const mentions = all.filter((m) => !all.some((o) => o !== m && o.start < m.start && o.end >= m.end));
  const k = mentions.indexOf(all[at]!);
  if (k === -1) return false;
  let first = k;
  // A run of titles joined by 、 / 和 / , shares the word before the first one.
  while (first > 0 && mentions[first - 1]!.sentence === mentions[k]!.sentence && /^[、,，和及与\s]*$/.test(stripIssuers(doc.text.slice(mentions[first - 1]!.end, mentions[first]!.start)))) first--;
  const before = doc.text.slice(Math.max(0, mentions[first]!.start - 24), mentions[first]!.start);
  return /(根据|依据|按照|依照)[^,，。;；]{0,20}$/.test(before);
}

/** Between two cited titles sit their issuers (…印发的《…》,中共四川省委办公厅…印发的《…》). */
function stripIssuers(gap: string): string {
  return gap
    .replace(/[(（][^()（）]*[)）]/g, '') // document numbers (国开办发〔2017〕56号)
    .replace(/[^,，、《》]*(印发|发布|出台|制定)的/g, '')
    .replace(/[\p{Script=Han}]{2,24}$/u, ''); // the issuer right before the next title (国务院扶贫办《…》)
}

/**
 * A title over a set of places (叙永县等31个贫困县, 邵阳县等20个县市): the places of that
 * set's level the text names, inside the issuer's area.
 */
function listedSet(title: string, places: ReturnType<typeof extractPlaces>, issuer: string | null): string[] {
  const m = /([\p{Script=Han}]{2,8}?)等(?:\d+|[两二三四五六七八九十百]+)个/u.exec(title);
  if (!m) return [];
  const head = places.mentions.find((x) => x.code && title.includes(x.surface) && m[1]!.endsWith(x.surface));
  if (!head?.code) return [];
  const level = head.code.length;
  const area = issuer && issuer !== 'CN' ? issuer : head.code.slice(0, 2);
  const codes = [...new Set(places.mentions.filter((x) => x.code && !x.framing && x.code.length === level && x.code.startsWith(area)).map((x) => x.code!))];
  return codes.length >= 2 ? codes : [];
}

/** 霍邱县、金寨县 … 两县: the last N places of that level named before, in this sentence or earlier. */
function countedReference(doc: SegmentedDocument, places: ReturnType<typeof extractPlaces>, from: number, to: number): string[] {
  const sentenceText = doc.text.slice(from, to);
  for (const m of sentenceText.matchAll(COUNTED)) {
    const n = COUNT[m[1]!] ?? 0;
    const suffix = m[2]!;
    const at = from + m.index;
    const seen: string[] = [];
    for (const p of [...places.mentions].reverse()) {
      if (p.end > at || !p.code) continue;
      if (!p.name.endsWith(suffix)) continue;
      if (!seen.includes(p.code)) seen.push(p.code);
      if (seen.length === n) return seen.reverse();
    }
  }
  return [];
}
