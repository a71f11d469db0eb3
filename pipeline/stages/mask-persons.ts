/**
 * Masks the names of private persons (villagers, poor households, village cadres) in a
 * document's text before anything is stored or printed: 贫困户刘维申 → 贫困户刘某某. Part of
 * normalize, so every sentence, title, metric and artifact built from the text is masked.
 *
 * A name is read where a cue says a person follows, on the simplified text (both scripts are
 * covered; data/privacy.yaml):
 * - after a role word (贫困户, 村民, 村支书 …), spaces allowed (贫困户 王建军);
 * - after another name and a coordinator (王大明和李小华);
 * - opening the clause of a role word with 是 / 系 / 作为 between (刘德华是村里的贫困户);
 * - after an age (55岁的扎西努布).
 * What follows the cue is a name when it opens with a surname and is not an ordinary word
 * there (贫困户全部脱贫, 村民林业收入: jieba's dictionary, person-words.ts); its given name
 * is two characters unless the second is one a name is followed by (周强说). Names of other
 * forms are read by their middle dot (麦提玉素普·吐尔逊) or their opening syllables (古丽, 扎西).
 * A name found once is masked wherever else the text writes it (a speaker label 马召团:). The
 * text keeps its length, so offsets stay valid.
 */
import { privacyRules } from '../dictionaries.ts';
import { alternation } from './extract/patterns.ts';
import { personWords } from './person-words.ts';

export interface NameSpan {
  start: number;
  end: number;
  /** Characters at the start that stay (the surname); the rest becomes 某. */
  keep: number;
}

