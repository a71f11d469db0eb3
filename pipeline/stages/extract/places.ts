/**
 * Place recognition and linking. Names are matched against the division index; each match
 * is linked only when the context makes it certain: its parent named right before it (a
 * chain such as 寿县大顺镇官塘村), a parent named elsewhere in the report, the report's
 * subject, or a name that is unique. Townships and villages always need a parent in context.
 */
import { levelOfCode, type PlaceLevel, type SegmentedDocument } from '../../../schemas/index.ts';
import { placeRules } from '../../dictionaries.ts';
import { ETHNIC, shortNames, type Divisions, type KeyEntry } from '../../gazetteer/divisions.ts';
import { alternation } from './patterns.ts';
import { firstStartingAt } from './context.ts';
import { decideSubject, type SubjectDecision } from './subject.ts';

export interface PlaceMention {
  code: string | null;
  name: string;
  level: PlaceLevel;
  parent?: string;
  /** Offsets in the clean text. */
  start: number;
  end: number;
  surface: string;
  kind: KeyEntry['kind'] | 'list' | 'village' | 'unlisted';
  /** In a dateline or credit (新华社贵阳电): a mention that says nothing about the place. */
  framing?: boolean;
}

export interface PlaceResult {
  mentions: PlaceMention[];
  subject: string | null;
  /** Why the subject won, with every candidate's support (`--explain`). */
  subjectDecision: SubjectDecision;
  /** Spans of 我市 / 全市 …: references to the subject or, by their level, to one of its ancestors. */
  selfReferences: { start: number; end: number; word: string; code: string | null }[];
}

const MAX_VILLAGE = 8;
const isHan = (c: number) => c >= 0x3400 && c <= 0x9fff;
const COUNTED_SUFFIX = /([两二三四五六七八九十]{1,2})个?(区|县|市|镇|乡)/g;
const LIST_BEFORE = /((?:\p{Script=Han}{2,4}、){1,9}\p{Script=Han}{2,4})(?:等)?$/u;

let selfPattern: RegExp | null = null;

/** 六安市金寨县, 凉山州昭觉县: `b` follows `a` directly and lies inside it (a chain, not a list). */
export function continuesInto(a: { end: number; code: string | null }, b: { start: number; code: string | null } | undefined): boolean {
  return b !== undefined && b.start === a.end && a.code !== null && b.code !== null && b.code !== a.code && b.code.startsWith(a.code);
}

export function extractPlaces(doc: SegmentedDocument, divisions: Divisions): PlaceResult {
  const rules = placeRules();
  const text = doc.text;
  const blocked = blockedSpans(text, rules.notPlaces);
  const framing = framingSpans(doc, rules.framing);
  // Every pass reads the keys at each position: look them up once.
  const keyCache: (ReturnType<Divisions['keysAt']> | undefined)[] = new Array(text.length);
  const keysAt = (i: number) => (keyCache[i] ??= divisions.keysAt(text, i));
  const anchors = findAnchors(text, blocked, keysAt).filter((a) => !framing[a.start]);
  // A county implied by its townships matters only when the text names no county itself.
  const implied = anchors.some((a) => a.code.length === 6) ? null : impliedCounty(text, blocked, keysAt);
  selfPattern ??= new RegExp(alternation(rules.selfReferences), 'g');
  const selfWords = [...text.matchAll(selfPattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }));
  // A provisional subject from the unique names frames the linking; the subject itself is
  // decided on what was linked, and a different one links the text again in its frame.
  const provisional = chooseSubject(doc, anchors, selfWords, divisions) ?? implied;
  let mentions = linkPlaces(doc, divisions, { blocked, framing, keysAt, anchors, implied }, provisional);
  let decision = decideSubject(doc, mentions, selfWords, divisions);
  // Linking again pays only when the frame moves to another branch of the tree.
  const sameBranch = (a: string | null, b: string | null) => a !== null && b !== null && (a.startsWith(b) || b.startsWith(a));
  if (decision.code !== provisional && !sameBranch(decision.code, provisional)) {
    mentions = linkPlaces(doc, divisions, { blocked, framing, keysAt, anchors, implied }, decision.code);
    decision = decideSubject(doc, mentions, selfWords, divisions);
  }
  const subject = decision.code;
  const selfReferences = selfWords.map((w) => ({ ...w, code: referredPlace(w.word, w.start, subject, mentions, divisions) }));
  return { mentions, subject, subjectDecision: decision, selfReferences };
}

