/** The run configuration (fupin.config.yaml). Every key has a default; unknown keys are errors. */
import { z } from 'zod';

const Thresholds = z.strictObject({
  places: z.number().min(0).max(1).default(0.97),
  programs: z.number().min(0).max(1).default(0.9),
  policies: z.number().min(0).max(1).default(0.97),
  policy_issuer: z.number().min(0).max(1).default(0.85),
  figures_detected: z.number().min(0).max(1).default(0.99),
  figures_attributed: z.number().min(0).max(1).default(0.9),
  figure_category: z.number().min(0).max(1).default(0.85),
  program_places: z.number().min(0).max(1).default(0.85),
  policy_places: z.number().min(0).max(1).default(0.85),
  subject: z.number().min(0).max(1).default(1),
  report_year: z.number().min(0).max(1).default(1),
  digits_damaged: z.number().min(0).max(1).default(1),
});

export const EvalSet = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, - and _'),
  gold: z.string(),
  reports: z.string(),
  /** Optional manifest (url, title, …) used as a run uses it. */
  manifest: z.string().nullable().default(null),
  /** Documents kept out of rule tuning: scored as well on their own. */
  holdout: z.array(z.string()).default([]),
  thresholds: Thresholds.prefault({}),
});
export type EvalSet = z.infer<typeof EvalSet>;

export const ConfigSchema = z.strictObject({
  input: z.strictObject({
    /** Folder (searched recursively) or files of reports. */
    reports: z.string().default('data/reports'),
    manifest: z.string().nullable().default(null),
    extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/)).default(['.txt', '.html', '.htm', '.md']),
    /** Files larger than this are rejected, not read. */
    maxFileBytes: z.number().int().positive().default(5 * 1024 * 1024),
    /**
     * The collection the documents of this input belong to: part of every document id, and
     * the scope of removal (a run removes missing documents of its own collection only).
     * Default: the input folder's name and a short hash of its absolute path.
     */
    collection: z.string().regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, _ . - only').nullable().default(null),
    /** Glob patterns (relative to the input folder) of files to leave out: drafts/**, *.bak.txt. */
    ignore: z.array(z.string().min(1)).default([]),
  }).prefault({}),
  output: z.strictObject({
    /** Artifacts (JSON lines per stage), run reports, quarantine. */
    dir: z.string().default('out'),
    /** Run folders (out/runs/<id>) kept; older ones are deleted after each run. */
    keepRuns: z.number().int().min(1).default(20),
  }).prefault({}),
  neo4j: z.strictObject({
    uri: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+/, 'a Bolt or Neo4j URI (bolt://host:7687, neo4j+s://…)').nullable().default(null),
    user: z.string().default('neo4j'),
    password: z.string().nullable().default(null),
    database: z.string().default('neo4j'),
    local: z.strictObject({
      home: z.string().default('.neo4j'),
      heapMb: z.number().int().min(256).default(1024),
      pagecacheMb: z.number().int().min(64).default(512),
      http: z.boolean().default(true),
      startTimeoutMs: z.number().int().positive().default(120_000),
    }).prefault({}),
  }).prefault({}),
  extract: z.strictObject({
    /** Worker threads for extraction; 0 = one per core. */
    workers: z.number().int().min(0).default(0),
    /** Heap cap of each worker (MB): it collects instead of growing, so memory stays flat. */
    workerHeapMb: z.number().int().min(64).default(128),
    /** Heap of the one-off worker that retries a document a worker ran out of memory on (MB). */
    largeDocumentHeapMb: z.number().int().min(64).default(1024),
  }).prefault({}),
  load: z.strictObject({
    batchSize: z.number().int().min(1).default(2000),
    concurrency: z.number().int().min(1).max(16).default(2),
    maxRetryTimeMs: z.number().int().min(0).default(30_000),
  }).prefault({}),
  run: z.strictObject({
    /** Remove the facts of documents no longer in the input folder. */
    removeMissing: z.boolean().default(true),
    /** A run that would remove more than this share of its collection's documents refuses (--allow-mass-removal lets it). */
    maxRemovedShare: z.number().min(0).max(1).default(0.2),
    /** …or more than this many documents; null: no count limit. */
    maxRemoved: z.number().int().min(0).nullable().default(null),
  }).prefault({}),
  eval: z.strictObject({
    /** Gold sets scored by `fupin-kg eval`, each with its own thresholds. */
    sets: z.array(EvalSet).min(1).default([
      { name: 'seeds', gold: '../shared/gold', reports: '../shared/seeds', manifest: null, holdout: [], thresholds: {} },
    ].map((s) => EvalSet.parse(s))),
  }).prefault({}),
});
export type Config = z.infer<typeof ConfigSchema>;
