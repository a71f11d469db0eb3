/**
 * The subject of a report: the narrowest place most of its statements are about (annotation
 * guide, Subject). Each sentence supports the places it names and all their ancestors, once;
 * 我县 / 全镇 … support the document's place of that level; the title counts as several
 * sentences. The subject is the deepest place whose support reaches a share of the best
 * supported one, so a county report that names its prefecture once stays the county, a
 * province report that lists twenty counties stays the province, and a report that names only
 * townships of one county (经棚镇, 红山子乡福盛号村) has that county as subject. A narrower
 * place must also stand out among the places of its level (one of twenty counties a notice
 * lists alike is not its subject).
 * Datelines (新华社贵阳电) and places inside organisation names never count.
 */
import { ancestorCodes, type PlaceLevel, type SegmentedDocument } from '../../../schemas/index.ts';
import type { Divisions } from '../../gazetteer/divisions.ts';
import { sentenceAt } from './context.ts';

export interface SubjectMention {
  code: string | null;
  start: number;
  end: number;
  /** In a dateline, credit or speaker label: names a place, says nothing about it. */
  framing?: boolean;
}

export interface SubjectCandidate {
  code: string;
  support: number;
  /** Sentences that name it or one of its parts. */
  named: number;
  /** Sentences that refer to it as 我县 / 全县 …. */
  self: number;
  inTitle: boolean;
}

export interface SubjectDecision {
  code: string | null;
  reason: string;
  candidates: SubjectCandidate[];
}

/** How many sentences the title counts for. */
const TITLE_WEIGHT = 3;
/** The subject needs more than half the best supported place's support (most statements)… */
const SHARE = 0.55;
/** …and more than this many times the support of any other place of its level. */
const DOMINANCE = 1.5;

const SELF_LEVEL: Record<string, PlaceLevel> = {
  省: 'province', 区: 'county', 州: 'prefecture', 盟: 'prefecture', 市: 'prefecture', 县: 'county', 旗: 'county', 镇: 'township', 乡: 'township', 村: 'village',
};

export function decideSubject(
  doc: SegmentedDocument,
  mentions: readonly SubjectMention[],
  selfWords: readonly { start: number; word: string }[],
  divisions: Divisions,
): SubjectDecision {
  const titleEnd = doc.meta.title && doc.text.startsWith(doc.meta.title) ? doc.meta.title.length : (doc.paragraphs[0]?.heading ? doc.paragraphs[0].end : 0);
  const bySentence = new Map<number, Set<string>>();
  const inTitle = new Set<string>();
  const direct = new Map<string, number>();
  for (const m of mentions) {
    if (!m.code || m.framing || m.code === 'CN') continue;
    const codes = [m.code, ...ancestorCodes(m.code)];
    if (m.start < titleEnd) {
      for (const c of codes) inTitle.add(c);
      continue;
    }
    const s = sentenceAt(doc, m.start)?.index ?? -1;
    const set = bySentence.get(s) ?? new Set<string>();
    for (const c of codes) set.add(c);
    bySentence.set(s, set);
    direct.set(m.code, (direct.get(m.code) ?? 0) + 1);
  }
  const support = new Map<string, { named: number; self: number }>();
  const bump = (code: string, key: 'named' | 'self', n = 1) => {
    const s = support.get(code) ?? { named: 0, self: 0 };
    s[key] += n;
    support.set(code, s);
  };
  for (const set of bySentence.values()) for (const c of set) bump(c, 'named');
  for (const c of inTitle) bump(c, 'named', TITLE_WEIGHT);

  // 我县 / 全县 support the document's place of that level: the best supported one named, or
  // the one all named parts lie in (a township report that never names its county).
  const selfSentences = new Map<PlaceLevel, Set<number>>();
  const levels = new Map<string, PlaceLevel | null>();
  for (const w of selfWords) {
    let level = levels.get(w.word);
    if (level === undefined) levels.set(w.word, (level = selfLevel(w.word, divisions, support)));
    if (!level) continue;
    const s = sentenceAt(doc, w.start)?.index ?? -1;
    const set = selfSentences.get(level) ?? new Set<number>();
    set.add(s);
    selfSentences.set(level, set);
  }
  for (const [level, sentences] of selfSentences) {
    const target = bestOfLevel(level, support);
    if (target) bump(target, 'self', sentences.size);
  }

  const candidates: SubjectCandidate[] = [...support.entries()].map(([code, s]) => ({
    code, support: s.named + s.self, named: s.named, self: s.self, inTitle: inTitle.has(code),
  })).sort((a, b) => b.support - a.support || a.code.length - b.code.length);
  if (candidates.length === 0) return { code: null, reason: 'no place is named outside datelines and organisation names', candidates };
  const top = candidates[0]!.support;
  // Deepest first; among equals the better supported.
  // A narrower place must stand out among its own level: one of several listed alike
  // (a notice naming twenty counties) is not what the report is about.
  const dominant = (c: SubjectCandidate) => candidates.every((o) => o === c || o.code.length !== c.code.length || c.support > DOMINANCE * o.support);
  const eligible = candidates.filter((c) => c.support >= SHARE * top && dominant(c) && (c.self > 0 || c.inTitle || (direct.get(c.code) ?? 0) > 0 || impliedOk(c, candidates)));
  eligible.sort((a, b) => b.code.length - a.code.length || b.support - a.support);
  const best = eligible[0] ?? candidates[0]!;
  const name = divisions.nameOf(best.code) ?? best.code;
  return {
    code: best.code,
    reason: `${name}: support ${best.support} (${best.named} naming, ${best.self} 我/全 references${best.inTitle ? ', in the title' : ''}) of the best ${top}; the narrowest place with more than half of it that stands out among its level`,
    candidates,
  };
}