interface LinkInputs {
  blocked: Uint8Array;
  framing: Uint8Array;
  keysAt: (i: number) => ReturnType<Divisions['keysAt']>;
  anchors: Anchor[];
  implied: string | null;
}

/** Links every place name of the text in the frame of `subject`. */
function linkPlaces(doc: SegmentedDocument, divisions: Divisions, inputs: LinkInputs, subject: string | null): PlaceMention[] {
  const rules = placeRules();
  const text = doc.text;
  const { blocked, keysAt, anchors } = inputs;
  const named = new Set(anchors.map((a) => a.code));
  if (inputs.implied) named.add(inputs.implied);
  const ctx: Context = {
    text,
    divisions,
    // A province frames by its code prefix only: its townships still need a parent in context.
    subject: subject && subject.length >= 4 ? subject : null,
    province: subject ? subject.slice(0, 2) : majorityProvince(anchors),
    named,
    orgSuffixes: rules.orgSuffixes,
    companyWords: rules.companyWords,
    rejectedAt: new Uint8Array(text.length + 1),
    townshipSelf: /[我全本][镇乡]/.test(text),
    eventSuffixes: rules.eventSuffixes,
    ambiguous: new Set(rules.ambiguousShortNames),
    keysAt,
    nextVillageEnd: villageEnds(text),
  };
  const mentions: PlaceMention[] = [];
  const taken = new Uint8Array(text.length);
  for (const m of coordinatedLists(ctx)) {
    mentions.push(m);
    taken.fill(1, m.start, m.end);
  }
  let prev: PlaceMention | null = null;
  for (let i = 0; i < text.length; i++) {
    if (taken[i] || blocked[i] || !isHan(text.charCodeAt(i))) continue;
    const near = prev !== null && (prev.end === i || (prev.end === i - 1 && /[、,，和及与]/.test(text[i - 1]!))) ? prev : null;
    const found = matchAt(ctx, i, prev && prev.end === i ? prev : null, near);
    if (!found) continue;
    mentions.push(found);
    ctx.named.add(found.code ?? '');
    prev = found;
    i = found.end - 1;
  }
  mentions.push(...unlistedUnits(ctx, mentions, rules.unlistedUnits));
  mentions.sort((a, b) => a.start - b.start);
  for (const m of mentions) if (inputs.framing[m.start]) m.framing = true;
  return mentions;
}

/** Spans of datelines and credits (data/places.yaml `framing`), as a per-character mask. */
let framingPatterns: RegExp[] | null = null;

function framingSpans(doc: SegmentedDocument, patterns: string[]): Uint8Array {
  const mask = new Uint8Array(doc.text.length);
  const res = (framingPatterns ??= patterns.map((p) => new RegExp(p, 'gu')));
  for (const p of doc.paragraphs) {
    const line = doc.text.slice(p.start, p.end);
    for (const [k, re] of res.entries()) {
      // The first pattern (a dateline) only opens a paragraph; the others are bracketed credits.
      if (k === 0) {
        const head = line.slice(0, 40);
        if (!/[电讯電訊]/.test(head)) continue;
        re.lastIndex = 0;
        const m = re.exec(head);
        if (m?.index === 0) mask.fill(1, p.start, p.start + m[0].length);
        continue;
      }
      if (!/[(（]/.test(line)) continue;
      for (const m of line.matchAll(re)) mask.fill(1, p.start + m.index, p.start + m.index + m[0].length);
    }
  }
  return mask;
}

/**
 * The county a text implies by naming several of its townships without it (经棚镇 …
 * 红山子乡福盛号村 → 克什克腾旗): the one county that holds two or more of the full township
 * names of the text, when no other does.
 */
function impliedCounty(text: string, blocked: Uint8Array, keysAt: (i: number) => ReturnType<Divisions['keysAt']>): string | null {
  const byCounty = new Map<string, Set<string>>();
  for (let i = 0; i < text.length; i++) {
    if (blocked[i] || !isHan(text.charCodeAt(i))) continue;
    for (const { length, entries } of keysAt(i)) {
      // Full township names end in their unit word: other keys need no look at their entries.
      if (length < 3 || !/[镇乡木道]/.test(text[i + length - 1]!)) continue;
      for (const e of entries) {
        if (e.kind !== 'full' || e.code.length !== 9) continue;
        const county = e.code.slice(0, 6);
        const names = byCounty.get(county) ?? new Set<string>();
        names.add(text.slice(i, i + length));
        byCounty.set(county, names);
      }
    }
  }
  const ranked = [...byCounty.entries()].filter(([, n]) => n.size >= 2).sort((a, b) => b[1].size - a[1].size);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[1]![1].size === ranked[0]![1].size)) return null;
  return ranked[0]![0];
}

