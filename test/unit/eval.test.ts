import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipeline/config/load-config.ts';
import { belowThresholds, runEvalSet } from '../../pipeline/eval/run-eval.ts';
import { formatTable, score } from '../../pipeline/eval/score.ts';
import { ConfigSchema, type ExtractionRecord } from '../../schemas/index.ts';

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

describe.skipIf(!existsSync(GOLD))('fupin-kg eval on every gold set of the config (../shared)', () => {
  const config = loadConfig({ file: resolve(import.meta.dirname, '../../fupin.config.yaml'), env: {} });
  for (const set of config.eval.sets) {
    it.skipIf(!existsSync(resolve(set.gold)))(`${set.name}: meets every threshold of its set`, async () => {
      const { result, holdout } = await runEvalSet(set, config);
      expect(result.documents).toBeGreaterThanOrEqual(5);
      expect(belowThresholds(result, set.thresholds)).toEqual([]);
      if (set.holdout.length > 0) expect(holdout?.documents).toBe(set.holdout.length);
    });
  }

  it('scores the seeds with the defaults when the config names no set', async () => {
    const defaults = ConfigSchema.parse({});
    expect(defaults.eval.sets.map((s) => s.name)).toEqual(['seeds']);
    const { result } = await runEvalSet({ ...defaults.eval.sets[0]!, gold: GOLD, reports: SEEDS }, defaults);
    expect(result.documents).toBe(5);
    expect(belowThresholds(result, defaults.eval.sets[0]!.thresholds)).toEqual([]);
  });
});
