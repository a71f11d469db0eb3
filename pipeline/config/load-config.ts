/**
 * Loads the run configuration in a fixed order: YAML file → ${VAR} substitution →
 * NEO4J_* environment → CLI overrides → schema. Errors name the file and the key path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { ConfigSchema, type Config } from '../../schemas/index.ts';
import { ConfigError } from '../errors.ts';

export const DEFAULT_CONFIG_FILE = 'fupin.config.yaml';

export interface LoadConfigOptions {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  overrides?: DeepPartial<Config>;
}
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  let raw: unknown = {};
  if (file !== undefined) {
    if (!existsSync(file)) throw new ConfigError(file, 'config file not found');
    try {
      raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (error) {
      const why = error instanceof YAMLParseError ? error.message : String(error);
      throw new ConfigError(file, `not valid YAML: ${why}`);
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(file, 'expected a mapping at the top level');
    raw = substituteEnv(raw, env, file);
  }
  const merged = deepMerge(deepMerge(raw as Record<string, unknown>, envOverrides(env)), (options.overrides ?? {}) as Record<string, unknown>);
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(file ?? '(defaults)', formatZodIssues(result.error));
  // Checked here, not when a run is half-way: an output folder that is a file.
  const out = result.data.output.dir;
  if (existsSync(out) && !statSync(out).isDirectory()) throw new ConfigError(file ?? '(defaults)', `\`output.dir\`: ${out} is a file, not a folder`);
  return result.data;
}

/** `key.path: message (got value)` per issue, one per line. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `\`${issue.path.join('.') || '(root)'}\`: ${issue.message}`)
    .join('; ');
}

function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, file: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) throw new ConfigError(file, `environment variable not set: ${name}`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env, file));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, file)]));
  }
  return value;
}

function passwordFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError('NEO4J_PASSWORD_FILE', `cannot read the password file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function envOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const neo4j: Record<string, unknown> = {};
  if (env.NEO4J_URI) neo4j.uri = env.NEO4J_URI;
  if (env.NEO4J_USER) neo4j.user = env.NEO4J_USER;
  if (env.NEO4J_PASSWORD !== undefined && env.NEO4J_URI) neo4j.password = env.NEO4J_PASSWORD;
  // A file (mode 0600) keeps the password out of crontabs and process environments.
  if (env.NEO4J_PASSWORD_FILE && env.NEO4J_URI) neo4j.password = passwordFile(env.NEO4J_PASSWORD_FILE);
  if (env.NEO4J_DATABASE) neo4j.database = env.NEO4J_DATABASE;
  return Object.keys(neo4j).length > 0 ? { neo4j } : {};
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The config with secrets masked, for logs. */
export function redact(config: Config): Config {
  return { ...config, neo4j: { ...config.neo4j, password: config.neo4j.password === null ? null : '***' } };
}