/**
 * The place 全省 / 全州 / 全市 / 全县 / 全镇 stands for (annotation guide, Figures/place): the
 * subject when it is of that level; its ancestor of that level when the word names a higher one
 * (全州 in a county's report is its prefecture; 全市 in a 县's report its city, but in a
 * county-level city's report the city itself); else the nearest unit of that level named
 * before it (马山县… 县扶贫办在全县选出 → 马山县).
 */
function referredPlace(word: string, at: number, subject: string | null, mentions: readonly PlaceMention[], divisions: Divisions): string | null {
  if (!subject) return null;
  const unit = word.at(-1);
  const countyCity = subject.length === 6 && /市$/.test(divisions.nameOf(subject) ?? '');
  const length = unit === '省' ? 2 : unit === '州' || unit === '盟' ? 4 : unit === '市' ? (countyCity ? 6 : 4)
    : unit === '镇' || unit === '乡' ? 9 : unit === '村' ? 12 : unit === '区' && subject.length === 2 ? 2 : 6;
  // 该村 / 该县: the one of that level named last before.
  const anaphor = word.startsWith('该');
  if (length === subject.length && !anaphor) return subject;
  if (length < subject.length && !anaphor) return subject.slice(0, length);
  for (let k = firstStartingAt(mentions, at) - 1; k >= 0; k--) {
    const m = mentions[k]!;
    if (m.code && !m.framing && m.code.length === length && (anaphor || m.code.startsWith(subject))) return m.code;
  }
  return length === subject.length ? subject : null;
}

/** 毛集实验区: a unit missing from the tables, unlinked, under the place named before it or the subject. */
function unlistedUnits(ctx: Context, found: PlaceMention[], rules: { suffixes: string[]; notNames: string[] }): PlaceMention[] {
  const out: PlaceMention[] = [];
  for (const suffix of rules.suffixes) {
    for (let at = ctx.text.indexOf(suffix); at !== -1; at = ctx.text.indexOf(suffix, at + 1)) {
      const start = at - 2;
      const core = ctx.text.slice(Math.max(0, start), at);
      if (start < 0 || core.length !== 2 || ![...core].every((c) => isHan(c.charCodeAt(0))) || rules.notNames.includes(core)) continue;
      const name = core + suffix;
      if (ctx.divisions.lookup(name).length > 0 || found.some((m) => m.start < at + suffix.length && m.end > start)) continue;
      const before = found.filter((m) => m.end === start && m.code && m.code.length <= 4).at(-1);
      const parent = before?.code ?? (ctx.subject && ctx.subject.length <= 4 ? ctx.subject : null);
      if (!parent) continue;
      out.push({ code: null, name, level: 'county', parent, start, end: at + suffix.length, surface: name, kind: 'unlisted' });
    }
  }
  return out;
}

