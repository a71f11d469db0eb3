/** Structured logs (pino, JSON lines on stderr) for jobs; short readable lines on a terminal. */
import { pino, type Logger } from 'pino';

export interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLog(options: { json?: boolean; quiet?: boolean } = {}): Log {
  const json = options.json ?? !process.stderr.isTTY;
  if (options.quiet) return { info: () => {}, warn: () => {}, error: () => {} };
  if (json) {
    const logger: Logger = pino({ base: { app: 'fupin-kg' } }, pino.destination(2));
    return {
      info: (msg, f) => logger.info(f ?? {}, msg),
      warn: (msg, f) => logger.warn(f ?? {}, msg),
      error: (msg, f) => logger.error(f ?? {}, msg),
    };
  }
  const line = (level: string, msg: string, f?: Record<string, unknown>) => {
    const extra = f ? Object.entries(f).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
    process.stderr.write(`${level}${msg}${extra ? `  ${extra}` : ''}\n`);
  };
  return { info: (m, f) => line('', m, f), warn: (m, f) => line('warning: ', m, f), error: (m, f) => line('error: ', m, f) };
}
