/** Runs text or files through ingest → normalize → segment for unit tests. */
import { resolve } from 'node:path';
import { ingestBytes, ingestFile } from '../../pipeline/stages/ingest.ts';
import { normalize } from '../../pipeline/stages/normalize.ts';
import { segment } from '../../pipeline/stages/segment.ts';
import type { SegmentedDocument } from '../../schemas/index.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
export const SEEDS = resolve(import.meta.dirname, '../../data/reports');

export function fromText(text: string, name = 'sample.txt'): SegmentedDocument {
  return segment(normalize(ingestBytes(Buffer.from(text, 'utf8'), name)));
}

export function fromFile(path: string): SegmentedDocument {
  return segment(normalize(ingestFile(path, { root: resolve(path, '..'), maxFileBytes: 5 * 1024 * 1024 })));
}

export function seed(prefix: string): SegmentedDocument {
  const files = ['000_445ff2163f320870.txt', '001_eca2cb540d4b46b8.txt', '002_30866e180903b284.txt', '003_3847208e6bb776c7.txt', '004_d4d5ce0b380d4b18.txt'];
  const file = files.find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}`);
  return fromFile(resolve(SEEDS, file));
}
