/** `fupin-kg eval`: extracts the gold reports and scores them against the gold annotations. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ExtractionRecord, type Config } from '../../schemas/index.ts';
import { ConfigError } from '../errors.ts';
import { formatZodIssues } from '../config/load-config.ts';
import { loadDivisions } from '../gazetteer/divisions.ts';
import { extractFile } from '../run/extract-file.ts';
import { KINDS, score, type EvalResult } from './score.ts';

export function readGold(dir: string): ExtractionRecord[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new ConfigError(dir, 'gold folder not found (set eval.gold in the config or pass --gold)');
  }
  return files.map((f) => {
    const parsed = ExtractionRecord.safeParse(parseYaml(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new ConfigError(join(dir, f), formatZodIssues(parsed.error));
    return parsed.data;
  });
}

export async function runEval(goldDir: string, reportsDir: string, config: Config): Promise<EvalResult> {
  const gold = readGold(resolve(goldDir));
  const divisions = await loadDivisions();
  const pairs = gold.map((g) => ({ gold: g, got: extractFile(join(resolve(reportsDir), g.doc), resolve(reportsDir), config, divisions) }));
  return score(pairs);
}

/** Kinds (and document fields) whose score is below the configured threshold. */
export function belowThresholds(result: EvalResult, config: Config): string[] {
  const t = config.eval.thresholds;
  const failed: string[] = [];
  for (const k of KINDS) if (result.kinds[k].f1 < t[k]) failed.push(`${k} F1 ${result.kinds[k].f1.toFixed(3)} < ${t[k]}`);
  for (const f of ['subject', 'report_year', 'digits_damaged'] as const) if (result.accuracy[f] < t[f]) failed.push(`${f} accuracy ${result.accuracy[f].toFixed(3)} < ${t[f]}`);
  return failed;
}
