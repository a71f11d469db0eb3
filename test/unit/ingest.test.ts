import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../pipeline/errors.ts';
import { ingestFile } from '../../pipeline/stages/ingest.ts';
import { FIXTURES } from '../helpers/docs.ts';

const BAD = resolve(FIXTURES, 'bad-input');
const ingest = (rel: string, maxFileBytes = 1024 * 1024) => ingestFile(join(BAD, rel), { root: BAD, maxFileBytes });

function issueOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DocumentError) return error.issue;
    throw error;
  }
  throw new Error('expected a DocumentError');
}

describe('ingest', () => {
  it('detects GBK, not assuming UTF-8', () => {
    const doc = ingest('gbk-encoded/linquan-gbk.txt');
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text).toContain('艾亭镇桃花店村建成扶贫车间2个');
  });

  it('detects Big5 traditional text', () => {
    const doc = ingest('big5-encoded/dingzhou-big5.txt');
    expect(doc.encoding).toBe('big5');
    expect(doc.text).toContain('高蓬鎮建成光伏電站3座');
  });

  it('decodes UTF-16 and UTF-8 with a byte-order mark', () => {
    expect(ingest('utf16/report-utf16.txt')).toMatchObject({ encoding: 'utf-16le' });
    const bom = ingest('utf8-bom/report-bom.txt');
    expect(bom.encoding).toBe('utf-8');
    expect(bom.text.startsWith('2020年临泉县')).toBe(true);
  });

  it('names the file and the reason for empty, blank, binary and undecodable input', () => {
    expect(issueOf(() => ingest('empty/empty.txt'))).toMatchObject({ code: 'EMPTY_FILE', file: 'empty/empty.txt', stage: 'ingest' });
    expect(issueOf(() => ingest('whitespace/blank.txt'))).toMatchObject({ code: 'EMPTY_FILE', file: 'whitespace/blank.txt' });
    expect(issueOf(() => ingest('binary/scan.txt'))).toMatchObject({ code: 'BINARY_FILE', file: 'binary/scan.txt' });
    expect(issueOf(() => ingest('undecodable/broken.txt'))).toMatchObject({ code: 'UNDECODABLE', file: 'undecodable/broken.txt' });
  });

  it('rejects a file over the size limit without reading it', () => {
    expect(issueOf(() => ingest('gbk-encoded/linquan-gbk.txt', 100))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/over the limit of 100/) });
  });

  it('reports an unreadable path', () => {
    expect(issueOf(() => ingestFile(join(BAD, 'missing.txt'), { root: BAD, maxFileBytes: 100 }))).toMatchObject({ code: 'UNREADABLE', file: 'missing.txt' });
  });

  it('gives the same id and hash for the same file, a new hash for new content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-ingest-'));
    writeFileSync(join(dir, 'a.txt'), '淮北市脱贫攻坚。');
    const first = ingestFile(join(dir, 'a.txt'), { root: dir, maxFileBytes: 1000 });
    expect(ingestFile(join(dir, 'a.txt'), { root: dir, maxFileBytes: 1000 })).toMatchObject({ id: 'a', contentHash: first.contentHash });
    writeFileSync(join(dir, 'a.txt'), '淮北市脱贫攻坚工作。');
    expect(ingestFile(join(dir, 'a.txt'), { root: dir, maxFileBytes: 1000 }).contentHash).not.toBe(first.contentHash);
  });
});
