/** Issues (what went wrong, where) and the run report written after every run. */
import { z } from 'zod';

export const IssueCode = z.enum([
  'EMPTY_FILE', 'BINARY_FILE', 'UNDECODABLE', 'TOO_LARGE', 'UNREADABLE', 'DUPLICATE_CONTENT',
  'NO_TEXT', 'DIGITS_DAMAGED', 'INVALID_RECORD', 'UNLINKED_PLACE', 'LOAD_FAILED', 'EXTRACT_FAILED',
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

export const RunReport = z.strictObject({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(['ok', 'partial', 'failed']),
  shard: z.string().nullable(),
  documents: z.strictObject({
    seen: z.number().int(),
    loaded: z.number().int(),
    unchanged: z.number().int(),
    replaced: z.number().int(),
    removed: z.number().int(),
    failed: z.number().int(),
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
});
export type RunReport = z.infer<typeof RunReport>;