interface Context {
  text: string;
  divisions: Divisions;
  subject: string | null;
  province: string | null;
  /** Codes named anywhere in the report so far (anchors first). */
  named: Set<string>;
  orgSuffixes: string[];
  companyWords: string[];
  /** Per end position: 0 not decided, 1 an organisation's name ends there, 2 not. */
  rejectedAt: Uint8Array;
  /** The text speaks of 我镇 / 全乡: a township report. */
  townshipSelf: boolean;
  eventSuffixes: string[];
  ambiguous: Set<string>;
  keysAt: (i: number) => ReturnType<Divisions['keysAt']>;
  nextVillageEnd: Int32Array;
}

interface Anchor {
  code: string;
  start: number;
  end: number;
}

function blockedSpans(text: string, words: string[]): Uint8Array {
  const blocked = new Uint8Array(text.length);
  for (const w of words) {
    for (let i = text.indexOf(w); i !== -1; i = text.indexOf(w, i + w.length)) blocked.fill(1, i, i + w.length);
  }
  return blocked;
}

/** Provinces, prefectures and counties named by a name that is unique in the tables: the frame the rest is read in. */
function findAnchors(text: string, blocked: Uint8Array, keysAt: (i: number) => ReturnType<Divisions['keysAt']>): Anchor[] {
  const anchors: Anchor[] = [];
  for (let i = 0; i < text.length; i++) {
    if (blocked[i] || !isHan(text.charCodeAt(i))) continue;
    for (const { length: len, entries } of keysAt(i)) {
      if (len < 2) continue;
      const e = uniqueAboveTownship(entries);
      if (!e) continue;
      // Short county names are too often ordinary words to anchor anything.
      if (e.kind === 'short' && e.code.length === 6) continue;
      if (e.kind === 'full' && len === 2 && e.code.length === 6) continue;
      anchors.push({ code: e.code, start: i, end: i + len });
      i += len - 1;
      break;
    }
  }
  return anchors;
}

/** The first entry of a province, prefecture or county when all such entries share one code (no allocation: this runs at every name). */
function uniqueAboveTownship(entries: readonly KeyEntry[]): KeyEntry | null {
  let first: KeyEntry | null = null;
  for (const e of entries) {
    if (e.code.length > 6) continue;
    if (first === null) first = e;
    else if (e.code !== first.code) return null;
  }
  return first;
}

