/**
 * The bulk first build's input: validated documents as neo4j-admin import CSV files, nodes per
 * label and relationships per type, with the same keys, properties and types the
 * transactional path writes (queries/load/*.cypher), so both paths build the same graph.
 * What MERGE does there is done here: one node per key, one relationship per (type, ends,
 * docId), the last value of a property set twice, a Policy's first year.
 *
 * Memory stays flat with the corpus: only the shared nodes (places, programs, policies: tens
 * of thousands at most) are held; per-document rows stream to disk as they come, and the
 * relationships that must point at a shared node (the MATCH of the Cypher path) go to spill
 * files first, filtered against the shared nodes when the last document is in.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ValidatedDocument } from '../../schemas/index.ts';
import { rowsOf } from './load.ts';

type Cell = string | number | boolean | null | undefined;

/** A CSV field: strings always quoted (an empty string stays a string), absent values empty. */
function field(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return `"${v.replace(/"/g, '""')}"`;
  return String(v);
}

class CsvFile {
  readonly #fd: number;
  rows = 0;
  constructor(readonly path: string, header: string[]) {
    this.#fd = openSync(path, 'w');
    writeSync(this.#fd, `${header.join(',')}\n`);
  }
  write(cells: Cell[]): void {
    writeSync(this.#fd, `${cells.map(field).join(',')}\n`);
    this.rows++;
  }
  close(): void {
    closeSync(this.#fd);
  }
}

/** JSON lines of rows waiting for the shared nodes to be known: written as they come, read once at the end. */
export class SpillFile {
  readonly #fd: number;
  constructor(readonly path: string) {
    this.#fd = openSync(path, 'w');
  }
  write(cells: Cell[]): void {
    writeSync(this.#fd, `${JSON.stringify(cells)}\n`);
  }
  /** Closes the file and yields its rows, reading it in 1 MB chunks; removes it after. */
  *drain(): Generator<Cell[]> {
    closeSync(this.#fd);
    const fd = openSync(this.path, 'r');
    const buffer = Buffer.alloc(1 << 20);
    // A chunk may end inside a character (Chinese is 3 bytes in UTF-8): the decoder keeps its
    // first bytes for the next chunk.
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
        const lines = (rest + decoder.write(buffer.subarray(0, n))).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line) yield JSON.parse(line) as Cell[];
      }
      rest += decoder.end();
      if (rest) yield JSON.parse(rest) as Cell[];
    } finally {
      closeSync(fd);
      rmSync(this.path, { force: true });
    }
  }
}

const LEVEL_LABEL: Record<string, string> = { nation: 'Nation', province: 'Province', prefecture: 'Prefecture', county: 'County', township: 'Township', village: 'Village' };

export interface BulkFiles {
  nodes: { label: string; file: string; rows: number }[];
  relationships: { type: string; file: string; rows: number }[];
  rows: number;
}

/**
 * Collects the documents (in run order) and writes the CSV files into `dir` when `finish`
 * is called. Nodes shared between documents (places, programs, policies) are kept once in
 * memory; per-document rows stream to disk as they come.
 */
export class BulkCsvWriter {
  readonly #dir: string;
  readonly #places = new Map<string, { key: string; code: string | null; name: string; level: string; parent: string | null; linked: boolean }>();
  readonly #programs = new Map<string, string | null>();
  readonly #policies = new Map<string, number | null>();
  readonly #mentions: SpillFile;
  readonly #facts: SpillFile;
  readonly #figurePrograms: SpillFile;
  readonly #documents: CsvFile;
  readonly #figuresInt: CsvFile;
  readonly #figuresFloat: CsvFile;
  readonly #measures: CsvFile;
  readonly #reportedIn: CsvFile;
  readonly #forProgram: CsvFile;
  readonly #about: CsvFile;
  readonly #now: string;

  constructor(dir: string, now: string) {
    this.#dir = dir;
    this.#now = now;
    mkdirSync(dir, { recursive: true });
    this.#documents = new CsvFile(join(dir, 'documents.csv'), ['id:ID(Document)', ':LABEL', 'source', 'collection', 'textHash', 'title', 'contentHash', 'script', 'reportYear:long', 'publishedAt:date', 'digitsDamaged:boolean', 'outlet', 'url', 'pipelineVersion', 'ingestedAt:datetime']);
    const figure = (type: string) => ['id:ID(Figure)', ':LABEL', `value:${type}`, 'unit', 'category', 'metric', 'surface', 'year:long', 'approx:boolean', 'docId', 'per', 'partOf', 'factKey', 'countable:boolean'];
    this.#figuresInt = new CsvFile(join(dir, 'figures-int.csv'), figure('long'));
    this.#figuresFloat = new CsvFile(join(dir, 'figures-float.csv'), figure('double'));
    this.#measures = new CsvFile(join(dir, 'measures.csv'), [':START_ID(Figure)', ':END_ID(Place)', ':TYPE']);
    this.#reportedIn = new CsvFile(join(dir, 'reported-in.csv'), [':START_ID(Figure)', ':END_ID(Document)', ':TYPE', 'sentence', 'start:long', 'end:long']);
    this.#forProgram = new CsvFile(join(dir, 'for-program.csv'), [':START_ID(Figure)', ':END_ID(Program)', ':TYPE']);
    this.#about = new CsvFile(join(dir, 'about.csv'), [':START_ID(Document)', ':END_ID(Place)', ':TYPE']);
    this.#mentions = new SpillFile(join(dir, 'mentions.spill.jsonl'));
    this.#facts = new SpillFile(join(dir, 'facts.spill.jsonl'));
    this.#figurePrograms = new SpillFile(join(dir, 'figure-programs.spill.jsonl'));
  }

  add(docs: ValidatedDocument[]): void {
    const rows = rowsOf(docs);
    for (const d of rows.documents) {
      this.#documents.write([d.id, 'Document', d.source, d.collection, d.textHash, d.title, d.contentHash, d.script, d.reportYear, d.publishedAt, d.digitsDamaged, d.outlet, d.url, d.pipelineVersion, this.#now]);
    }
    for (const p of rows.places) {
      // merge-places: the first row of a key creates it, later ones set the same properties.
      this.#places.set(p.key, { key: p.key, code: p.code, name: p.name, level: p.level, parent: p.parent, linked: p.linked });
    }
    // A document comes in one call: its rows are deduplicated here (the last value wins, as
    // SET does), then spilled.
    const mentions = new Map<string, Cell[]>();
    for (const m of rows.mentions) {
      const kind = m.kind as string;
      const key = m.key as string;
      if (kind === 'program') this.#programs.set(key, (m.category as string | null) ?? null);
      if (kind === 'policy') {
        // merge-mentions: the earliest year any document gives.
        const year = (m.year as number | null) ?? null;
        const had = this.#policies.get(key) ?? null;
        this.#policies.set(key, had === null ? year : year === null ? had : Math.min(had, year));
      }
      const space = kind === 'place' ? 'Place' : kind === 'program' ? 'Program' : 'Policy';
      mentions.set(`${m.docId}|${space}|${key}`, [m.docId as string, key, space, m.count as number, m.firstOffset as number | null, (m.year as number | null) ?? null]);
    }
    for (const row of mentions.values()) this.#mentions.write(row);
    for (const a of rows.about) this.#about.write([a.docId as string, a.place as string, 'ABOUT']);
    const facts = new Map<string, Cell[]>();
    for (const r of rows.relations) {
      facts.set(`${r.type}|${r.from}|${r.to}|${r.docId}`, [r.type as string, r.from as string, r.to as string, r.docId as string, r.evidence as string | null, r.start as number | null, r.end as number | null]);
    }
    for (const row of facts.values()) this.#facts.write(row);
    for (const f of rows.figures) {
      const file = f.integral ? this.#figuresInt : this.#figuresFloat;
      file.write([f.id as string, 'Figure', f.value as number, f.unit as string, f.category as string, f.metric as string, f.surface as string, f.year as number | null, f.approx as boolean, f.docId as string, f.per as string | null, f.partOf as string | null, f.factKey as string | null, f.countable as boolean]);
      this.#measures.write([f.id as string, f.place as string, 'MEASURES']);
      this.#reportedIn.write([f.id as string, f.docId as string, 'REPORTED_IN', f.sentence as string | null, f.start as number | null, f.end as number | null]);
      if (f.program) this.#figurePrograms.write([f.id as string, f.program as string]);
    }
  }

  /** Writes the shared nodes and relationships and closes every file. */
  finish(): BulkFiles {
    const places = new CsvFile(join(this.#dir, 'places.csv'), ['code:ID(Place)', ':LABEL', 'name', 'level', 'linked:boolean', 'divisionCode']);
    const partOf = new CsvFile(join(this.#dir, 'part-of.csv'), [':START_ID(Place)', ':END_ID(Place)', ':TYPE']);
    for (const p of this.#places.values()) {
      places.write([p.key, `Place;${LEVEL_LABEL[p.level]}`, p.name, p.level, p.linked, p.code]);
      if (p.parent && this.#places.has(p.parent)) partOf.write([p.key, p.parent, 'PART_OF']);
    }
    const programs = new CsvFile(join(this.#dir, 'programs.csv'), ['name:ID(Program)', ':LABEL', 'category']);
    for (const [name, category] of this.#programs) programs.write([name, 'Program', category]);
    const policies = new CsvFile(join(this.#dir, 'policies.csv'), ['title:ID(Policy)', ':LABEL', 'year:long']);
    for (const [title, year] of this.#policies) policies.write([title, 'Policy', year]);
    const mentions = {
      Place: new CsvFile(join(this.#dir, 'mentions-place.csv'), [':START_ID(Document)', ':END_ID(Place)', ':TYPE', 'count:long', 'firstOffset:long']),
      Program: new CsvFile(join(this.#dir, 'mentions-program.csv'), [':START_ID(Document)', ':END_ID(Program)', ':TYPE', 'count:long', 'firstOffset:long']),
      Policy: new CsvFile(join(this.#dir, 'mentions-policy.csv'), [':START_ID(Document)', ':END_ID(Policy)', ':TYPE', 'count:long', 'firstOffset:long', 'year:long']),
    };
    for (const [docId, key, space, count, offset, year] of this.#mentions.drain()) {
      // merge-mentions MATCHes a place: a mention of a place that is no node is dropped there too.
      if (space === 'Place' && !this.#places.has(key as string)) continue;
      mentions[space as keyof typeof mentions].write(space === 'Policy' ? [docId, key, 'MENTIONS', count, offset, year] : [docId, key, 'MENTIONS', count, offset]);
    }
    const facts = {
      ISSUED_BY: new CsvFile(join(this.#dir, 'issued-by.csv'), [':START_ID(Policy)', ':END_ID(Place)', ':TYPE', 'docId', 'evidence', 'start:long', 'end:long']),
      APPLIES_TO: new CsvFile(join(this.#dir, 'applies-to.csv'), [':START_ID(Policy)', ':END_ID(Place)', ':TYPE', 'docId', 'evidence', 'start:long', 'end:long']),
      IMPLEMENTED_IN: new CsvFile(join(this.#dir, 'implemented-in.csv'), [':START_ID(Program)', ':END_ID(Place)', ':TYPE', 'docId', 'evidence', 'start:long', 'end:long']),
    };
    for (const [type, from, to, docId, evidence, start, end] of this.#facts.drain()) {
      const known = type === 'IMPLEMENTED_IN' ? this.#programs.has(from as string) : this.#policies.has(from as string);
      if (!known || !this.#places.has(to as string)) continue; // the MATCH of merge-relations
      facts[type as keyof typeof facts].write([from, to, type, docId, evidence, start, end]);
    }
    for (const [figure, program] of this.#figurePrograms.drain()) if (this.#programs.has(program as string)) this.#forProgram.write([figure, program, 'FOR_PROGRAM']);
    const nodeFiles: [string, CsvFile][] = [['Document', this.#documents], ['Place', places], ['Program', programs], ['Policy', policies], ['Figure', this.#figuresInt], ['Figure', this.#figuresFloat]];
    const relFiles: [string, CsvFile][] = [['PART_OF', partOf], ['ABOUT', this.#about], ['MENTIONS', mentions.Place], ['MENTIONS', mentions.Program], ['MENTIONS', mentions.Policy],
      ['ISSUED_BY', facts.ISSUED_BY], ['APPLIES_TO', facts.APPLIES_TO], ['IMPLEMENTED_IN', facts.IMPLEMENTED_IN], ['MEASURES', this.#measures], ['REPORTED_IN', this.#reportedIn], ['FOR_PROGRAM', this.#forProgram]];
    for (const [, f] of [...nodeFiles, ...relFiles]) f.close();
    return {
      nodes: nodeFiles.map(([label, f]) => ({ label, file: f.path, rows: f.rows })),
      relationships: relFiles.map(([type, f]) => ({ type, file: f.path, rows: f.rows })),
      rows: [...nodeFiles, ...relFiles].reduce((a, [, f]) => a + f.rows, 0),
    };
  }
}
