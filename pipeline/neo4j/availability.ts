/**
 * Tells "the server is gone" apart from "this batch was refused". A run that loses its server
 * must stop with exit code 3 and leave the documents it had not committed for the next run;
 * a batch the server refuses (a constraint, a bad value) fails only its own documents.
 */
import { Neo4jUnavailableError } from '../errors.ts';
import type { Graph } from './connect.ts';

// Codes the driver or server gives when the connection or the database goes away.
const GONE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.TransientError.Database.DatabaseUnavailable',
  'Neo.TransientError.Transaction.Terminated',
  'Neo.TransientError.Transaction.LeaseExpired',
]);
const GONE_MESSAGE = /ServiceUnavailable|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|connection (?:was )?(?:closed|lost|refused|terminated)|Failed to connect|database is (?:not currently available|shutting down)|database .* (?:unavailable|shut ?down)/i;

export function looksUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return GONE_CODES.has(code) || GONE_MESSAGE.test(String((error as Error)?.message ?? ''));
}

/** True when the database still answers within `timeoutMs`. */
export async function stillAnswers(graph: Graph, timeoutMs = 5000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
  const probe = graph.driver.executeQuery('RETURN 1', {}, { database: graph.database }).then(() => true, () => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The error to raise for a failed graph call: a Neo4jUnavailableError when the error says the
 * server is gone or the server no longer answers a probe, else the error itself.
 */
export async function classifyGraphError(graph: Graph, error: unknown, during: string): Promise<unknown> {
  if (error instanceof Neo4jUnavailableError) return error;
  if (looksUnavailable(error) || !(await stillAnswers(graph))) {
    return new Neo4jUnavailableError(`Neo4j became unreachable during ${during}: ${(error as Error).message}`);
  }
  return error;
}