function majorityProvince(anchors: Anchor[]): string | null {
  const counts = new Map<string, number>();
  for (const a of anchors) counts.set(a.code.slice(0, 2), (counts.get(a.code.slice(0, 2)) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [p, c] of counts) if (c > n) [best, n] = [p, c];
  return best;
}

/**
 * The subject: the city or county the report speaks for (我市 / 全县). Candidates are the
 * anchors of that level; the title counts most, then the dateline/source, then frequency.
 */
export function chooseSubject(doc: SegmentedDocument, anchors: Anchor[], selfWords: readonly { word: string }[], divisions: Divisions): string | null {
  const selfCounts = new Map<string, number>();
  for (const { word } of selfWords) selfCounts.set(word.slice(1), (selfCounts.get(word.slice(1)) ?? 0) + 1);
  const cityRefs = selfCounts.get('市') ?? 0;
  const countyRefs = (selfCounts.get('县') ?? 0) + (selfCounts.get('区') ?? 0);
  const titleEnd = doc.paragraphs[0]?.end ?? 0;
  const scores = new Map<string, number>();
  for (const a of anchors) {
    const level = levelOfCode(a.code);
    if (level === 'province') continue;
    if (level === 'county' && cityRefs > countyRefs && !/市$/.test(divisions.nameOf(a.code) ?? '')) {
      // 我市 in a county report only when the county is a county-level city.
      continue;
    }
    // In the title a place followed by one of its parts only locates it (凉山州昭觉县: the report is about 昭觉县).
    const chained = anchors.some((b) => continuesInto(a, b));
    const weight = a.start < titleEnd && !chained ? 10 : 1;
    scores.set(a.code, (scores.get(a.code) ?? 0) + weight);
  }
  // The outlet (定州发布, 淮南日报) speaks for its place.
  const outlet = doc.meta.outlet ?? '';
  for (const a of anchors) {
    const name = divisions.nameOf(a.code) ?? '';
    if (outlet && shortNames(name, levelOfCode(a.code)).concat(name).some((n) => outlet.startsWith(n))) scores.set(a.code, (scores.get(a.code) ?? 0) + 3);
  }
  let best: string | null = null;
  let bestScore = 0;
  for (const [code, score] of scores) {
    // Ties go to the higher level: a city report names its counties too.
    if (score > bestScore || (score === bestScore && best !== null && code.length < best.length)) [best, bestScore] = [code, score];
  }
  return best;
}

/** 相山、杜集、烈山三区 → 相山区, 杜集区, 烈山区. */
function coordinatedLists(ctx: Context): PlaceMention[] {
  const out: PlaceMention[] = [];
  const resolve = (short: string, suffix: string) => {
    const full = short.endsWith(suffix) ? short : short + suffix;
    return pick(ctx, ctx.divisions.lookup(full).filter((e) => e.kind === 'full'), null);
  };
  for (const c of ctx.text.matchAll(COUNTED_SUFFIX)) {
    // 相山、杜集、烈山三区: read the list backwards from the counted suffix.
    const windowStart = Math.max(0, c.index - 60);
    const m = LIST_BEFORE.exec(ctx.text.slice(windowStart, c.index));
    if (!m) continue;
    const names = m[1]!.split('、');
    const suffix = c[2]!;
    let offset = windowStart + m.index;
    // The match may start inside the preceding words (下辖濉溪县和相山、…): keep the longest
    // tail of the first name that resolves.
    const first = names[0]!;
    for (let cut = 0; cut <= first.length - 2; cut++) {
      if (resolve(first.slice(cut), suffix)) {
        names[0] = first.slice(cut);
        offset += cut;
        break;
      }
    }
    const found: PlaceMention[] = [];
    for (const short of names) {
      const picked = resolve(short, suffix);
      if (picked) found.push(mention(ctx, picked.code, offset, offset + short.length, 'list'));
      offset += short.length + 1;
    }
    // Only a list whose names all resolve is a list of places.
    if (found.length === names.length) out.push(...found);
  }
  out.push(...countedVillages(ctx));
  return out;
}

const COUNTED_VILLAGES = /(?:\d{1,3}|[两二三四五六七八九十]{1,2})个(?:贫困|行政|重点|深度贫困)?村/g;

/**
 * 龙首、安沟、新城3个贫困村: bare names a counted noun gives the unit (v2), each the one village
 * of that name inside the report's frame (its subject or a county it names).
 */
function countedVillages(ctx: Context): PlaceMention[] {
  const out: PlaceMention[] = [];
  const frames = [ctx.subject, ...[...ctx.named].filter((c) => c.length === 6 || c.length === 9)].filter((c): c is string => !!c && c.length >= 6);
  if (frames.length === 0) return out;
  for (const c of ctx.text.matchAll(COUNTED_VILLAGES)) {
    const windowStart = Math.max(0, c.index - 40);
    const m = LIST_BEFORE.exec(ctx.text.slice(windowStart, c.index));
    if (!m) continue;
    const names = m[1]!.split('、');
    let offset = windowStart + m.index;
    const found: PlaceMention[] = [];
    for (const [k, bare] of names.entries()) {
      // The first name may carry the words before it (定点帮扶龙首): its last two or three characters.
      const tries = k === 0 ? [bare.slice(-2), bare.slice(-3), bare] : [bare];
      for (const name of [...new Set(tries)]) {
        const codes = ctx.divisions.villagesNamed(frames, `${name}村`);
        if (codes.length === 1) {
          const start = offset + bare.length - name.length;
          found.push(mention(ctx, codes[0]!, start, start + name.length, 'village'));
          break;
        }
      }
      offset += bare.length + 1;
    }
    if (found.length === names.length) out.push(...found);
  }
  return out;
}

function matchAt(ctx: Context, i: number, prev: PlaceMention | null, near: PlaceMention | null): PlaceMention | null {
  const { text } = ctx;
  const keys = ctx.keysAt(i);
  // Village names are not keys (they are looked up under a parent): any word ending in 村 / 社区.
  const villageEnd = ctx.nextVillageEnd[i]!;
  const villageLen = villageEnd >= 0 ? villageEnd - i + 1 : 0;
  const hasVillage = villageLen >= 3 && villageLen <= MAX_VILLAGE;
  if (keys.length === 0 && !hasVillage) return bareVillage(ctx, i, prev);
  const longest = Math.max(hasVillage ? villageLen : 0, keys[0]?.length ?? 0);
  for (let len = longest; len >= 2; len--) {
    const end = i + len;
    const villageLike = hasVillage && len === villageLen;
    const entries = keys.find((k) => k.length === len)?.entries;
    if (!villageLike && !entries) continue;
    if (rejectedByNeighbours(ctx, end)) continue;
    const key = text.slice(i, end);
    const village = villageLike ? matchVillage(ctx, key, i, prev) : null;
    if (village) return village;
    if (!entries) continue;
    const picked = pick(ctx, entries, prev, key, end, near) ?? townshipOfNextVillage(ctx, entries, end);
    if (picked) return mention(ctx, picked.code, i, end, picked.kind);
  }
  return bareVillage(ctx, i, prev);
}

/**
 * 联合乡联合村 in a report that never names the county: a township name many units bear, right
 * before a village name, is the one township of them (in the report's province, when known)
 * that has a village of that name. The pair decides what neither name decides alone.
 */
function townshipOfNextVillage(ctx: Context, entries: KeyEntry[], end: number): KeyEntry | null {
  const villageEnd = ctx.nextVillageEnd[end]!;
  const length = villageEnd - end + 1;
  if (villageEnd < 0 || length < 3 || length > MAX_VILLAGE) return null;
  const village = ctx.text.slice(end, villageEnd + 1);
  if (GENERIC_VILLAGE.test(village)) return null;
  const townships = new Map<string, KeyEntry>();
  for (const e of entries) {
    if (e.kind !== 'full' || levelOfCode(e.code) !== 'township') continue;
    if (ctx.province && !e.code.startsWith(ctx.province)) continue;
    townships.set(e.code, e);
  }
  const withVillage = [...townships.values()].filter((e) => ctx.divisions.villagesNamed(e.code, village).length > 0);
  return withVillage.length === 1 ? withVillage[0]! : null;
}

/** For each position, the nearest position at or after it that ends a village-like word (…村, …社区, …嘎查), else -1. */
function villageEnds(text: string): Int32Array {
  const out = new Int32Array(text.length + 1).fill(-1);
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i];
    const ends = ch === '村' || (ch === '区' && text[i - 1] === '社') || (ch === '查' && text[i - 1] === '嘎');
    out[i] = ends ? i : text[i] === '\n' ? -1 : out[i + 1]!;
  }
  return out;
}

