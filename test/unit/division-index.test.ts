/**
 * The division index on shared memory: its trie, its file, and the pre-check that spares
 * simplified lines the traditional → simplified conversion. Real tables, real reports.
 */
import { mkdtempSync, readFileSync, readdirSync, truncateSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CharTrie } from '../../pipeline/gazetteer/char-trie.ts';
import { Divisions, loadDivisions } from '../../pipeline/gazetteer/divisions.ts';
import { readIndexFile, writeIndexFile } from '../../pipeline/gazetteer/index-file.ts';
import { mayConvert } from '../../pipeline/stages/script-witness.ts';
import { toSimplified } from '../../pipeline/stages/normalize.ts';
import { SEEDS } from '../helpers/docs.ts';

const CORPUS_DOCS = resolve(import.meta.dirname, '../../../shared/corpus/docs');

describe('character trie', () => {
  const words = ['扶贫', '扶贫车间', '产业扶贫', '产业', '光伏', '扶'];
  const trie = new CharTrie(words);
  const walk = (t: CharTrie, word: string) => {
    let node = 0;
    for (let i = 0; i < word.length && node >= 0; i++) node = t.step(node, word.charCodeAt(i));
    return node < 0 ? -1 : t.valueAt(node);
  };

  it('finds each key and its value index, and no prefix that is not a key', () => {
    for (const [k, w] of words.entries()) expect(walk(trie, w)).toBe(k);
    expect(walk(trie, '扶贫车')).toBe(-1);
    expect(walk(trie, '车间')).toBe(-1);
    expect([...trie.keys()].sort()).toEqual([...words].sort());
  });

  it('opens from its arrays as the same trie', () => {
    const copy = new CharTrie(trie.arrays());
    for (const w of [...words, '扶贫车', '光']) expect(walk(copy, w)).toBe(walk(trie, w));
  });
});

describe('division index file', () => {
  let built: Divisions;
  beforeAll(async () => {
    built = await loadDivisions();
  });

  it('opens into shared memory and answers as the index it was written from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-index-'));
    const file = join(dir, 'division-index-test.bin');
    writeIndexFile(file, built.data);
    const data = readIndexFile(file)!;
    expect(data.text.buffer).toBeInstanceOf(SharedArrayBuffer);
    const opened = new Divisions(data);
    expect(opened.size).toBe(built.size);
    expect(opened.nameOf('341523111207')).toBe('梅山村');
    expect(opened.lookup('金寨')).toEqual(built.lookup('金寨'));
    expect(opened.villagesNamed('341523', '梅山村')).toEqual(built.villagesNamed('341523', '梅山村'));
    const text = '安徽省六安市金寨县花石乡大湾村发展光伏扶贫';
    for (let i = 0; i < text.length; i++) expect(opened.keysAt(text, i)).toEqual(built.keysAt(text, i));
    expect(opened.isCommonWord('通道')).toBe(built.isCommonWord('通道'));
  });

  it('is refused when truncated, so the index is built again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-index-'));
    const file = join(dir, 'division-index-test.bin');
    writeIndexFile(file, built.data);
    const cut = join(dir, 'division-index-cut.bin');
    copyFileSync(file, cut);
    truncateSync(cut, Math.floor(statSync(file).size / 2));
    expect(readIndexFile(cut)).toBeNull();
    expect(readIndexFile(join(dir, 'missing.bin'))).toBeNull();
  });

  it('removes the files of other versions when a new one is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-index-'));
    writeIndexFile(join(dir, 'division-index-aaa.bin'), built.data);
    writeIndexFile(join(dir, 'division-index-bbb.bin'), built.data);
    expect(readdirSync(dir)).toEqual(['division-index-bbb.bin']);
  });
});

describe('traditional → simplified pre-check', () => {
  it('marks every character the converter changes', () => {
    const misses: string[] = [];
    for (let c = 0x3400; c < 0xa000; c++) {
      const ch = String.fromCharCode(c);
      if (toSimplified(ch) !== ch && !mayConvert(ch)) misses.push(ch);
    }
    expect(misses).toEqual([]);
  });

  it('marks every phrase the converter changes (反覆 → 反复, 瞭解 → 了解)', () => {
    const misses: string[] = [];
    for (const group of OpenCC.Locale.to.cn) {
      for (const dict of group) {
        for (const entry of (dict as string).split('|')) {
          const [key, value] = entry.split(' ');
          if (key && key !== value && !mayConvert(`我们${key}了`)) misses.push(key);
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('leaves only lines that convert to themselves unconverted, on the real reports', () => {
    let skipped = 0;
    for (const dir of [SEEDS, CORPUS_DOCS]) {
      for (const f of readdirSync(dir)) {
        for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
          if (mayConvert(line)) continue;
          skipped++;
          expect(toSimplified(line)).toBe(line);
        }
      }
    }
    expect(skipped).toBeGreaterThan(500);
  });
});
