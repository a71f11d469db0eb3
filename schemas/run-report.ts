/** Issues (what went wrong, where) and the run report written after every run. */
import { z } from 'zod';

export const IssueCode = z.enum([
  'EMPTY_FILE', 'BINARY_FILE', 'UNDECODABLE', 'TOO_LARGE', 'UNREADABLE', 'DUPLICATE_CONTENT',
  'NO_TEXT', 'DIGITS_DAMAGED', 'INVALID_RECORD', 'UNLINKED_PLACE', 'LOAD_FAILED', 'EXTRACT_FAILED',
  'MASS_REMOVAL_REFUSED', 'UNPARSEABLE',
]);
export type IssueCode = z.infer<typeof IssueCode>;

export const Issue = z.strictObject({
  code: IssueCode,
  stage: z.enum(['ingest', 'normalize', 'segment', 'extract', 'validate', 'load']),
  file: z.string(),
  docId: z.string().nullable(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
  start: z.number().int().optional(),
  end: z.number().int().optional(),
  path: z.string().optional(),
});
export type Issue = z.infer<typeof Issue>;

export const StageTiming = z.strictObject({ stage: z.string(), ms: z.number().nonnegative() });

/** What the run did with one document (like dbt's run_results.json). */
export const DocumentOutcome = z.strictObject({
  id: z.string(),
  source: z.string(),
  collection: z.string().nullable(),
  outcome: z.enum(['loaded', 'replaced', 'unchanged', 'removed', 'duplicate', 'failed', 'known-failure', 'would-load', 'would-replace', 'would-remove', 'removal-refused']),
  stage: z.string().optional(),
  reason: z.string().optional(),
  duplicateOf: z.string().optional(),
});
export type DocumentOutcome = z.infer<typeof DocumentOutcome>;

export const RunReport = z.strictObject({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  wallMs: z.number().int().nonnegative(),
  status: z.enum(['ok', 'partial', 'failed', 'refused', 'dry-run']),
  shard: z.string().nullable(),
  /** The input folders and files, and the collections they are. */
  inputs: z.array(z.strictObject({ root: z.string(), collection: z.string() })),
  configHash: z.string(),
  pipelineVersion: z.string(),
  dryRun: z.boolean(),
  /** How the run wrote: bulk (neo4j-admin import, a first build) or transactional, and why. */
  loadPath: z.strictObject({ path: z.enum(['bulk', 'transactional']), reason: z.string() }),
  /** Removal beyond run.maxRemovedShare / run.maxRemoved, refused without --allow-mass-removal. */
  removal: z.strictObject({ missing: z.number().int(), collectionSize: z.number().int(), refused: z.boolean() }),
  documents: z.strictObject({
    seen: z.number().int(),
    loaded: z.number().int(),
    unchanged: z.number().int(),
    replaced: z.number().int(),
    removed: z.number().int(),
    failed: z.number().int(),
    /** Failures of files that failed the same way, unchanged, in an earlier run: they do not fail the run unless --strict. */
    knownFailures: z.number().int(),
    duplicates: z.number().int(),
  }),
  quarantined: z.number().int(),
  quarantineByReason: z.record(z.string(), z.number().int()),
  rowsWritten: z.number().int(),
  /** Peak resident memory of the run's process (its worker threads included). */
  peakRssMB: z.number().int(),
  nodesByLabel: z.record(z.string(), z.number().int()),
  relsByType: z.record(z.string(), z.number().int()),
  stages: z.array(StageTiming),
  issues: z.array(Issue),
  outcomes: z.array(DocumentOutcome),
});
export type RunReport = z.infer<typeof RunReport>;
