/**
 * load: ValidatedDocument[] → Neo4j. Documents are written in batches of whole documents,
 * one write transaction per batch: the old facts of each document are removed and the new
 * ones merged in the same transaction, so the graph never shows half a document. Batches run
 * through a p-queue with bounded concurrency; the driver retries transient errors.
 */
import PQueue from 'p-queue';
import type { ManagedTransaction } from 'neo4j-driver';
import { metricDictionary, programDictionary } from '../dictionaries.ts';
import { countsInTotals } from './extract/totals.ts';
import type { ValidatedDocument } from '../../schemas/index.ts';
import { cypher, statements } from '../neo4j/queries.ts';
import type { Graph } from '../neo4j/connect.ts';

export interface LoadStats {
  documents: number;
  nodesByLabel: Record<string, number>;
  relsByType: Record<string, number>;
  rows: number;
  counters: { nodesCreated: number; nodesDeleted: number; relationshipsCreated: number; relationshipsDeleted: number; propertiesSet: number };
}

export interface LoadOptions {
  batchSize: number;
  concurrency: number;
  now?: string;
  /** Called after each committed batch with the ids it wrote. */
  onBatch?: (ids: string[]) => void;
}

export async function ensureSchema(graph: Graph): Promise<void> {
  const session = graph.driver.session({ database: graph.database });
  try {
    // One managed transaction per statement: two runs starting at once (shards) may deadlock
    // on the schema lock, a transient error the driver retries.
    for (const statement of statements('schema/constraints')) await session.executeWrite((tx) => tx.run(statement));
  } finally {
    await session.close();
  }
}

export interface LoadedDocument {
  contentHash: string;
  pipelineVersion: string | null;
  source: string;
  /** null: loaded before collections (ids by file name); the next run migrates it. */
  collection: string | null;
  textHash: string | null;
}

export async function loadedDocuments(graph: Graph): Promise<Map<string, LoadedDocument>> {
  const { records } = await graph.driver.executeQuery(cypher('load/document-hashes'), {}, { database: graph.database, routing: 'READ' });
  return new Map(records.map((r) => [r.get('id') as string, {
    contentHash: r.get('contentHash') as string, pipelineVersion: r.get('pipelineVersion') as string | null, source: r.get('source') as string,
    collection: r.get('collection') as string | null, textHash: r.get('textHash') as string | null,
  }]));
}

export function emptyStats(): LoadStats {
  return { documents: 0, nodesByLabel: {}, relsByType: {}, rows: 0, counters: { nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0, propertiesSet: 0 } };
}

/** The parameter rows of one batch of documents, by query. */
export function rowsOf(docs: ValidatedDocument[]) {
  const categories = new Map(programDictionary().programs.map((p) => [p.name, p.category]));
  const countUnits = new Set(metricDictionary().countUnits);
  const documents = docs.map((d) => d.document);
  const places = dedupe(docs.flatMap((d) => d.places), (p) => p.key);
  const mentions: Record<string, unknown>[] = [];
  const about: Record<string, unknown>[] = [];
  const relations: Record<string, unknown>[] = [];
  const figures: Record<string, unknown>[] = [];
  for (const { document, record } of docs) {
    const docId = document.id;
    for (const p of record.places) {
      mentions.push({ docId, kind: 'place', key: p.code ?? `${p.name}@${p.parent ?? ''}`, count: p.count ?? 1, firstOffset: p.evidence?.start ?? null, category: null, year: null });
    }
    for (const name of record.programs) {
      const first = record.program_places.find((x) => x.program === name)?.evidence;
      mentions.push({ docId, kind: 'program', key: name, count: 1, firstOffset: first?.start ?? null, category: categories.get(name) ?? null, year: null });
    }
    for (const p of record.policies) {
      mentions.push({ docId, kind: 'policy', key: p.title, count: 1, firstOffset: p.evidence?.start ?? null, category: null, year: p.year });
      if (p.issuer) relations.push({ type: 'ISSUED_BY', docId, from: p.title, to: p.issuer, evidence: p.evidence?.sentence ?? null, start: p.evidence?.start ?? null, end: p.evidence?.end ?? null });
    }
    if (record.subject) about.push({ docId, place: record.subject });
    for (const p of record.policy_places) relations.push({ type: 'APPLIES_TO', docId, from: p.policy, to: p.place, evidence: p.evidence?.sentence ?? null, start: p.evidence?.start ?? null, end: p.evidence?.end ?? null });
    for (const p of record.program_places) relations.push({ type: 'IMPLEMENTED_IN', docId, from: p.program, to: p.place, evidence: p.evidence?.sentence ?? null, start: p.evidence?.start ?? null, end: p.evidence?.end ?? null });
    for (const f of record.figures) {
      figures.push({
        id: f.id, docId, value: f.value, integral: countUnits.has(f.unit) && Number.isInteger(f.value), unit: f.unit, category: f.category, metric: f.metric, surface: f.surface, year: f.year,
        approx: f.approx, per: f.per ?? null, partOf: f.partOf ?? null, factKey: f.factKey ?? null, countable: countsInTotals(f),
        place: f.place, program: f.program ?? null, sentence: f.evidence?.sentence ?? null, start: f.evidence?.start ?? null, end: f.evidence?.end ?? null,
      });
    }
  }
  return { documents, places, mentions, about, relations, figures };
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const i of items) if (!seen.has(key(i))) seen.set(key(i), i);
  return [...seen.values()];
}

