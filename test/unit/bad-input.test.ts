/**
 * Bad input is recorded, never fatal: each case starts from a failure seen on real use (a
 * 200,000-deep HTML page that crashed `ingest`, UTF-16 without BOM called binary, a symlinked
 * report skipped, a figure dropped as a breadcrumb, terminal escapes printed raw).
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../pipeline/cli/format.ts';
import { DocumentError } from '../../pipeline/errors.ts';
import { listInputs, type ListingProblem } from '../../pipeline/run/inputs.ts';
import { ingestBytes } from '../../pipeline/stages/ingest.ts';
import { normalize } from '../../pipeline/stages/normalize.ts';
import { cli } from '../helpers/cli.ts';

const REPORT = '临泉县脱贫攻坚工作总结\n全县投入资金五千万元，脱贫一点二万人。\n';
const folder = () => mkdtempSync(join(tmpdir(), 'fupin-bad-'));

describe('bad input', () => {
  it('reads UTF-16 without a byte-order mark by its NUL pattern, either byte order, even with no ASCII but newlines', () => {
    for (const [encoding, bytes] of [['utf-16le', Buffer.from(REPORT, 'utf16le')], ['utf-16be', Buffer.from(REPORT, 'utf16le').swap16()]] as const) {
      const raw = ingestBytes(bytes, 'r.txt');
      expect(raw.encoding).toBe(encoding);
      expect(raw.text).toBe(REPORT);
    }
    // NUL bytes on both sides of random data stay binary.
    const binary = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251));
    expect(() => ingestBytes(binary, 'b.bin')).toThrow(DocumentError);
  });

  it('keeps a report with terminal escapes and removes them; keeps a sentence with two > as text, not a breadcrumb', () => {
    const escaped = normalize(ingestBytes(Buffer.from('临泉县工作总结\n\u001b[31m全县投入资金5000万元\u001b[0m,脱贫1.2万人。\n'), 'e.txt'));
    expect(escaped.text).toBe('临泉县工作总结\n全县投入资金5000万元,脱贫1.2万人。');
    const arrows = normalize(ingestBytes(Buffer.from('临泉县工作总结\n全县产业扶贫投入资金>5000万元,带动>3000户贫困户增收。\n首页 > 新闻 > 正文\n'), 'a.txt'));
    expect(arrows.text).toContain('带动>3000户贫困户增收');
    expect(arrows.text).not.toContain('首页');
  });

  it('a page nested too deeply to parse is an error of its document (UNPARSEABLE, normalize), not a crash', () => {
    const html = `<html><body>${'<div>'.repeat(200_000)}临泉县投入资金5000万元${'</div>'.repeat(200_000)}</body></html>`;
    const raw = ingestBytes(Buffer.from(html), 'deep.html');
    try {
      normalize(raw);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentError);
      expect((error as DocumentError).issue).toMatchObject({ code: 'UNPARSEABLE', stage: 'normalize', file: 'deep.html' });
    }
  });

  it('follows a symbolic link to a report or a folder; a link to nothing or back up the tree is a problem, and the listing goes on', () => {
    const dir = folder();
    const elsewhere = folder();
    writeFileSync(join(elsewhere, 'b.txt'), REPORT);
    mkdirSync(join(elsewhere, 'more'));
    writeFileSync(join(elsewhere, 'more', 'c.txt'), REPORT);
    writeFileSync(join(dir, 'a.txt'), REPORT);
    symlinkSync(join(elsewhere, 'b.txt'), join(dir, 'linked.txt'));
    symlinkSync(join(elsewhere, 'more'), join(dir, 'more'));
    symlinkSync(join(elsewhere, 'gone.txt'), join(dir, 'dangling.txt'));
    symlinkSync(dir, join(dir, 'loop'));
    const problems: ListingProblem[] = [];
    const files = listInputs([dir], { extensions: ['.txt'], onProblem: (p) => problems.push(p) });
    expect(files.map((f) => f.path.slice(dir.length + 1))).toEqual(['a.txt', 'linked.txt', 'more/c.txt']);
    expect(problems.map((p) => [p.prefix, p.message.split(' (')[0]])).toEqual([
      ['dangling.txt', 'symbolic link to nothing'],
      ['loop/', 'symbolic link back to a folder above it; not followed'],
    ]);
  });

  it('never prints a control character of a value raw', () => {
    expect(formatTable([{ metric: '资金\u001b[2J\u001b[31m', n: 1 }])).toContain('资金\\x1b[2J\\x1b[31m');
  });

  it('`ingest` and `extract` run alone record a page too deep to parse and go on (exit 1), in the shape `run` logs', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'deep.html'), `<html><body>${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}</body></html>`);
    writeFileSync(join(dir, 'good.txt'), REPORT);
    writeFileSync(join(dir, 'good-utf16-copy.txt'), Buffer.from(REPORT, 'utf16le'));
    const config = join(dir, 'fupin.config.yaml');
    writeFileSync(config, `input:\n  reports: ${dir}\noutput:\n  dir: ${join(dir, 'out')}\n`);
    for (const command of ['ingest', 'extract']) {
      const r = await cli(['--config', config, '--log-json', command, dir]);
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const failed = lines.find((l) => l.msg === 'document failed');
      expect(failed).toMatchObject({ file: 'deep.html', code: 'UNPARSEABLE' });
      expect(typeof failed!.runId).toBe('string');
      expect(lines.find((l) => l.msg === 'duplicate document')).toMatchObject({ file: 'good.txt', duplicateOf: 'good-utf16-copy.txt' });
      expect(lines.at(-1)).toMatchObject({ event: 'summary', failed: 1, duplicates: 1, runId: failed!.runId });
      expect(r.stdout).toMatch(/1 documents? (normalized|extracted).*1 failed, 1 duplicates/);
      const report = JSON.parse(readFileSync(join(dir, 'out', 'runs', String(failed!.runId), 'stage-report.json'), 'utf8')) as { command: string; issues: { code: string }[] };
      expect(report.command).toBe(command);
      expect(report.issues.map((i) => i.code).sort()).toEqual(['DUPLICATE_CONTENT', 'UNPARSEABLE']);
    }
  });
});
