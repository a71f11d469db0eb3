/** One root error class; each error names the file (and position) it concerns. */
import type { Issue, IssueCode } from '../schemas/index.ts';

export class FupinError extends Error {
  override name = 'FupinError';
}

/** A configuration file or value is wrong: exit code 2. */
export class ConfigError extends FupinError {
  override name = 'ConfigError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** A document could not be processed; carries the issue recorded in the run report. */
export class DocumentError extends FupinError {
  override name = 'DocumentError';
  constructor(readonly issue: Issue) {
    super(formatIssue(issue));
  }
}

export function documentError(
  code: IssueCode, stage: Issue['stage'], file: string, message: string, docId: string | null = null,
): DocumentError {
  return new DocumentError({ code, stage, file, docId, message, severity: 'error' });
}

/** Neo4j could not be reached or refused the work after retries. */
export class Neo4jUnavailableError extends FupinError {
  override name = 'Neo4jUnavailableError';
}

/** The server answered and refused the credentials: exit code 3, with where the password came from. */
export class Neo4jAuthError extends FupinError {
  override name = 'Neo4jAuthError';
}

/** Another run holds the lock. */
export class LockedError extends FupinError {
  override name = 'LockedError';
}

export function formatIssue(issue: Issue): string {
  const where = issue.start === undefined ? issue.file : `${issue.file}@${issue.start}`;
  return `${where}: [${issue.stage}/${issue.code}] ${issue.message}`;
}
