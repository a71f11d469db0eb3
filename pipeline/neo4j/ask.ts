/**
 * Runs the analyst questions of queries/ask/ and ad-hoc Cypher. Named queries always run in
 * read transactions; parameters are Cypher parameters, never spliced into the text.
 */
import neo4j from 'neo4j-driver';
import type { Divisions } from '../gazetteer/divisions.ts';
import type { Graph } from './connect.ts';
import { toSimplified } from '../stages/normalize.ts';
import { askQueries, type NamedQuery } from './queries.ts';
import { checkParams, didYouMean, editDistance, nearest, QueryError } from './query-params.ts';

export type Row = Record<string, unknown>;

export function findQuery(name: string): NamedQuery {
  const all = askQueries();
  const q = all.find((x) => x.name === name);
  if (!q) throw new QueryError(`no query named \`${name}\`${didYouMean(nearest(name, all.map((x) => x.name), 1))} available: ${all.map((x) => x.name).join(', ')}`);
  return q;
}

/** `--param key=value` pairs checked against the query's header, places resolved to codes. */
export async function resolveParams(graph: Graph, divisions: Divisions, query: NamedQuery, pairs: string[]): Promise<Record<string, unknown>> {
  return resolvePlaces(graph, divisions, query, checkParams(query, pairs));
}

/** Checked parameters with their place values resolved to division codes. */
export async function resolvePlaces(graph: Graph, divisions: Divisions, query: NamedQuery, checked: Record<string, unknown>): Promise<Record<string, unknown>> {
  const params = { ...checked };
  for (const p of query.params) {
    const value = params[p.name];
    if (p.type === 'place' && typeof value === 'string') params[p.name] = await resolvePlace(graph, divisions, value);
  }
  return params;
}

/**
 * 六安 / 六安市 / 3415 → 3415; 六安縣 is read as simplified; an ambiguous name lists the
 * candidates instead of guessing; an unknown one gets the nearest names.
 */
export async function resolvePlace(graph: Graph, divisions: Divisions, value: string): Promise<string> {
  if (/^(CN|\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(value)) return value;
  const simplified = toSimplified(value);
  const names = [...new Set([value, simplified])];
  const candidates = [...new Set(names.flatMap((n) => divisions.lookup(n).map((e) => e.code)))];
  const { records } = await graph.driver.executeQuery('MATCH (p:Place) WHERE p.name IN $names OR p.code IN $codes RETURN p.code AS code, p.name AS name', { names, codes: candidates }, { database: graph.database, routing: 'READ' });
  const inGraph = [...new Set(records.map((r) => r.get('code') as string))];
  const pick = inGraph.length > 0 ? inGraph : candidates;
  if (pick.length === 1) return pick[0]!;
  if (pick.length === 0) throw new QueryError(`no place named \`${value}\`${didYouMean(await nearestPlaces(graph, divisions, simplified))} a code (341524) also works`);
  // Higher levels first: 朝阳市 and 朝阳区 before the many 朝阳镇.
  const listed = [...pick].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).map((c) => `${c} ${divisions.nameOf(c) ?? ''}`);
  const shown = listed.slice(0, 12).join('; ') + (listed.length > 12 ? `; … ${listed.length - 12} more` : '');
  throw new QueryError(`\`${value}\` is ambiguous; pass one of these codes: ${shown}`);
}

/** The three names nearest to a misspelt one; at equal distance, places of the graph first (金塞县 → 金寨县 before 安塞县). */
async function nearestPlaces(graph: Graph, divisions: Divisions, name: string): Promise<string[]> {
  const near = nearest(name, divisions.names(), 12);
  const { records } = await graph.driver.executeQuery('MATCH (p:Place) WHERE p.name IN $names RETURN DISTINCT p.name AS name', { names: near }, { database: graph.database, routing: 'READ' });
  const inGraph = new Set(records.map((r) => r.get('name') as string));
  const rank = (n: string) => editDistance(name, n) * 2 + (inGraph.has(n) ? 0 : 1);
  return near.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i).slice(0, 3).map((x) => x.n);
}

/**
 * Why a statement may not run without --write, from the server's own plan (EXPLAIN), not from
 * its words: it writes or changes the schema, it is an administration command
 * (TERMINATE TRANSACTIONS, SHOW …, which EXPLAIN does not plan), or it reads a file or URL
 * (LOAD CSV). null: a plain read. A syntax error is thrown as the server's error.
 */
export async function writesOrAdministers(graph: Graph, statement: string, params: Record<string, unknown>): Promise<string | null> {
  const session = graph.driver.session({ database: graph.database, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(`EXPLAIN ${statement}`, params);
    const type = result.summary.queryType;
    if (type !== 'r') return type === 's' ? 'this statement changes the schema' : 'this statement writes to the graph';
    const operators = (plan: { operatorType?: string; children?: unknown[] } | false): string[] => (plan ? [plan.operatorType ?? '', ...((plan.children ?? []) as { operatorType?: string; children?: unknown[] }[]).flatMap(operators)] : []);
    const ops = operators(result.summary.plan as { operatorType?: string; children?: unknown[] } | false);
    if (ops.some((o) => /^LoadCSV/.test(o))) return 'LOAD CSV reads files or URLs from the server';
    // Administration commands plan as reads (TERMINATE TRANSACTIONS kills another session's write).
    if (ops.some((o) => /^(Terminate|Show|Create|Drop|Alter|Grant|Revoke|Deny|Start|Stop|Rename|Enable)[A-Z]/.test(o))) return 'this is an administration command';
    return null;
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (code === 'Neo.ClientError.Statement.SyntaxError') {
      // The server's own message for the statement as written (positions without "EXPLAIN ").
      await session.run(statement, params);
    }
    if (code === 'Neo.ClientError.Statement.ParameterMissing') throw error;
    // Administration commands cannot be EXPLAINed: they need --write.
    return 'this is an administration command';
  } finally {
    await session.close();
  }
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
