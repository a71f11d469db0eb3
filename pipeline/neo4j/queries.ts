/** Cypher lives in queries/*.cypher; this reads a file by name and its header comment. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { rootPath } from '../paths.ts';
import { parseParamLine, type QueryParam } from './query-params.ts';

export const QUERIES_DIR = rootPath('queries');
const cache = new Map<string, string>();

/** `load/merge-document` → the text of queries/load/merge-document.cypher, its includes expanded. */
export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = join(QUERIES_DIR, `${name}.cypher`);
    if (!existsSync(file)) throw new Error(`no query file ${file}`);
    text = withIncludes(readFileSync(file, 'utf8'), file);
    cache.set(name, text);
  }
  return text;
}

const INCLUDE = /^[ \t]*\/\/ @include ([\w/-]+)[ \t]*$/gm;

/**
 * `// @include fragments/totals` is replaced by queries/fragments/totals.cypher: a rule
 * several queries share (what adds to a total) is written once. Only the project's own files
 * are spliced, never user input; parameters stay parameters.
 */
export function withIncludes(text: string, file: string, depth = 0): string {
  if (depth > 4) throw new Error(`${file}: @include nested too deep`);
  return text.replace(INCLUDE, (_, name: string) => {
    const path = join(QUERIES_DIR, `${name}.cypher`);
    if (!existsSync(path)) throw new Error(`${file}: @include ${name}: no file ${path}`);
    return withIncludes(readFileSync(path, 'utf8').trimEnd(), path, depth + 1);
  });
}

/** A file of several statements separated by `;` at line ends (schema files). */
export function statements(name: string): string[] {
  return cypher(name)
    .split(/;\s*\n/)
    .map((s) => s.replace(/^\s*\/\/.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

export interface NamedQuery {
  name: string;
  description: string;
  params: QueryParam[];
  text: string;
}

/** The analyst questions under queries/ask/, with their header comments parsed. */
export function askQueries(): NamedQuery[] {
  const dir = join(QUERIES_DIR, 'ask');
  return readdirSync(dir).filter((f) => f.endsWith('.cypher')).sort().map((f) => {
    const file = join(dir, f);
    const query = parseNamedQuery(basename(f, '.cypher'), readFileSync(file, 'utf8'));
    return { ...query, text: withIncludes(query.text, file) };
  });
}

export function parseNamedQuery(name: string, text: string): NamedQuery {
  // The header: the comment lines before the first statement line.
  const lines = text.split('\n');
  const end = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('//'));
  const header = lines.slice(0, end === -1 ? lines.length : end).map((l) => l.replace(/^\/\/\s?/, ''));
  const params: QueryParam[] = [];
  const desc: string[] = [];
  for (const line of header) {
    const param = parseParamLine(line, name);
    if (param) params.push(param);
    else if (line.trim()) desc.push(line.trim());
  }
  return { name, description: desc.join(' '), params, text };
}
