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
