/**
 * ingest: a file path → RawDocument. Checks size, emptiness and binary content, detects the
 * encoding (BOM, strict UTF-8, then GB18030 / Big5 guided by chardet) and decodes it.
 * Every failure is a DocumentError naming the file.
 */
import { hash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, relative, sep } from 'node:path';
import chardet from 'chardet';
import type { Encoding, ManifestEntry, RawDocument } from '../../schemas/index.ts';
import { documentError } from '../errors.ts';

export interface IngestOptions {
  /** Root the document id and source are relative to. */
  root: string;
  /** The collection the root is (inputs.ts `collectionOf`): the first part of the document id. Without one, the id is the path alone (eval, a file read on its own). */
  collection?: string;
  maxFileBytes: number;
  manifest?: Map<string, Omit<ManifestEntry, 'file'>>;
}

export function ingestFile(path: string, options: IngestOptions): RawDocument {
  const source = relative(options.root, path).split(sep).join('/') || path;
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw documentError('UNREADABLE', 'ingest', source, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > options.maxFileBytes) {
    throw documentError('TOO_LARGE', 'ingest', source, `file is ${size} bytes, over the limit of ${options.maxFileBytes} (input.maxFileBytes)`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw documentError('UNREADABLE', 'ingest', source, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return ingestBytes(bytes, source, options.manifest?.get(source), options.collection);
}

/** The pure part of ingest, on bytes already read. */
export function ingestBytes(bytes: Buffer, source: string, manifest?: Omit<ManifestEntry, 'file'>, collection?: string): RawDocument {
  if (bytes.length === 0 || bytes.toString('latin1').trim() === '') {
    throw documentError('EMPTY_FILE', 'ingest', source, 'file is empty');
  }
  const { text, encoding } = decode(bytes, source);
  if (looksBinary(text)) throw documentError('BINARY_FILE', 'ingest', source, 'file holds binary data, not text');
  if (text.trim() === '') throw documentError('EMPTY_FILE', 'ingest', source, 'file holds only white space');
  const ext = extname(source).toLowerCase();
  const format = ext === '.html' || ext === '.htm' || /^\s*(<!doctype html|<html)/i.test(text.slice(0, 500))
    ? 'html'
    : ext === '.md' ? 'markdown' : 'text';
  const doc: RawDocument = {
    id: collection ? documentKey(collection, source) : documentId(source),
    source,
    path: source,
    contentHash: hash('sha256', bytes, 'hex'),
    encoding,
    format,
    bytes: bytes.length,
    text,
  };
  if (manifest) doc.manifest = manifest;
  return doc;
}

/** Stable and readable: the relative path without its extension. */
/** The path without its extension: the id of a document before collections (and of a file read on its own). */
export function documentId(source: string): string {
  return source.replace(/\.[^./]+$/, '');
}

/** `reports-3fa2c1/2020/jinzhai` : a document's id in the graph, by collection and relative path. */
export function documentKey(collection: string, source: string): string {
  return `${collection}/${documentId(source)}`;
}

/** The collection part of a document id (null for ids from before collections). */
export function collectionOfId(id: string): string | null {
  const slash = id.indexOf('/');
  return slash === -1 ? null : id.slice(0, slash);
}

function decode(bytes: Buffer, source: string): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: strict('utf-8', bytes.subarray(3), source), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strict('utf-16le', bytes.subarray(2), source), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strict('utf-16be', bytes.subarray(2), source), encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: strict(utf16, bytes, source), encoding: utf16 };
  if (bytes.includes(0)) throw documentError('BINARY_FILE', 'ingest', source, 'file holds NUL bytes: binary data, not text');
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  // Legacy Chinese encodings: decode strictly with each, keep the one whose text reads as Chinese.
  const guess = String(chardet.detect(bytes) ?? '').toLowerCase();
  const order: Encoding[] = guess.includes('big5') ? ['big5', 'gb18030'] : ['gb18030', 'big5'];
  let best: { text: string; encoding: Encoding; score: number } | null = null;
  for (const encoding of order) {
    const text = tryDecode(encoding, bytes);
    if (text === null) continue;
    const score = commonHanScore(text);
    if (!best || score > best.score) best = { text, encoding, score };
  }
  if (!best || best.score < 0.3) {
    throw documentError('UNDECODABLE', 'ingest', source, 'bytes are not valid UTF-8, UTF-16, GB18030 or Big5 text');
  }
  return { text: best.text, encoding: best.encoding };
}

function strict(encoding: Encoding, bytes: Uint8Array, source: string): string {
  const text = tryDecode(encoding, bytes);
  if (text === null) throw documentError('UNDECODABLE', 'ingest', source, `bytes are not valid ${encoding}`);
  return text;
}

function tryDecode(encoding: Encoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * UTF-16 without BOM, by its NUL bytes: every ASCII character (digits, newlines, Latin
 * punctuation) leaves a zero byte on one side of its code unit, and so do Chinese characters
 * at U+xx00 (一 is U+4E00) on the other. A file with NUL bytes is UTF-16 when one byte order
 * decodes it strictly to text that reads as text (Chinese: mostly common characters); binary
 * data fails that (unpaired surrogates, control characters, rare characters).
 */
function utf16WithoutBom(bytes: Buffer): Encoding | null {
  const n = bytes.length - (bytes.length % 2);
  if (n < 4 || !bytes.subarray(0, Math.min(n, 65536)).includes(0)) return null;
  let best: { encoding: Encoding; score: number } | null = null;
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    // A sample that does not end inside a surrogate pair.
    let end = Math.min(n, 65536);
    const last = encoding === 'utf-16le' ? bytes[end - 1]! : bytes[end - 2]!;
    if (end < n && last >= 0xd8 && last <= 0xdb) end -= 2;
    const text = tryDecode(encoding, bytes.subarray(0, end));
    if (text === null || !readsAsText(text)) continue;
    const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
    const score = han === 0 ? 1 : commonHanScore(text);
    if (score >= 0.3 && (!best || score > best.score)) best = { encoding, score };
  }
  return best?.encoding ?? null;
}

/** Mostly Han, Latin letters, digits, punctuation and white space, with no control characters. */
function readsAsText(text: string): boolean {
  const sample = text.slice(0, 8192);
  let ok = 0;
  for (const ch of sample) {
    if (/[\p{Script=Han}\p{L}\p{N}\p{P}\p{Zs}\n\r\t]/u.test(ch)) ok++;
    else if (/[\u0000-\u0008\u000e-\u001f]/.test(ch)) return false;
  }
  return ok >= sample.length * 0.9;
}

/** Control characters other than white space mark binary data decoded by accident. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0) ?? 0;
    // ESC is left out: terminal colour codes in text copied from a console are text, not binary
    // (normalize removes them).
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) control++;
  }
  return control > sample.length * 0.01;
}

/** Share of Han characters that are among the most frequent ones (decoding with the wrong table yields rare ones). */
const COMMON = new Set('的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞扶贫脱攻坚村镇乡户');
function commonHanScore(text: string): number {
  let han = 0;
  let common = 0;
  for (const ch of text.slice(0, 20000)) {
    if (/\p{Script=Han}/u.test(ch)) {
      han++;
      if (COMMON.has(ch)) common++;
    }
  }
  return han === 0 ? 0 : common / han;
}