function rowCount(d: ValidatedDocument): number {
  const r = d.record;
  return 1 + d.places.length + r.places.length + r.programs.length + r.policies.length * 2 + r.figures.length + r.program_places.length + r.policy_places.length;
}

/** Splits documents into batches of about `batchSize` rows; a document is never split. */
export function batches(docs: ValidatedDocument[], batchSize: number): ValidatedDocument[][] {
  const out: ValidatedDocument[][] = [];
  let current: ValidatedDocument[] = [];
  let rows = 0;
  for (const d of docs) {
    const n = rowCount(d);
    if (current.length > 0 && rows + n > batchSize) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(d);
    rows += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function writeBatch(tx: ManagedTransaction, docs: ValidatedDocument[], now: string) {
  const rows = rowsOf(docs);
  const ids = rows.documents.map((d) => d.id);
  const summaries = [];
  summaries.push((await tx.run(cypher('load/delete-document-facts'), { ids })).summary);
  summaries.push((await tx.run(cypher('load/merge-documents'), { rows: rows.documents, now })).summary);
  summaries.push((await tx.run(cypher('load/merge-places'), { rows: rows.places })).summary);
  summaries.push((await tx.run(cypher('load/merge-mentions'), { rows: rows.mentions })).summary);
  summaries.push((await tx.run(cypher('load/merge-about'), { rows: rows.about })).summary);
  summaries.push((await tx.run(cypher('load/merge-relations'), { rows: rows.relations })).summary);
  summaries.push((await tx.run(cypher('load/merge-figures'), { rows: rows.figures })).summary);
  return { rows, summaries };
}

export async function loadDocuments(graph: Graph, docs: ValidatedDocument[], options: LoadOptions): Promise<LoadStats> {
  const stats = emptyStats();
  const now = options.now ?? new Date().toISOString();
  const queue = new PQueue({ concurrency: options.concurrency });
  const jobs = batches(docs, options.batchSize).map((batch) => queue.add(async () => {
    const session = graph.driver.session({ database: graph.database });
    try {
      const { rows, summaries } = await session.executeWrite((tx) => writeBatch(tx, batch, now));
      add(stats.nodesByLabel, 'Document', rows.documents.length);
      add(stats.nodesByLabel, 'Place', rows.places.length);
      add(stats.nodesByLabel, 'Figure', rows.figures.length);
      add(stats.nodesByLabel, 'Program', new Set(rows.mentions.filter((m) => m.kind === 'program').map((m) => m.key)).size);
      add(stats.nodesByLabel, 'Policy', new Set(rows.mentions.filter((m) => m.kind === 'policy').map((m) => m.key)).size);
      add(stats.relsByType, 'MENTIONS', rows.mentions.length);
      add(stats.relsByType, 'ABOUT', rows.about.length);
      add(stats.relsByType, 'PART_OF', rows.places.filter((p) => p.parent).length);
      for (const r of rows.relations) add(stats.relsByType, r.type as string, 1);
      add(stats.relsByType, 'MEASURES', rows.figures.length);
      add(stats.relsByType, 'REPORTED_IN', rows.figures.length);
      add(stats.relsByType, 'FOR_PROGRAM', rows.figures.filter((f) => f.program).length);
      stats.documents += batch.length;
      stats.rows += rows.documents.length + rows.places.length + rows.mentions.length + rows.about.length + rows.relations.length + rows.figures.length;
      for (const s of summaries) {
        const c = s.counters.updates();
        stats.counters.nodesCreated += c.nodesCreated;
        stats.counters.nodesDeleted += c.nodesDeleted;
        stats.counters.relationshipsCreated += c.relationshipsCreated;
        stats.counters.relationshipsDeleted += c.relationshipsDeleted;
        stats.counters.propertiesSet += c.propertiesSet;
      }
      options.onBatch?.(batch.map((d) => d.document.id));
    } finally {
      await session.close();
    }
  }));
  await Promise.all(jobs);
  return stats;
}

function add(map: Record<string, number>, key: string, n: number): void {
  map[key] = (map[key] ?? 0) + n;
}

/** Removes documents and their facts; shared nodes still needed elsewhere stay. */
export async function removeDocuments(graph: Graph, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const session = graph.driver.session({ database: graph.database });
  try {
    await session.executeWrite(async (tx) => {
      await tx.run(cypher('load/delete-document-facts'), { ids });
      await tx.run(cypher('load/remove-documents'), { ids });
    });
    await pruneOrphans(graph);
    await graph.driver.executeQuery(cypher('load/policy-years'), {}, { database: graph.database });
  } finally {
    await session.close();
  }
}

export async function pruneOrphans(graph: Graph): Promise<void> {
  for (let i = 0; i < 8; i++) {
    const { records } = await graph.driver.executeQuery(cypher('load/prune-orphans'), {}, { database: graph.database });
    if (Number(records[0]?.get('removed') ?? 0) === 0) return;
  }
}
