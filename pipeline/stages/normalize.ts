/**
 * normalize: RawDocument → NormalizedDocument. Drops page furniture, rejoins broken lines,
 * maps full-width forms to half-width and traditional to simplified characters, reads the
 * metadata (title, date, outlet, report year) and flags text whose digits were stripped.
 * Every clean character keeps its offset in the original (`origin`).
 */
import * as OpenCC from 'opencc-js';
import type { DocumentMeta, NormalizedDocument, RawDocument } from '../../schemas/index.ts';
import { boilerplateRules, damageRules } from '../dictionaries.ts';
import { documentError } from '../errors.ts';
import { htmlToLines } from './html-text.ts';
import { splitLines, TextBuilder, type SourceLine } from './text-builder.ts';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

export function normalize(raw: RawDocument): NormalizedDocument {
  let lines: SourceLine[];
  let htmlTitle: string | null = null;
  if (raw.format === 'html') {
    const html = htmlToLines(raw.text);
    lines = html.lines;
    htmlTitle = html.title;
  } else {
    lines = splitLines(raw.text).map(stripMarkdown);
  }
  lines = lines.map(trimLine);
  const header = readHeader(lines);
  const { kept, removed } = dropFurniture(lines, header.titleLine);
  const body = kept.filter((l) => !header.consumed.has(l.from)).map((l) => (l === header.titleLine ? { ...l, text: header.title ?? l.text } : l));
  const paragraphs = rejoin(body);
  if (paragraphs.length === 0) throw documentError('NO_TEXT', 'normalize', raw.source, 'no article text left after removing page furniture', raw.id);

  const builder = new TextBuilder();
  for (const [i, p] of paragraphs.entries()) {
    if (i > 0) builder.insert('\n', p.from);
    for (const piece of p.pieces) builder.append(piece.text, piece.from);
  }
  const built = builder.build();
  const surfaceText = halfWidth(built.text);
  const text = simplify(surfaceText);
  const script = text === surfaceText || changedShare(surfaceText, text) < 0.01 ? 'hans' : 'hant';
  const title = cleanTitle(simplify(halfWidth(raw.manifest?.title ?? htmlTitle ?? header.title ?? '')));
  const publishedAt = raw.manifest?.publishedAt ? parseDate(raw.manifest.publishedAt) : header.publishedAt;
  const meta: DocumentMeta = {
    title,
    publishedAt,
    outlet: raw.manifest?.outlet ?? (header.outlet ? simplify(header.outlet) : null),
    author: header.author ? simplify(header.author) : null,
    url: raw.manifest?.url ?? null,
    reportYear: reportYear(title, publishedAt, text),
    script,
    digitsDamaged: digitsDamaged(text),
  };
  return {
    id: raw.id,
    source: raw.source,
    contentHash: raw.contentHash,
    text,
    surfaceText,
    origin: built.origin,
    meta,
    removedLines: removed + header.consumed.size,
  };
}

function trimLine(line: SourceLine): SourceLine {
  const lead = line.text.length - line.text.trimStart().length;
  return { text: line.text.trim(), from: line.from + lead };
}

function stripMarkdown(line: SourceLine): SourceLine {
  const m = /^\s*(#{1,6}\s+|>\s*|[-*+]\s+)/.exec(line.text);
  return m ? { text: line.text.slice(m[0].length).replace(/\*\*|__/g, ''), from: line.from + m[0].length } : line;
}

/** Removes lines of page furniture and runs of short headline-list lines (sidebars, menus). */
export function dropFurniture(lines: SourceLine[], keep: SourceLine | null = null): { kept: SourceLine[]; removed: number } {
  const rules = boilerplateRules();
  const patterns = rules.linePatterns.map((p) => new RegExp(p, 'u'));
  const widgets = new Set(rules.widgetWords);
  const furniture = lines.map((l) => l.text !== '' && (patterns.some((re) => re.test(l.text)) || widgets.has(l.text)));
  // A run of three or more consecutive short lines without sentence punctuation is a list of
  // links (sidebar headlines, menus), not article text, which separates paragraphs by blank lines.
  const shortLine = (t: string) => t.length > 0 && t.length <= 30 && !/[。！？!?；;]$/.test(t) && !/[。！？]/.test(t);
  let i = 0;
  while (i < lines.length) {
    if (!shortLine(lines[i]!.text) && !furniture[i]) {
      i++;
      continue;
    }
    let j = i;
    let short = 0;
    while (j < lines.length && lines[j]!.text !== '' && (shortLine(lines[j]!.text) || furniture[j])) {
      if (shortLine(lines[j]!.text)) short++;
      j++;
    }
    if (short >= 3) for (let k = i; k < j; k++) furniture[k] = true;
    i = Math.max(j, i + 1);
  }
  const kept = lines.filter((l, k) => l === keep || (!furniture[k] && l.text !== ''));
  return { kept, removed: furniture.filter(Boolean).length };
}

interface Header {
  title: string | null;
  titleLine: SourceLine | null;
  publishedAt: string | null;
  outlet: string | null;
  author: string | null;
  /** Offsets (`from`) of lines that are metadata, not article text. */
  consumed: Set<number>;
}

const DATE = /(20\d{2}|19\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;
const SOURCE = /(?:信息|文章|新闻)?(?:来源|來源)\s*[:：]\s*([^)）\s:：]{2,30}?)(?=发布|發布|$|\s|[)）])/;
const AUTHOR = /^(?:■\s*)?(?:本报|本報)?(?:记者|記者|通讯员|通訊員|作者|文\/|撰稿)\s*[:：]?\s*[\p{Script=Han}·\s]{2,30}$/u;
const TRAILING_AUTHOR = /^[(（](?:记者|記者)\s*[\p{Script=Han}\s]{2,12}[)）]$/u;

