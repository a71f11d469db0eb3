/**
 * The division index's arrays in one binary file (.cache/division-index-<version>.bin),
 * written the first time a version of the pipeline builds the index. Opening it reads the
 * file straight into shared memory: no table to parse, no keys to derive, and nothing left
 * behind for the collector in the thread that opens it (a build from the table leaves about
 * 100 MB of garbage there, which V8 keeps as resident memory).
 *
 * Layout: a 4-byte little-endian header length, the header (JSON: source, common words,
 * and each array's name, type and length), padding to 8 bytes, then the arrays, each
 * starting on an 8-byte boundary.
 */
import { closeSync, openSync, readSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DivisionData } from './divisions.ts';

type ArrayName = 'text' | 'starts' | 'villagesByName' | 'first' | 'chars' | 'child' | 'value' | 'entryStarts' | 'entryLines' | 'entryKinds';
const TYPES = { Int32Array, Uint16Array, Uint8Array } as const;
type TypeName = keyof typeof TYPES;

interface Header {
  source: string;
  commonWords: string[] | null;
  arrays: { name: ArrayName; type: TypeName; length: number }[];
}

const align = (n: number) => Math.ceil(n / 8) * 8;

function arraysOf(data: DivisionData): Record<ArrayName, Int32Array | Uint16Array | Uint8Array> {
  return {
    text: data.text, starts: data.starts, villagesByName: data.villagesByName,
    first: data.trie.first, chars: data.trie.chars, child: data.trie.child, value: data.trie.value,
    entryStarts: data.entryStarts, entryLines: data.entryLines, entryKinds: data.entryKinds,
  };
}

/** Writes the index file (atomically) and removes the files of other versions beside it. */
export function writeIndexFile(path: string, data: DivisionData): void {
  const arrays = arraysOf(data);
  const header: Header = {
    source: data.source,
    commonWords: data.commonWords,
    arrays: Object.entries(arrays).map(([name, a]) => ({ name: name as ArrayName, type: a.constructor.name as TypeName, length: a.length })),
  };
  const head = Buffer.from(JSON.stringify(header));
  const chunks: Buffer[] = [];
  const lead = Buffer.alloc(align(4 + head.length));
  lead.writeUInt32LE(head.length, 0);
  head.copy(lead, 4);
  chunks.push(lead);
  for (const a of Object.values(arrays)) {
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    chunks.push(Buffer.concat([bytes, Buffer.alloc(align(bytes.length) - bytes.length)]));
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat(chunks));
  renameSync(tmp, path);
  const prefix = basename(path).replace(/-[^-]*\.bin$/, '-');
  for (const f of readdirSync(dirname(path))) if (f.startsWith(prefix) && f.endsWith('.bin') && f !== basename(path)) rmSync(join(dirname(path), f), { force: true });
}

/** Opens an index file into shared memory, or null when it is missing or unreadable (the caller builds the index). */
export function readIndexFile(path: string): DivisionData | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const lengthBytes = Buffer.alloc(4);
    if (readSync(fd, lengthBytes, 0, 4, 0) !== 4) return null;
    const headLength = lengthBytes.readUInt32LE(0);
    const head = Buffer.alloc(headLength);
    if (readSync(fd, head, 0, headLength, 4) !== headLength) return null;
    const header = JSON.parse(head.toString('utf8')) as Header;
    let offset = align(4 + headLength);
    const views = {} as Record<ArrayName, Int32Array | Uint16Array | Uint8Array>;
    for (const { name, type, length } of header.arrays) {
      const Kind = TYPES[type];
      const shared = new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT);
      const bytes = new Uint8Array(shared);
      for (let done = 0; done < bytes.length;) {
        const n = readSync(fd, bytes, done, bytes.length - done, offset + done);
        if (n === 0) return null; // truncated
        done += n;
      }
      views[name] = new (Kind as unknown as new (buffer: SharedArrayBuffer) => Int32Array | Uint16Array | Uint8Array)(shared);
      offset += align(bytes.length);
    }
    return {
      source: header.source,
      commonWords: header.commonWords,
      text: views.text as Uint16Array,
      starts: views.starts as Int32Array,
      villagesByName: views.villagesByName as Int32Array,
      trie: { first: views.first as Int32Array, chars: views.chars as Uint16Array, child: views.child as Int32Array, value: views.value as Int32Array },
      entryStarts: views.entryStarts as Int32Array,
      entryLines: views.entryLines as Int32Array,
      entryKinds: views.entryKinds as Uint8Array,
    };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
