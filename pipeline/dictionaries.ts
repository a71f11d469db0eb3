/** Loads and validates the YAML dictionaries under data/ once per process. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  BoilerplateFile, DamageRulesFile, MetricsFile, PlaceRulesFile, PoliciesFile, PrivacyFile, ProgramsFile, VariantsFile,
} from '../schemas/index.ts';
import { ConfigError } from './errors.ts';
import { formatZodIssues } from './config/load-config.ts';
import { rootPath } from './paths.ts';

export const DATA_DIR = rootPath('data');
const cache = new Map<string, unknown>();

function load<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const hit = cache.get(file);
  if (hit !== undefined) return hit as z.infer<S>;
  const path = resolve(DATA_DIR, file);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, `cannot read dictionary: ${(error as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigError(path, formatZodIssues(result.error));
  cache.set(file, result.data);
  return result.data;
}

export const boilerplateRules = () => load('boilerplate.yaml', BoilerplateFile);
export const damageRules = () => load('damage.yaml', DamageRulesFile);
export const programDictionary = () => load('programs.yaml', ProgramsFile);
export const metricDictionary = () => load('metrics.yaml', MetricsFile);
export const placeRules = () => load('places.yaml', PlaceRulesFile);
export const policyRules = () => load('policies.yaml', PoliciesFile);
export const privacyRules = () => load('privacy.yaml', PrivacyFile);
export const variantRules = () => load('variants.yaml', VariantsFile);

const compiled = new WeakMap<readonly string[], Map<string, RegExp[]>>();

/**
 * A dictionary's list of patterns as regular expressions, compiled once per list and flags
 * (they are used on every document). The expressions are shared: use them with `test`,
 * `match` or `matchAll`, never with `exec` on a global or sticky one (its lastIndex is shared).
 */
export function patternsOf(sources: readonly string[], flags = 'u'): RegExp[] {
  let byFlags = compiled.get(sources);
  if (!byFlags) compiled.set(sources, (byFlags = new Map()));
  let out = byFlags.get(flags);
  if (!out) byFlags.set(flags, (out = sources.map((s) => new RegExp(s, flags))));
  return out;
}
