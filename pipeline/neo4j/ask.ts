/**
 * Runs the analyst questions of queries/ask/ and ad-hoc Cypher. Named queries always run in
 * read transactions; parameters are Cypher parameters, never spliced into the text.
 */
import neo4j from 'neo4j-driver';
import { FupinError } from '../errors.ts';
import type { Divisions } from '../gazetteer/divisions.ts';
import type { Graph } from './connect.ts';
import { askQueries, type NamedQuery } from './queries.ts';

export type Row = Record<string, unknown>;

export class QueryError extends FupinError {
  override name = 'QueryError';
}

export function findQuery(name: string): NamedQuery {
  const all = askQueries();
  const q = all.find((x) => x.name === name);
  if (!q) throw new QueryError(`no query named \`${name}\`; available: ${all.map((x) => x.name).join(', ')}`);
  return q;
}

/** `--param key=value` pairs: numbers stay numbers; place-like keys accept a code or a name. */
export async function resolveParams(graph: Graph, divisions: Divisions, query: NamedQuery, pairs: string[]): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const p of query.params) if (p.example !== '') params[p.name] = null;
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i < 1) throw new QueryError(`expected --param key=value, got \`${pair}\``);
    const key = pair.slice(0, i);
    const value = pair.slice(i + 1);
    if (!query.params.some((p) => p.name === key)) throw new QueryError(`query \`${query.name}\` has no parameter \`${key}\`; it takes: ${query.params.map((p) => p.name).join(', ') || 'none'}`);
    params[key] = /place/i.test(key) ? await resolvePlace(graph, divisions, value) : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  for (const p of query.params) if (params[p.name] === undefined) params[p.name] = null;
  return params;
}

/** 六安 / 六安市 / 3415 → 3415; an ambiguous name lists the candidates instead of guessing. */
export async function resolvePlace(graph: Graph, divisions: Divisions, value: string): Promise<string> {
  if (/^(CN|\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(value)) return value;
  const candidates = [...new Set(divisions.lookup(value).map((e) => e.code))];
  const { records } = await graph.driver.executeQuery('MATCH (p:Place) WHERE p.name = $name OR p.code IN $codes RETURN p.code AS code, p.name AS name', { name: value, codes: candidates }, { database: graph.database, routing: 'READ' });
  const inGraph = [...new Set(records.map((r) => r.get('code') as string))];
  const pick = inGraph.length > 0 ? inGraph : candidates;
  if (pick.length === 1) return pick[0]!;
  if (pick.length === 0) throw new QueryError(`no place named \`${value}\``);
  // Higher levels first: 朝阳市 and 朝阳区 before the many 朝阳镇.
  const names = [...pick].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).map((c) => `${c} ${divisions.nameOf(c) ?? ''}`);
  const shown = names.slice(0, 12).join('; ') + (names.length > 12 ? `; … ${names.length - 12} more` : '');
  throw new QueryError(`\`${value}\` is ambiguous; pass one of these codes: ${shown}`);
}

export async function runRead(graph: Graph, text: string, params: Record<string, unknown>): Promise<Row[]> {
  const session = graph.driver.session({ database: graph.database, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.executeRead((tx) => tx.run(text, params));
    return result.records.map((r) => r.toObject() as Row).map(plain);
  } finally {
    await session.close();
  }
}

/** An auto-commit transaction, so batched statements (CALL … IN TRANSACTIONS) work too. */
export async function runWrite(graph: Graph, text: string, params: Record<string, unknown>): Promise<Row[]> {
  const session = graph.driver.session({ database: graph.database });
  try {
    const result = await session.run(text, params);
    return result.records.map((r) => r.toObject() as Row).map(plain);
  } finally {
    await session.close();
  }
}

/** Driver values (nodes, dates) as plain JSON. */
export function plain(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toPlain(v)]));
}

function toPlain(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (Array.isArray(v)) return v.map(toPlain);
  if (neo4j.isInt(v)) return (v as { toNumber(): number }).toNumber();
  if (neo4j.isDate(v) || neo4j.isDateTime(v) || neo4j.isLocalDateTime(v)) return String(v);
  if (typeof v === 'object') {
    const o = v as { labels?: string[]; properties?: Record<string, unknown>; type?: string };
    if (o.properties && (o.labels || o.type)) return toPlain(o.properties);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  }
  return v;
}
