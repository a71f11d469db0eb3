/**
 * One file through ingest → normalize → segment → extract → validate: the unit of work a
 * worker thread does. Returns what the run needs, never throws for a bad document.
 */
import type { Issue, ManifestEntry, ValidatedDocument } from '../../schemas/index.ts';
import type { Divisions } from '../gazetteer/divisions.ts';
import { ingestFile, normalize, segment, toExtractedDocument, validate } from '../stages/index.ts';
import { documentKey } from '../stages/ingest.ts';
import { issueOf } from './stage-run.ts';
import { pipelineVersion } from './version.ts';

export interface FileTask {
  index: number;
  path: string;
  root: string;
  source: string;
  /** The collection of the file's folder: part of the document id. */
  collection: string;
  maxFileBytes: number;
  manifest?: Omit<ManifestEntry, 'file'>;
  /** What the graph holds for this document id, to skip it when unchanged. */
  known?: { contentHash: string; pipelineVersion: string | null };
  force: boolean;
}

export const ARTIFACT_STAGES = ['ingest', 'normalize', 'segment', 'extract', 'validate'] as const;
export type ArtifactStage = (typeof ARTIFACT_STAGES)[number];

export type FileResult =
  | { index: number; kind: 'unchanged'; id: string; contentHash: string; timings: Record<string, number> }
  | { index: number; kind: 'failed'; issue: Issue; timings: Record<string, number> }
  | {
    index: number;
    kind: 'done';
    validated: ValidatedDocument;
    /** One JSON line per stage artifact, serialised here so the worker, not the run's thread, pays for it. */
    artifacts: Record<ArtifactStage, string>;
    warnings: Issue[];
    timings: Record<string, number>;
  };

export function processFile(task: FileTask, divisions: Divisions): FileResult {
  const timings: Record<string, number> = {};
  const time = <T>(stage: string, fn: () => T): T => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - t;
    }
  };
  try {
    const options = { root: task.root, collection: task.collection, maxFileBytes: task.maxFileBytes };
    const raw = time('ingest', () => ingestFile(task.path, task.manifest ? { ...options, manifest: new Map([[task.source, task.manifest]]) } : options));
    if (!task.force && task.known && task.known.contentHash === raw.contentHash && task.known.pipelineVersion === pipelineVersion()) {
      return { index: task.index, kind: 'unchanged', id: raw.id, contentHash: raw.contentHash, timings };
    }
    const normalized = time('normalize', () => normalize(raw));
    const segmented = time('segment', () => segment(normalized));
    const extracted = time('extract', () => toExtractedDocument(segmented, divisions));
    const validated = time('validate', () => validate(extracted, divisions));
    const warnings: Issue[] = normalized.meta.digitsDamaged
      ? [{ code: 'DIGITS_DAMAGED', stage: 'normalize', file: task.source, docId: raw.id, message: 'Arabic digits were stripped from this text; no figures are extracted from it', severity: 'warning' }]
      : [];
    // The extract and validate artifacts share the document and, when validation dropped
    // nothing, the record: each is serialised once (they are most of an artifact's bytes).
    const documentJson = JSON.stringify(extracted.document);
    const recordJson = JSON.stringify(extracted.record);
    const validRecordJson = validated.dropped.length === 0 && validated.document === extracted.document ? recordJson : JSON.stringify(validated.record);
    return {
      index: task.index,
      kind: 'done',
      validated,
      warnings,
      timings,
      artifacts: {
        ingest: JSON.stringify({ ...raw, text: undefined, textLength: raw.text.length }),
        normalize: JSON.stringify({ id: normalized.id, meta: normalized.meta, text: normalized.text, removedLines: normalized.removedLines }),
        segment: JSON.stringify({ id: segmented.id, paragraphs: segmented.paragraphs.length, sentences: segmented.sentences }),
        extract: `{"document":${documentJson},"record":${recordJson}}`,
        validate: `{"document":${validated.document === extracted.document ? documentJson : JSON.stringify(validated.document)},"record":${validRecordJson},"places":${JSON.stringify(validated.places)}}`,
      },
    };
  } catch (error) {
    return { index: task.index, kind: 'failed', issue: issueOf(error, task.source, documentKey(task.collection, task.source)), timings };
  }
}
