import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipeline/config/load-config.ts';
import { belowThresholds, runEval } from '../../pipeline/eval/run-eval.ts';
import { formatTable, score } from '../../pipeline/eval/score.ts';
import type { ExtractionRecord } from '../../schemas/index.ts';

const GOLD = resolve(import.meta.dirname, '../../../shared/gold');
const SEEDS = resolve(import.meta.dirname, '../../../shared/seeds');

const record = (over: Partial<ExtractionRecord>): ExtractionRecord => ({
  doc: 'x.txt', subject: '3415', report_year: 2019, digits_damaged: false,
  places: [], programs: [], policies: [], figures: [], program_places: [], policy_places: [], ...over,
});

describe('score', () => {
  it('counts true positives, false positives and misses per kind', () => {
    const gold = record({ programs: ['产业扶贫', '就业扶贫'], places: [{ code: '3415', name: '六安市', level: 'prefecture', surface: ['六安市'] }] });
    const got = record({ programs: ['产业扶贫', '光伏扶贫'], places: [{ code: '3415', name: '六安市', level: 'prefecture', surface: ['六安'] }], subject: '34' });
    const r = score([{ gold, got }]);
    expect(r.kinds.programs).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5 });
    expect(r.kinds.places).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
    expect(r.accuracy.subject).toBe(0);
    expect(formatTable(r)).toMatch(/\| programs\s+\|\s+0\.500 \|/);
  });

  it('compares figures as multisets: a repeated statement counts at each occurrence', () => {
    const f = { surface: '22个', value: 22, unit: '个', category: 'poor_villages' as const, metric: '贫困村', place: '3406', year: 2014, approx: false };
    const r = score([{ gold: record({ figures: [f, f] }), got: record({ figures: [f] }) }]);
    expect(r.kinds.figures_detected).toMatchObject({ tp: 1, fn: 1, fp: 0 });
  });
});

describe.skipIf(!existsSync(GOLD))('fupin-kg eval on the gold reports (../shared/gold)', () => {
  it('meets every threshold of eval.thresholds', async () => {
    const config = loadConfig({ file: undefined, env: {} });
    const result = await runEval(GOLD, SEEDS, config);
    expect(result.documents).toBe(5);
    expect(belowThresholds(result, config)).toEqual([]);
  });
});
