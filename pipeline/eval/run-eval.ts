/** `fupin-kg eval`: extracts the reports of each gold set and scores them against their gold annotations. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ExtractionRecord, type Config, type EvalSet } from '../../schemas/index.ts';
import { ConfigError } from '../errors.ts';
import { formatZodIssues } from '../config/load-config.ts';
import { loadDivisions } from '../gazetteer/divisions.ts';
import { extractFileTraced } from '../run/extract-file.ts';
import { readManifest } from '../run/inputs.ts';
import { KINDS, score, type EvalResult } from './score.ts';

export function readGold(dir: string): ExtractionRecord[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new ConfigError(dir, 'gold folder not found (set eval.sets in the config or pass --gold)');
  }
  return files.map((f) => {
    const parsed = ExtractionRecord.safeParse(parseYaml(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new ConfigError(join(dir, f), formatZodIssues(parsed.error));
    return parsed.data;
  });
}

export type EvalPair = { gold: ExtractionRecord } & ReturnType<typeof extractFileTraced>;

export interface SetResult {
  set: EvalSet;
  /** Every document of the set. */
  result: EvalResult;
  /** The held-out documents alone, when the set names some. */
  holdout: EvalResult | null;
  pairs: EvalPair[];
}

/** Extracts and scores one gold set, reading its manifest as a run would. */
export async function runEvalSet(set: EvalSet, config: Config): Promise<SetResult> {
  const gold = readGold(resolve(set.gold));
  const divisions = await loadDivisions();
  const manifest = set.manifest ? readManifest(resolve(set.manifest)) : undefined;
  const root = resolve(set.reports);
  const pairs: EvalPair[] = gold.map((g) => ({ gold: g, ...extractFileTraced(join(root, g.doc), root, config, divisions, manifest) }));
  const held = new Set(set.holdout);
  const heldPairs = pairs.filter((p) => held.has(p.gold.doc));
  const scored = (list: EvalPair[]) => score(list.map((p) => ({ gold: p.gold, got: p.record })));
  return { set, result: scored(pairs), holdout: heldPairs.length > 0 ? scored(heldPairs) : null, pairs };
}

/** Kinds (and document fields) whose score is below the set's threshold. */
export function belowThresholds(result: EvalResult, thresholds: EvalSet['thresholds']): string[] {
  const failed: string[] = [];
  for (const k of KINDS) if (result.kinds[k].f1 < thresholds[k]) failed.push(`${k} F1 ${result.kinds[k].f1.toFixed(3)} < ${thresholds[k]}`);
  for (const f of ['subject', 'report_year', 'digits_damaged'] as const) if (result.accuracy[f] < thresholds[f]) failed.push(`${f} accuracy ${result.accuracy[f].toFixed(3)} < ${thresholds[f]}`);
  return failed;
}
