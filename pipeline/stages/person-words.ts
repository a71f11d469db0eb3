/**
 * The words of nodejieba's dictionary that open with a surname, each marked as a name (刘德华,
 * 林海: tagged nr) or an ordinary word frequent enough to block a name (全部, 林业, 高度, 郑重).
 * The programmes' wording of data/programs.yaml counts as ordinary words too.
 * The masker reads them to tell 贫困户全部脱贫 from 贫困户刘维申 without loading jieba's
 * native dictionary (about 250 MB per process). Built once into .cache at install, from the
 * dictionary file nodejieba ships; rebuilt when the surname list or the dictionary changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodejieba from 'nodejieba';
import { privacyRules, programDictionary } from '../dictionaries.ts';
import { rootPath } from '../paths.ts';

export type WordKind = 'name' | 'word';

const NAME_TAGS = new Set(['nr', 'nrfg', 'nrt']);
/** Single characters that, as words, are function words (和/c, 于/p, 都/d): no surname alone. */
const FUNCTION_TAGS = /^(?:c|p|d|u\w*)$/;
const SINGLE_MIN_FREQUENCY = 1000;

let cached: Map<string, WordKind> | undefined;

/** The dictionary file nodejieba loads (its module exports the path; its typings do not declare it). */
const jiebaDictionary = (): string => (nodejieba as unknown as { DEFAULT_DICT: string }).DEFAULT_DICT;

export function personWordsFile(cacheDir = rootPath('.cache')): string {
  const rules = privacyRules();
  const dict = statSync(jiebaDictionary());
  const key = createHash('sha1').update(JSON.stringify([rules.surnames, rules.minWordFrequency, dict.size])).digest('hex').slice(0, 10);
  return join(cacheDir, `person-words-${key}.tsv`);
}

export function personWords(cacheDir?: string): Map<string, WordKind> {
  if (cached) return cached;
  const file = personWordsFile(cacheDir);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : writePersonWords(file);
  cached = new Map();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) cached.set(line.slice(0, tab), line.slice(tab + 1) === 'n' ? 'name' : 'word');
  }
  // The programmes' own wording is never a name (贫困户危房改造, 易地搬迁 open with surnames).
  for (const p of programDictionary().programs) for (const w of [p.name, ...p.triggers]) for (let len = 2; len <= Math.min(4, w.length); len++) cached.set(w.slice(0, len), 'word');
  return cached;
}

/** Filters jieba's dictionary (word, frequency, tag per line) to the words that open with a surname. */
export function writePersonWords(file = personWordsFile()): string {
  const { surnames, minWordFrequency } = privacyRules();
  const singles = new Set(surnames.filter((s) => s.length === 1));
  const doubles = new Set(surnames.filter((s) => s.length === 2));
  const out: string[] = [];
  for (const line of readFileSync(jiebaDictionary(), 'utf8').split('\n')) {
    const [word, freq, tag] = line.split(' ');
    if (!word || !tag || word.length > 4 || !(singles.has(word[0]!) || doubles.has(word.slice(0, 2)))) continue;
    const frequency = Number(freq);
    if (NAME_TAGS.has(tag)) {
      if (word.length > 1) out.push(`${word}\tn`);
    } else if (word.length === 1 ? FUNCTION_TAGS.test(tag) && frequency >= SINGLE_MIN_FREQUENCY : frequency >= minWordFrequency) {
      out.push(`${word}\tw`);
    }
  }
  const text = out.join('\n');
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  } catch {
    // A read-only install: keep the list in memory.
  }
  return text;
}