/**
 * A name followed by 日报 / 公司 / 座谈会 … names an organisation, product or meeting; so does
 * one a few characters before a company word (苏州协鑫集团, 贵州百圃源科技有限责任公司).
 * Decided once per end position.
 */
function rejectedByNeighbours(ctx: Context, end: number): boolean {
  const known = ctx.rejectedAt[end];
  if (known !== 0) return known === 1;
  const rejected = organisationAfter(ctx, end);
  ctx.rejectedAt[end] = rejected ? 1 : 2;
  return rejected;
}

let suffixPattern: RegExp | null = null;

function organisationAfter(ctx: Context, end: number): boolean {
  if (!isHan(ctx.text.charCodeAt(end))) return false;
  suffixPattern ??= new RegExp(alternation([...ctx.orgSuffixes, ...ctx.eventSuffixes]), 'y');
  suffixPattern.lastIndex = end;
  if (suffixPattern.test(ctx.text)) return true;
  const word = /^\p{Script=Han}{1,6}/u.exec(ctx.text.slice(end, end + 12))?.[0] ?? '';
  return ctx.companyWords.some((w) => {
    const at = word.indexOf(w);
    // The company word must follow a brand of its own, not a place's suffix (…县, …村).
    return at > 0 && !/[省市县区镇乡村]$/.test(word.slice(0, at));
  });
}