const MASK = '某';
const HAN = /\p{Script=Han}/u;
const DOT = /[·•・]/;
/** The longest transliterated name (with its dot) read. */
const MAX_FOREIGN = 12;
const AGED = /\d{1,3}(?:岁|周岁)(?:的|了的)?/gu;
const CLAUSE_BREAK = /[,，。;；:：!！?？\s“”"(（)）]/u;

interface Compiled {
  roles: RegExp;
  /** The same, sticky: is there a role word at a position (never shares `roles`' lastIndex). */
  roleAt: RegExp;
  /** Single and compound surnames, looked up by the one or two characters at a position. */
  surnames: Set<string>;
  coordinators: string[];
  verbs: string[];
  reach: number;
  enders: Set<string>;
  foreign: string[];
}
let compiled: Compiled | undefined;
function rules(): Compiled {
  if (!compiled) {
    const r = privacyRules();
    compiled = {
      roles: new RegExp(`(?:${alternation(r.roles)})[ \\u3000]*`, 'gu'),
      roleAt: new RegExp(`(?:${alternation(r.roles)})`, 'uy'),
      surnames: new Set(r.surnames),
      coordinators: r.coordinators,
      verbs: [...r.nameFirstVerbs].sort((a, b) => b.length - a.length),
      reach: r.nameFirstReach,
      enders: new Set(r.nameEnders),
      foreign: [...r.transliteratedStarts].sort((a, b) => b.length - a.length),
    };
  }
  return compiled;
}

const isHan = (ch: string | undefined) => ch !== undefined && HAN.test(ch);

/** The surname opening the text at `at`: a compound one (欧阳) before a single one. */
function surnameAt(text: string, at: number): string | undefined {
  const { surnames } = rules();
  const two = text.slice(at, at + 2);
  if (two.length === 2 && surnames.has(two)) return two;
  return surnames.has(text[at] ?? '') ? text[at] : undefined;
}

/** The end of the Han run from `at` (a middle dot inside it allowed) up to a character a name is followed by, at most `max` long. */
function nameRunEnd(text: string, at: number, max: number, dots: boolean): number {
  let end = at;
  while (end - at < max && (isHan(text[end]) || (dots && DOT.test(text[end] ?? '') && isHan(text[end + 1]))) && !(end > at && rules().enders.has(text[end]!))) end++;
  return end;
}
const ends = (ch: string | undefined) => !isHan(ch) || rules().enders.has(ch!);

/** The name starting at `at`, if the characters there read as one. */
export function nameAt(text: string, at: number): NameSpan | undefined {
  const foreign = foreignName(text, at);
  if (foreign) return foreign;
  const surname = surnameAt(text, at);
  if (!surname) return undefined;
  const words = personWords();
  for (let len = 4; len >= 2; len--) {
    const kind = words.get(text.slice(at, at + len));
    if (kind === 'word') return undefined;
    if (kind === 'name' && len >= surname.length + 2) return { start: at, end: at + len, keep: surname.length };
    if (kind === 'name') break;
  }
  // 和 / 于 / 都 alone are function words, unless a longer name opened with them (于大海).
  if (surname.length === 1 && words.get(surname) === 'word') return undefined;
  const given = at + surname.length;
  if (!isHan(text[given])) return undefined;
  const length = ends(text[given + 1]) ? 1 : 2;
  return { start: at, end: given + length, keep: surname.length };
}

/**
 * 麦提玉素普·吐尔逊, 古丽尼莎汗, 扎西努布: a name with a middle dot, or opening with a syllable of
 * data/privacy.yaml `transliteratedStarts`; it runs over Han characters to the first that ends
 * a name (在, 的, 说 …) or a mark.
 */
function foreignName(text: string, at: number): NameSpan | undefined {
  const end = nameRunEnd(text, at, MAX_FOREIGN, true);
  const run = text.slice(at, end);
  const dotted = DOT.test(run) && !DOT.test(run.at(-1)!);
  if (!dotted && !rules().foreign.some((s) => run.startsWith(s) && run.length > s.length)) return undefined;
  return end - at >= 2 ? { start: at, end, keep: 1 } : undefined;
}

/** Every private person's name in the text (simplified script). */
export function personNames(text: string): NameSpan[] {
  const { roles, coordinators } = rules();
  const found: NameSpan[] = [];
  const follow = (name: NameSpan | undefined) => {
    for (let next = name; next; ) {
      found.push(next);
      const coordinator = coordinators.find((c) => text.startsWith(c, next!.end));
      next = coordinator ? nameAt(text, next.end + coordinator.length) : undefined;
    }
  };
  for (const m of text.matchAll(roles)) {
    follow(nameAt(text, m.index + m[0].length));
    follow(nameOpeningClause(text, m.index));
  }
  for (const m of text.matchAll(AGED)) follow(agedName(text, m.index + m[0].length));
  return withRepeats(text, found);
}

/** 55岁的扎西努布是…: after an age, a surname name or a transliterated one; never a role word. */
function agedName(text: string, at: number): NameSpan | undefined {
  const { roleAt } = rules();
  roleAt.lastIndex = at;
  if (roleAt.test(text)) return undefined;
  const name = nameAt(text, at);
  if (name) return name;
  // Another form of name (扎西努布): the Han run up to a character that ends a name, 2–6 long.
  if (ends(text[at])) return undefined;
  const end = nameRunEnd(text, at, 7, false);
  return ends(text[end]) && end - at >= 2 && end - at <= 6 ? { start: at, end, keep: 1 } : undefined;
}

/** 刘德华是村里的贫困户: the name opening the clause of a role word, followed by 是 / 系 / 作为 …. */
function nameOpeningClause(text: string, role: number): NameSpan | undefined {
  const { verbs, reach } = rules();
  let start = role;
  while (start > 0 && role - start <= reach + 8 && !CLAUSE_BREAK.test(text[start - 1]!)) start--;
  if (start === role || (start > 0 && !CLAUSE_BREAK.test(text[start - 1]!))) return undefined;
  const name = nameAt(text, start);
  if (!name || name.end >= role) return undefined;
  const verb = verbs.find((v) => text.startsWith(v, name.end));
  return verb && role - (name.end + verb.length) <= reach ? name : undefined;
}

/** A name found once is masked wherever else the text writes it (马召团: after 村支书马召团说). */
function withRepeats(text: string, found: NameSpan[]): NameSpan[] {
  const all = new Map<number, NameSpan>();
  const names = new Map<string, number>();
  const words = personWords();
  for (const span of found) {
    all.set(span.start, span);
    const word = text.slice(span.start, span.end);
    // A dictionary word (苗木, 高峰 are "names" in jieba's dictionary) is masked where a cue
    // named it a person, not everywhere.
    if (!word.includes(MASK) && !words.has(word)) names.set(word, span.keep);
  }
  for (const [word, keep] of names) {
    for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) if (!all.has(i)) all.set(i, { start: i, end: i + word.length, keep });
  }
  return [...all.values()].sort((a, b) => a.start - b.start);
}

/** The text with each span's characters after its kept surname replaced by 某; same length. */
export function applyMask(text: string, spans: readonly NameSpan[]): string {
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const s of spans) for (let i = s.start + s.keep; i < s.end; i++) if (!DOT.test(chars[i]!)) chars[i] = MASK;
  return chars.join('');
}

/** Masks a short text on its own (a title). */
export function maskPersons(text: string): string {
  return applyMask(text, personNames(text));
}