/**
 * Reads the header of a page: the first line that carries a date is the dateline (date,
 * outlet); the title is the nearest line above it, else the first line. Author lines
 * anywhere are metadata, not article text.
 */
function readHeader(lines: SourceLine[]): Header {
  const header: Header = { title: null, titleLine: null, publishedAt: null, outlet: null, author: null, consumed: new Set() };
  const limit = Math.min(lines.length, 60);
  let dateline = -1;
  for (let i = 0; i < limit; i++) {
    const text = halfWidth(lines[i]!.text);
    const date = DATE.exec(text);
    if (date && text.length < 100 && !/[。！？]/.test(text)) {
      dateline = i;
      header.publishedAt = parseDate(date[0]);
      const rest = text.replace(date[0], ' ').replace(/(发布时间|發布時間|发布日期|日期|时间|浏览次数|瀏覽次數)\s*[:：]?/g, ' ');
      const src = SOURCE.exec(rest);
      if (src?.[1]) header.outlet = src[1];
      else {
        const tail = rest.replace(/【[^】]*】/g, ' ').trim();
        if (/^[\p{Script=Han}A-Za-z]{2,20}$/u.test(tail)) header.outlet = tail;
      }
      header.consumed.add(lines[i]!.from);
      break;
    }
  }
  const above = lines.slice(0, Math.max(dateline, 0)).filter((l) => l.text !== '');
  const titleLine = dateline > 0 ? above.at(-1) : lines.find((l) => l.text !== '');
  if (titleLine && titleLine.text.length <= 80) {
    header.titleLine = titleLine;
    header.title = cleanTitle(titleLine.text);
  }
  for (let i = 0; i < lines.length; i++) {
    const text = halfWidth(lines[i]!.text);
    if (header.outlet === null && i < limit) {
      const src = SOURCE.exec(text);
      if (src?.[1] && text.length < 60) header.outlet = src[1];
    }
    if (AUTHOR.test(text) || TRAILING_AUTHOR.test(text)) {
      header.author ??= text.replace(/^■\s*/, '').replace(/^[(（]|[)）]$/g, '').trim();
      header.consumed.add(lines[i]!.from);
    }
  }
  return header;
}

export function parseDate(text: string): string | null {
  const m = DATE.exec(halfWidth(text));
  if (!m) return null;
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface Paragraph {
  from: number;
  pieces: SourceLine[];
}

/**
 * Lines broken in the middle of a sentence are rejoined: a long line that ends without
 * sentence punctuation continues on the next line unless that line starts a heading.
 */
function rejoin(lines: SourceLine[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    const prevText = prev ? prev.pieces.map((p) => p.text).join('') : '';
    // Broken mid-sentence: the last punctuation of the line is a comma, so its sentence goes on.
    const lastMark = /[。！？!?；;：:,，、—…”)）]\s*[^。！？!?；;：:,，、—…”)）]*$/u.exec(prevText)?.[0]?.[0];
    const broken = prev !== undefined && prevText.length >= 30 && /[\p{Script=Han}A-Za-z0-9]$/u.test(prevText) && (lastMark === ',' || lastMark === '，' || lastMark === '、');
    const startsHeading = /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])/.test(line.text);
    if (broken && !startsHeading) prev.pieces.push(line);
    else out.push({ from: line.from, pieces: [line] });
  }
  return out;
}

/** Full-width ASCII forms and the ideographic space → half-width. Length-preserving. */
export function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) => {
    if (ch === '\u3000') return ' ';
    return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
  });
}

/** Traditional → simplified, keeping the length so offsets stay valid (per character where a phrase would change it). */
export function simplify(text: string): string {
  return text.split('\n').map((line) => {
    const converted = toSimplified(line);
    return converted.length === line.length ? converted : Array.from(line, (ch) => {
      const c = toSimplified(ch);
      return c.length === ch.length ? c : ch;
    }).join('');
  }).join('\n');
}

function changedShare(a: string, b: string): number {
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) changed++;
  return changed / Math.max(1, a.length);
}

function cleanTitle(title: string): string {
  return title
    .replace(/^#+\s*/, '')
    .replace(/\s*[-_|–—]+\s*[^-_|–—]{2,16}(网|網|网站|網站|官网|門戶|门户|政府|平台)$/u, '')
    .replace(/^原标题\s*[:：]/, '')
    .trim();
}

/** The year the report is about: a year in its title, else the publication year, else the latest year its text names. */
export function reportYear(title: string, publishedAt: string | null, text: string): number | null {
  const inTitle = /(20\d{2})\s*年?/.exec(title);
  if (inTitle?.[1]) return Number(inTitle[1]);
  if (publishedAt) return Number(publishedAt.slice(0, 4));
  const years = [...text.matchAll(/(20[0-4]\d)年/g)].map((m) => Number(m[1]));
  return years.length > 0 ? Math.max(...years) : null;
}

export function digitsDamaged(text: string): boolean {
  const rules = damageRules();
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const digits = (text.match(/\d/g) ?? []).length;
  if (han < 200 || digits > han * rules.maxDigitsPerHan) return false;
  let hits = 0;
  for (const source of rules.signatures) hits += (text.match(new RegExp(source, 'gu')) ?? []).length;
  return hits >= rules.minSignatures;
}