/** Chooses the one place a name stands for here, or null when the context does not decide. */
function pick(ctx: Context, entries: KeyEntry[], prev: PlaceMention | null, key = '', end = 0, near: PlaceMention | null = null): KeyEntry | null {
  const viable = entries.filter((e) => acceptable(ctx, e, key, prev, end, near));
  if (viable.length === 0) return null;
  const byCode = new Map(viable.map((e) => [e.code, e]));
  if (byCode.size === 1) return viable[0]!;
  const ranked = [...byCode.values()].map((e) => ({ e, score: contextScore(ctx, e.code, prev) })).sort((a, b) => b.score - a.score);
  if (ranked[0]!.score > ranked[1]!.score && ranked[0]!.score > 0) return ranked[0]!.e;
  return null;
}

function contextScore(ctx: Context, code: string, prev: PlaceMention | null): number {
  let score = 0;
  if (prev?.code && code.startsWith(prev.code)) score += 8;
  // 吉林 after 吉林省 was named: the province, not its city of the same short name.
  if (ctx.named.has(code)) score += 3;
  if (ctx.subject && (code.startsWith(ctx.subject) || ctx.subject.startsWith(code))) score += 4;
  for (const named of ctx.named) if (named && named.length < code.length && code.startsWith(named)) score += 2;
  if (ctx.province && code.startsWith(ctx.province)) score += 1;
  return score;
}

function inContext(ctx: Context, code: string, prev: PlaceMention | null): boolean {
  if (prev?.code && code.startsWith(prev.code) && prev.code !== code) return true;
  if (ctx.subject && code.startsWith(ctx.subject) && code !== ctx.subject) return true;
  const parent = code.length === 9 ? code.slice(0, 6) : code.length === 6 ? code.slice(0, 4) : code.slice(0, 2);
  return ctx.named.has(parent) || (code.length === 9 && ctx.named.has(code.slice(0, 4)));
}

function acceptable(ctx: Context, e: KeyEntry, key: string, prev: PlaceMention | null, end: number, near: PlaceMention | null): boolean {
  const level = levelOfCode(e.code);
  const inProvince = ctx.province !== null && e.code.startsWith(ctx.province);
  switch (level) {
    case 'province':
      return key.length >= 2;
    case 'prefecture':
      // City names are well known; only listed ordinary words (城区, 新区 …) are refused.
      return e.kind === 'full' || !ctx.ambiguous.has(key);
    case 'county':
      if (e.kind === 'full') return key.length >= 3 || inContext(ctx, e.code, prev) || inProvince;
      if (ctx.ambiguous.has(key)) return false;
      if (inContext(ctx, e.code, prev)) return true;
      // Outside the subject a short name that is also an ordinary word (通道, 东方) is not trusted.
      if (ctx.divisions.isCommonWord(key)) return false;
      if (inProvince) return true;
      // Elsewhere a bare short name is too often a word (资源, 同心, 新建): only in a run of
      // places of its own province outside the report's (宁波义乌).
      return near !== null && near.code !== null && !near.code.startsWith(ctx.province ?? '-') && near.code.slice(0, 2) === e.code.slice(0, 2)
        && ctx.divisions.lookup(key).filter((x) => x.code.length === 6).length === 1;
    case 'township':
      if (e.kind === 'short') {
        // 颍上县西三十铺洪单村: a township without its suffix only between its county and a village.
        return prev?.code === e.code.slice(0, 6) && /村|社区/.test(ctx.text.slice(end, end + 6));
      }
      if (inContext(ctx, e.code, prev)) return true;
      // 木棠镇 in a township's own report that never names its county: a full name no other
      // township in the country bears, repeated in the text, is that township.
      return e.kind === 'full' && key.length >= 3 && uniqueTownship(ctx, key) && (ctx.townshipSelf || countOf(ctx.text, key) >= 2);
    default:
      return false;
  }
}

function uniqueTownship(ctx: Context, key: string): boolean {
  return new Set(ctx.divisions.lookup(key).map((e) => e.code)).size === 1;
}

function countOf(text: string, word: string): number {
  let n = 0;
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) n++;
  return n;
}