/** A place never named itself is a subject only as the one unit its named parts share (the county of several townships). */
function impliedOk(c: SubjectCandidate, all: SubjectCandidate[]): boolean {
  if (c.code.length < 6) return false;
  const children = all.filter((o) => o.code.length > c.code.length && o.code.startsWith(c.code) && o.code.length === nextLevelLength(c.code.length));
  return children.length >= 2;
}

function nextLevelLength(n: number): number {
  return n === 2 ? 4 : n === 4 ? 6 : n === 6 ? 9 : 12;
}

function selfLevel(word: string, divisions: Divisions, support: Map<string, unknown>): PlaceLevel | null {
  const unit = word.at(-1) ?? '';
  const level = SELF_LEVEL[unit];
  if (!level) return null;
  // 我市 in a county-level city's report (定州市, 界首市) is the county.
  if (unit === '市') {
    const cities = [...support.keys()].filter((c) => c.length === 6 && /市$/.test(divisions.nameOf(c) ?? ''));
    const prefectures = [...support.keys()].filter((c) => c.length === 4);
    if (cities.length > 0 && prefectures.length <= 1) {
      const best = cities.sort((a, b) => a.localeCompare(b))[0];
      if (best && !prefectures.some((p) => !best.startsWith(p))) return 'county';
    }
  }
  // 全区 is a county's district or an autonomous region (广西 / 西藏): read by what is named.
  if (unit === '区' && ![...support.keys()].some((c) => c.length === 6) && [...support.keys()].some((c) => c.length === 2)) return 'province';
  return level;
}

const LEVEL_LENGTH: Record<PlaceLevel, number> = { province: 2, prefecture: 4, county: 6, township: 9, village: 12 };

function bestOfLevel(level: PlaceLevel, support: Map<string, { named: number; self: number }>): string | null {
  const n = LEVEL_LENGTH[level];
  let best: string | null = null;
  let score = 0;
  for (const [code, s] of support) {
    if (code.length !== n) continue;
    if (s.named > score) [best, score] = [code, s.named];
    else if (s.named === score) best = null;
  }
  return best;
}

