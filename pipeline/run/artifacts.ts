/** JSON-lines artifacts: one file per stage, one record per line, so a run can be inspected or replayed. */
import { createReadStream, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export class JsonlWriter {
  readonly #stream: WriteStream;
  count = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#stream = createWriteStream(path, { encoding: 'utf8' });
  }

  write(record: unknown): void {
    this.writeLine(JSON.stringify(record));
  }

  /** A record already serialised as one line of JSON. */
  writeLine(json: string): void {
    this.#stream.write(`${json}\n`);
    this.count++;
  }

  /**
   * Resolves once the stream's buffer is below its high-water mark: a writer that outruns the
   * disk waits here instead of growing the buffer (the bulk path extracts at full speed).
   */
  drained(): Promise<void> {
    if (!this.#stream.writableNeedDrain) return Promise.resolve();
    return new Promise((done) => this.#stream.once('drain', done));
  }

  close(): Promise<void> {
    return new Promise((done, fail) => this.#stream.end((error?: Error | null) => (error ? fail(error) : done())));
  }
}

export async function* readJsonl<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield JSON.parse(line) as T;
}
