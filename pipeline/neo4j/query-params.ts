/**
 * Parameters of the named queries, as their headers declare them:
 *
 *     // @param <name> <type>[?] <what it is> (example: <value>)
 *
 * `?` marks an optional parameter (null when omitted). Types: `text` (the default reading of
 * any value: `policy=2019` stays the string "2019"), `int`, `place` (a code or a name,
 * resolved against the graph and the division tables), and the closed vocabularies
 * `program`, `category`, `level`. Values are checked before the query runs, so a typo is an
 * error with suggestions, never a silent "(no rows)".
 */
import { FigureCategory, PlaceLevel } from '../../schemas/index.ts';
import { programDictionary } from '../dictionaries.ts';
import { FupinError } from '../errors.ts';

export const PARAM_TYPES = ['text', 'int', 'place', 'program', 'category', 'level'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export const VOCABULARIES = ['program', 'category', 'level'] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];

export interface QueryParam {
  name: string;
  type: ParamType;
  required: boolean;
  doc: string;
  example: string;
}

/** A query's parameters are wrong: exit code 2, with what would be right. */
export class QueryError extends FupinError {
  override name = 'QueryError';
}

/** The closed lists: program names (data/programs.yaml), figure categories and place levels (schemas). */
export function vocabulary(v: Vocabulary): string[] {
  if (v === 'program') return programDictionary().programs.map((p) => p.name);
  if (v === 'category') return [...FigureCategory.options];
  return [...PlaceLevel.options];
}

const PARAM_LINE = /^@param\s+(\w+)\s+(\w+)(\?)?\s+(.*?)\s*(?:\(example:\s*(.*)\))?$/;

/** One `@param` header line (without the `//`); throws on an unknown type, so a bad header fails its test. */
export function parseParamLine(line: string, query: string): QueryParam | null {
  const m = PARAM_LINE.exec(line);
  if (!m) return null;
  const type = m[2] as ParamType;
  if (!PARAM_TYPES.includes(type)) throw new QueryError(`queries/ask/${query}.cypher: @param ${m[1]} has unknown type \`${m[2]}\` (types: ${PARAM_TYPES.join(', ')})`);
  return { name: m[1]!, type, required: !m[3], doc: m[4] ?? '', example: m[5] ?? '' };
}

/** Levenshtein distance over code points (Chinese names are short: a full matrix is cheap). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length]!;
}

/** The `n` candidates nearest to `value`, within half its length: "did you mean …?". */
export function nearest(value: string, candidates: Iterable<string>, n = 3): string[] {
  const limit = Math.max(1, Math.ceil([...value].length / 2));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (Math.abs(c.length - value.length) > limit) continue;
    const d = editDistance(value.toLowerCase(), c.toLowerCase());
    if (d <= limit) scored.push([c, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([c]) => c);
}

export const didYouMean = (options: string[]): string => (options.length > 0 ? `; did you mean ${options.join(', ')}?` : ';');

/**
 * `--param key=value` pairs checked against the declared parameters. Place values are
 * returned as given (the caller resolves them against the graph); every other value is
 * converted to its type. Omitted optional parameters are null.
 */
export function checkParams(query: { name: string; params: QueryParam[] }, pairs: string[]): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  const example = (p: QueryParam) => `--param ${p.name}=${p.example || '…'}`;
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i < 1) throw new QueryError(`expected --param key=value, got \`${pair}\``);
    const key = pair.slice(0, i);
    const raw = pair.slice(i + 1).trim();
    const param = query.params.find((p) => p.name === key);
    if (!param) {
      const names = query.params.map((p) => p.name);
      throw new QueryError(`query ${query.name} has no parameter \`${key}\`${didYouMean(nearest(key, names, 1))} it takes: ${names.join(', ') || 'none'}`);
    }
    if (raw === '') throw new QueryError(`--param ${key} is empty; for example ${example(param)}`);
    values[key] = convert(query.name, param, raw);
  }
  for (const p of query.params) {
    if (values[p.name] !== undefined) continue;
    if (p.required) throw new QueryError(`query ${query.name} needs ${example(p)} (${p.type}: ${p.doc})`);
    values[p.name] = null;
  }
  return values;
}

function convert(query: string, param: QueryParam, raw: string): string | number {
  switch (param.type) {
    case 'int': {
      if (!/^-?\d+$/.test(raw)) throw new QueryError(`--param ${param.name} of ${query} takes a whole number, got \`${raw}\``);
      return Number(raw);
    }
    case 'program': case 'category': case 'level': {
      const allowed = vocabulary(param.type);
      if (allowed.includes(raw)) return raw;
      const all = allowed.length <= 12 ? ` allowed: ${allowed.join(', ')}` : ` all ${allowed.length}: fupin-kg query --values ${param.type}`;
      throw new QueryError(`unknown ${param.type} \`${raw}\` for --param ${param.name}${didYouMean(nearest(raw, allowed))}${all}`);
    }
    default:
      return raw;
  }
}
