import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentError } from '../../pipeline/errors.ts';
import { loadDivisions, type Divisions } from '../../pipeline/gazetteer/divisions.ts';
import { extract } from '../../pipeline/stages/extract/index.ts';
import { ingestBytes } from '../../pipeline/stages/ingest.ts';
import { normalize } from '../../pipeline/stages/normalize.ts';
import { segment } from '../../pipeline/stages/segment.ts';
import { SEEDS } from '../helpers/docs.ts';

let divisions: Divisions;
beforeAll(async () => {
  divisions = await loadDivisions();
});

const seeds = ['000_445ff2163f320870.txt', '001_eca2cb540d4b46b8.txt', '003_3847208e6bb776c7.txt', '004_d4d5ce0b380d4b18.txt'].map((f) => readFileSync(resolve(SEEDS, f), 'utf8'));

/** Runs bytes through every stage; a DocumentError is an accepted outcome, anything else is a bug. */
function pipeline(bytes: Buffer) {
  try {
    const doc = segment(normalize(ingestBytes(bytes, 'fuzz.txt')));
    return { doc, record: extract(doc, divisions) };
  } catch (error) {
    if (error instanceof DocumentError) return null;
    throw error;
  }
}

/** Every figure's number is written in the text it came from. */
function figuresAreInText(out: ReturnType<typeof pipeline>): boolean {
  if (!out) return true;
  return out.record.figures.every((f) => /\d/.test(f.surface) && out.doc.surfaceText.includes(f.surface));
}

describe('robustness', () => {
  it('random bytes never crash a stage', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => figuresAreInText(pipeline(Buffer.from(bytes)))), { numRuns: 150 });
  });

  it('mutated seeds (cut, duplicated, re-encoded, digits removed) never crash and never invent a figure', () => {
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      from: fc.nat(),
      length: fc.integer({ min: 0, max: 4000 }),
      times: fc.integer({ min: 1, max: 3 }),
      stripDigits: fc.boolean(),
      encoding: fc.constantFrom('utf8', 'utf16le', 'latin1'),
    });
    fc.assert(fc.property(mutation, (m) => {
      const text = seeds[m.seed]!;
      const start = m.from % Math.max(1, text.length);
      let cut = text.slice(start, start + m.length).repeat(m.times);
      if (m.stripDigits) cut = cut.replace(/[0-9０-９]/g, '');
      const out = pipeline(Buffer.from(cut, m.encoding as BufferEncoding));
      if (m.stripDigits && out) expect(out.record.figures).toEqual([]);
      return figuresAreInText(out);
    }), { numRuns: 120 });
  });
});
