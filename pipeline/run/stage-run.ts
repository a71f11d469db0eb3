/**
 * What `ingest`, `extract` and `load` run alone share with `run`: a run id on every log line,
 * one issue shape for a failed document (a DocumentError's issue, else the error's message at
 * the stage it broke), and the duplicate rule (the same normalised text is one document: the
 * first in path order is the original).
 */
import { hash } from 'node:crypto';
import type { Issue } from '../../schemas/index.ts';
import type { ListingProblem } from './inputs.ts';
import { DocumentError } from '../errors.ts';

export function newRunId(startedAt = new Date().toISOString()): string {
  return `${startedAt.replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${process.pid}`;
}

/** The issue of a document that failed: never a crash of the command (a page too deep to parse, a bug). */
export function issueOf(error: unknown, file: string, docId: string | null, stage: Issue['stage'] = 'extract'): Issue {
  if (error instanceof DocumentError) return error.issue;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'EXTRACT_FAILED', stage, file, docId, message, severity: 'error' };
}

export function textHashOf(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * The duplicate rule: a text seen before in this run (normalised: decoded, furniture removed,
 * simplified; compared by its hash) is a copy of the first file that had it.
 */
export class DuplicateTexts {
  readonly #seen = new Map<string, string>();

  /** The source whose text has this hash, or undefined (and this source remembered) when it is new. */
  originalOf(textHash: string, source: string): string | undefined {
    const original = this.#seen.get(textHash);
    if (original === undefined) this.#seen.set(textHash, source);
    return original;
  }
}

export function duplicateIssue(file: string, docId: string, original: string): Issue {
  return { code: 'DUPLICATE_CONTENT', stage: 'ingest', file, docId, message: `same text as ${original}; ingested once`, severity: 'warning' };
}

/** A folder or link the listing could not read: an error of the run, never of one document. */
export function listingIssue(problem: ListingProblem): Issue {
  return { code: 'UNREADABLE', stage: 'ingest', file: problem.path, docId: null, message: problem.message, severity: 'error' };
}
