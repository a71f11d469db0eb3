/** Cypher lives in queries/*.cypher; this reads a file by name and its header comment. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { rootPath } from '../paths.ts';
import { parseParamLine, type QueryParam } from './query-params.ts';

export const QUERIES_DIR = rootPath('queries');
const cache = new Map<string, string>();

/** `load/merge-document` → the text of queries/load/merge-document.cypher. */
export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = join(QUERIES_DIR, `${name}.cypher`);
    if (!existsSync(file)) throw new Error(`no query file ${file}`);
    text = readFileSync(file, 'utf8');
    cache.set(name, text);
  }
  return text;
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
  return readdirSync(dir).filter((f) => f.endsWith('.cypher')).sort().map((f) => parseNamedQuery(basename(f, '.cypher'), readFileSync(join(dir, f), 'utf8')));
}

export function parseNamedQuery(name: string, text: string): NamedQuery {
  const header = text.split('\n').filter((l) => l.startsWith('//')).map((l) => l.replace(/^\/\/\s?/, ''));
  const params: QueryParam[] = [];
  const desc: string[] = [];
  for (const line of header) {
    const param = parseParamLine(line, name);
    if (param) params.push(param);
    else if (line.trim()) desc.push(line.trim());
  }
  return { name, description: desc.join(' '), params, text };
}