const GENERIC_VILLAGE = /^(贫困|行政|重点|示范|中心|出列|督战|自然|深度贫困|非贫困|美丽乡|新农|城中|该|本|全|各|每|一|两|邻|外|老|新|小|大|薄弱|空壳|脱贫|贫|乡|农)(村|社区)$/;

/** A village only inside a township or county in context: the one named right before, or the subject. */
function matchVillage(ctx: Context, key: string, start: number, prev: PlaceMention | null): PlaceMention | null {
  if (GENERIC_VILLAGE.test(key)) return null;
  const parents: string[] = [];
  if (prev?.code && prev.code.length >= 6) parents.push(prev.code);
  else {
    for (const named of ctx.named) if (named.length === 9 || named.length === 6) parents.push(named);
    if (ctx.subject && ctx.subject.length >= 4) parents.push(ctx.subject);
  }
  const codes = new Set<string>();
  // The same village under another unit word or without the ethnic designation the text
  // adds (九仙畲族村 for 九仙村, 嘎查 for 村): tried only when the name as written finds none.
  // Variants are tried only right after the village's own township or county (cheap elsewhere).
  const chained = prev?.code && prev.end === start;
  for (const name of chained ? [key, ...villageVariants(key)] : [key]) {
    // One search for the name's namesakes, then kept by parent (not one search per parent).
    for (const code of ctx.divisions.villagesNamed(parents, name)) codes.add(code);
    if (codes.size > 0) break;
  }
  if (codes.size === 0 && prev) {
    // 浑源县南榆林乡泥沟村: a village the tables lack, right after its township, is kept
    // unlinked under it (annotation guide: units missing from the tables).
    const direct = prev.code && prev.end === start && prev.code.length === 9;
    return direct && key.length <= 6 && !/[县区市镇乡]/.test(key.slice(0, -1))
      ? { code: null, name: key, level: 'village', parent: prev.code!, start, end: start + key.length, surface: key, kind: 'unlisted' }
      : null;
  }
  if (codes.size !== 1) {
    // Several namesakes: the one under a place named right before wins, else none.
    return null;
  }
  const code = [...codes][0]!;
  return mention(ctx, code, start, start + key.length, 'village');
}


const ETHNIC_BEFORE_UNIT = new RegExp(`(?:${ETHNIC.source})(?=(村|嘎查|社区)$)`, 'u');

/** Other table forms of a village name: unit word 村 ↔ 嘎查 / 社区, ethnic designation dropped. */
function villageVariants(key: string): string[] {
  const out: string[] = [];
  const stem = key.replace(/(村|嘎查|社区)$/, '');
  const unit = key.slice(stem.length);
  for (const u of ['村', '嘎查', '社区']) if (u !== unit) out.push(stem + u);
  const plain = key.replace(ETHNIC_BEFORE_UNIT, '');
  if (plain !== key && plain.length >= 3) out.push(plain);
  return out;
}

/**
 * 经棚镇呼必图: a bare village name right after its township, when exactly one village of
 * that township has this name with a unit word (annotation guide v2, bare names).
 */
function bareVillage(ctx: Context, i: number, prev: PlaceMention | null): PlaceMention | null {
  if (!prev?.code || prev.code.length !== 9 || prev.end !== i) return null;
  for (let len = 4; len >= 2; len--) {
    const bare = ctx.text.slice(i, i + len);
    if (bare.length < len || ![...bare].every((c) => isHan(c.charCodeAt(0))) || /[村镇乡县区市]/.test(bare)) continue;
    const codes = new Set(['村', '嘎查', '社区'].flatMap((u) => ctx.divisions.villagesNamed(prev.code!, bare + u)));
    if (codes.size === 1) return mention(ctx, [...codes][0]!, i, i + len, 'village');
  }
  return null;
}

function mention(ctx: Context, code: string, start: number, end: number, kind: PlaceMention['kind']): PlaceMention {
  const level = levelOfCode(code);
  return { code, name: ctx.divisions.nameOf(code) ?? ctx.text.slice(start, end), level, start, end, surface: ctx.text.slice(start, end), kind };
}
