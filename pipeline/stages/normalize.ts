/**
 * normalize: RawDocument → NormalizedDocument. Drops page furniture, rejoins broken lines,
 * maps full-width forms to half-width and traditional to simplified characters, reads the
 * metadata (title, date, outlet, report year), flags text whose digits were stripped and masks
 * the names of private persons (mask-persons.ts).
 * Every clean character keeps its offset in the original (`origin`).
 */
import * as OpenCC from 'opencc-js';
import type { DocumentMeta, NormalizedDocument, RawDocument } from '../../schemas/index.ts';
import { boilerplateRules, damageRules, patternsOf, variantRules } from '../dictionaries.ts';
import { documentError } from '../errors.ts';
import { htmlToLines } from './html-text.ts';
import { applyMask, personNames } from './mask-persons.ts';
import { mayConvert } from './script-witness.ts';
import { splitLines, TextBuilder, type SourceLine } from './text-builder.ts';

export const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

export function normalize(raw: RawDocument): NormalizedDocument {
  let lines: SourceLine[];
  let htmlTitle: string | null = null;
  if (raw.format === 'html') {
    const html = parsedHtml(raw);
    lines = html.lines;
    htmlTitle = html.title;
  } else {
    lines = splitLines(raw.text).map(stripMarkdown);
  }
  lines = lines.map(trimLine);
  const furniture = furnitureLines(lines);
  const header = readHeader(lines, furniture);
  const { kept, removed } = dropFurniture(lines, header.titleLine, furniture);
  const body = kept.filter((l) => !header.consumed.has(l.from)).map((l) => (l === header.titleLine ? { ...l, text: header.title ?? l.text } : l));
  const paragraphs = rejoin(body);
  if (paragraphs.length === 0) throw documentError('NO_TEXT', 'normalize', raw.source, 'no article text left after removing page furniture', raw.id);

  const builder = new TextBuilder();
  for (const [i, p] of paragraphs.entries()) {
    if (i > 0) builder.insert('\n', p.from);
    for (const piece of p.pieces) for (const part of withoutArtefacts(piece)) builder.append(part.text, part.from);
  }
  const built = builder.build();
  const unmaskedSurface = halfWidth(built.text);
  const unmasked = simplify(unmaskedSurface);
  const script = unmasked === unmaskedSurface || changedShare(unmaskedSurface, unmasked) < 0.01 ? 'hans' : 'hant';
  // Private persons' names are masked here, before anything is stored (title and body read together).
  const { title, text, surfaceText } = maskedText(cleanTitle(simplify(halfWidth(raw.manifest?.title ?? htmlTitle ?? header.title ?? ''))), unmasked, unmaskedSurface);
  const publishedAt = raw.manifest?.publishedAt ? parseDate(raw.manifest.publishedAt) : header.publishedAt;
  const meta: DocumentMeta = {
    title,
    publishedAt,
    outlet: raw.manifest?.outlet ?? (header.outlet ? simplify(header.outlet) : null),
    author: header.author ? simplify(header.author) : null,
    url: raw.manifest?.url ?? null,
    reportYear: reportYear(title, publishedAt, text, raw.manifest?.url ?? null),
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

/** The page's lines; a page nested too deeply for the parser (a stack overflow) is an error of this document, not of the run. */
function parsedHtml(raw: RawDocument): ReturnType<typeof htmlToLines> {
  try {
    return htmlToLines(raw.text);
  } catch (error) {
    if (error instanceof RangeError) throw documentError('UNPARSEABLE', 'normalize', raw.source, `HTML nested too deeply to parse (${error.message})`, raw.id);
    throw error;
  }
}

/** Title and body with private persons' names masked; a name found in one is masked in the other. */
function maskedText(title: string, text: string, surfaceText: string): { title: string; text: string; surfaceText: string } {
  const offset = title.length + 1;
  const spans = personNames(`${title}\n${text}`);
  if (spans.length === 0) return { title, text, surfaceText };
  const inTitle = spans.filter((s) => s.end <= title.length);
  const inBody = spans.filter((s) => s.start >= offset).map((s) => ({ ...s, start: s.start - offset, end: s.end - offset }));
  return { title: applyMask(title, inTitle), text: applyMask(text, inBody), surfaceText: applyMask(surfaceText, inBody) };
}

function trimLine(line: SourceLine): SourceLine {
  const lead = line.text.length - line.text.trimStart().length;
  return { text: line.text.trim(), from: line.from + lead };
}

function stripMarkdown(line: SourceLine): SourceLine {
  const m = /^\s*(#{1,6}\s+|>\s*|[-*+]\s+)/.exec(line.text);
  return m ? { text: line.text.slice(m[0].length).replace(/\*\*|__/g, ''), from: line.from + m[0].length } : line;
}

let artefactPattern: RegExp | null = null;

/** A line's text without converter artefacts (養(yǎng) → 養, ,, → ,), as pieces that keep their offsets. */
export function withoutArtefacts(line: SourceLine): SourceLine[] {
  artefactPattern ??= new RegExp(boilerplateRules().inlineArtefacts.map((p) => `(?:${p})`).join('|'), 'gu');
  // Most lines have none of the artefacts' marks: no regex over them.
  if (!/[(（,，\uFFFD]/.test(line.text)) return [line];
  const out: SourceLine[] = [];
  let from = 0;
  for (const m of line.text.matchAll(artefactPattern)) {
    if (m.index > from) out.push({ text: line.text.slice(from, m.index), from: line.from + from });
    from = m.index + m[0].length;
  }
  if (from < line.text.length) out.push({ text: line.text.slice(from), from: line.from + from });
  return out;
}

/** Lines that are page furniture by themselves: a listed pattern, a widget word, a menu of short items. */
export function furnitureLines(lines: SourceLine[]): boolean[] {
  const rules = boilerplateRules();
  const patterns = patternsOf(rules.linePatterns);
  const widgets = new Set(rules.widgetWords);
  const menu = (t: string) => {
    if (t.length > 200 || /[。！？；,，]/.test(t)) return false;
    const items = t.split(/\s+|[|｜]/).filter((x) => x !== '');
    return items.length >= rules.menu.minItems && items.every((x) => x.length <= rules.menu.maxItemChars);
  };
  return lines.map((l) => l.text !== '' && (patterns.some((re) => re.test(l.text)) || widgets.has(l.text) || menu(l.text)));
}

/** Removes lines of page furniture and runs of short headline-list lines (sidebars, menus). */
export function dropFurniture(lines: SourceLine[], keep: SourceLine | null = null, marked: boolean[] = furnitureLines(lines)): { kept: SourceLine[]; removed: number } {
  const rules = boilerplateRules();
  const furniture = [...marked];
  // A run of three or more consecutive short lines without sentence punctuation is a list of
  // links (sidebar headlines, menus), not article text, which separates paragraphs by blank lines.
  const shortLine = (t: string) => t.length > 0 && t.length <= 30 && !/[。！？!?；;]$/.test(t) && !/[。！？]/.test(t);
  // Inside the article (between its first and last sentence lines) such a run is photo
  // captions or a flattened table, unless a list heading (相关新闻, 推荐阅读) introduces it.
  const sentenceLine = (t: string) => t.length > 30 || /[。！？]/.test(t);
  const firstBody = lines.findIndex((l, k) => !furniture[k] && sentenceLine(l.text));
  const lastBody = lines.findLastIndex((l, k) => !furniture[k] && sentenceLine(l.text));
  const listHeading = new RegExp(rules.listHeadings.join('|'), 'u');
  // A list heading standing alone after the article opens the page's tail (新闻推荐 …): all furniture.
  const tail = lines.findIndex((l, k) => k > firstBody && firstBody >= 0 && rules.listHeadings.includes(l.text.replace(/[:：\s]/g, '')));
  if (tail !== -1) for (let k = tail; k < lines.length; k++) furniture[k] = true;
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
    const inArticle = i > firstBody && j - 1 < lastBody && !lines.slice(i, j).some((l) => listHeading.test(l.text));
    if (short >= 3 && !inArticle) for (let k = i; k < j; k++) furniture[k] = true;
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
function readHeader(lines: SourceLine[], furniture: boolean[]): Header {
  const header: Header = { title: null, titleLine: null, publishedAt: null, outlet: null, author: null, consumed: new Set() };
  const limit = Math.min(lines.length, 60);
  const pageClock = boilerplateRules().pageDateAfter;
  let dateline = -1;
  for (let i = 0; i < limit; i++) {
    const text = halfWidth(lines[i]!.text);
    const date = DATE.exec(text) ?? DAY_FIRST.exec(text);
    if (date && text.length < 100 && !/[。！？]/.test(text)) {
      // The site's clock (2024年05月15日星期三 设为首页) is furniture, not the article's date.
      const after = text.slice(date.index + date[0].length).trimStart();
      if (pageClock.some((w) => after.startsWith(w))) continue;
      dateline = i;
      header.publishedAt = parseDate(date[0]);
      const rest = text.replace(date[0], ' ').replace(/(发布时间|發布時間|发布日期|日期|时间|浏览次数|瀏覽次數)\s*[:：]?/g, ' ');
      const src = SOURCE.exec(rest);
      if (src?.[1] && traderSource(src[1])) {
        // 来源:废铜厂家: a trading site's repost stamp, not the article's date or outlet.
        header.publishedAt = null;
      } else if (src?.[1]) header.outlet = src[1];
      else {
        const tail = rest.replace(/【[^】]*】/g, ' ').trim();
        if (/^[\p{Script=Han}A-Za-z]{2,20}$/u.test(tail)) header.outlet = tail;
      }
      header.consumed.add(lines[i]!.from);
      break;
    }
  }
  // The title is the nearest article line above the dateline, else the first article line.
  const article = (l: SourceLine, k: number) => l.text !== '' && !furniture[k] && k !== dateline;
  const above = lines.slice(0, Math.max(dateline, 0)).filter(article);
  const titleLine = above.at(-1) ?? lines.find(article);
  // A sentence of the body (it ends with 。 or runs on with commas) is no title.
  if (titleLine && titleLine.text.length <= 80 && !/[。！？]$/.test(titleLine.text) && (titleLine.text.match(/[,，]/g) ?? []).length < 2) {
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

const DAY_FIRST = /\b([0-3]?\d)\.([01]?\d)\.((?:19|20)\d{2})\b/;

export function parseDate(text: string): string | null {
  const half = halfWidth(text);
  const dayFirst = DATE.exec(half) ? null : DAY_FIRST.exec(half);
  const m = dayFirst ? [dayFirst[0], dayFirst[3], dayFirst[2], dayFirst[1]] : DATE.exec(half);
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

let variantPattern: RegExp | null = null;

/** Traditional → simplified, keeping the length so offsets stay valid (per character where a phrase would change it); then the variants of data/variants.yaml. */
export function simplify(text: string): string {
  const variants = variantRules().characters;
  variantPattern ??= new RegExp(`[${Object.keys(variants).join('')}]`, 'gu');
  const simplified = simplifyScript(text);
  variantPattern.lastIndex = 0;
  return variantPattern.test(simplified) ? simplified.replace(variantPattern, (ch) => variants[ch] ?? ch) : simplified;
}

function simplifyScript(text: string): string {
  return text.split('\n').map((line) => {
    if (!mayConvert(line)) return line;
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
export function reportYear(title: string, publishedAt: string | null, text: string, url: string | null = null): number | null {
  // A title range (2016年至2020年工作总结, 2016-2020) gives its end year.
  const range = /((?:19|20)\d{2})\s*年?\s*(?:至|到|—|–|-|~)\s*((?:19|20)\d{2})/.exec(title);
  if (range?.[2]) return Number(range[2]);
  const inTitle = /(20\d{2})\s*年?/.exec(arabicYears(title));
  if (inTitle?.[1]) return Number(inTitle[1]);
  // A text that opens with its year (2018年度贫困县摘帽公示 …) names it like a title.
  const opening = /^(20\d{2})年(?!初|底|末|以来|来)/.exec(text.trimStart());
  if (opening?.[1]) return Number(opening[1]);
  const lead = leadYear(title, text);
  if (lead !== null) return lead;
  const campaign = campaignYear(text);
  if (campaign !== null) return campaign;
  const fromUrl = url ? urlYear(url) : null;
  if (fromUrl !== null) return fromUrl;
  if (publishedAt) return Number(publishedAt.slice(0, 4));
  return phraseYear(text);
}

/** A source that is a trader or manufacturer (…厂家, …有限公司): the page reposts, it does not publish. */
let traderPattern: RegExp | null = null;

function traderSource(source: string): boolean {
  traderPattern ??= new RegExp(`(${boilerplateRules().traderSources.join('|')})$`, 'u');
  return traderPattern.test(source);
}

/** With nothing else: a campaign year the body names by its phrase (“脱贫攻坚决战年” → 2020; data/boilerplate.yaml). */
function phraseYear(text: string): number | null {
  for (const s of text.split(/[。！？\n]/)) {
    if (!s.includes('今年')) continue;
    const hit = boilerplateRules().campaignPhrases.find((p) => s.includes(p.phrase));
    if (hit) return hit.year;
  }
  return null;
}

/** The one year the lead sentence names (甘肃庆城县发布2018年脱贫攻坚动员令), unless it is a quotation or a baseline. */
function leadYear(title: string, text: string): number | null {
  const body = title && text.startsWith(title) ? text.slice(title.length).trimStart() : text;
  const lead = /^[^。！？\n]*/.exec(body)?.[0] ?? '';
  if (/^[“"「]/.test(lead)) return null;
  // A year that opens a period up to now (2015年9月工作组入驻以来) is no report year.
  const years = [...lead.matchAll(/(?<![从自由])((?:19|20)\d{2})年(?!以来|来|以前|前|之前|至|到|底|末|建档立卡)([^,，;；]*)/g)]
    .filter((m) => !/以来|开始|起/.test(m[2] ?? '')).map((m) => Number(m[1]));
  return new Set(years).size === 1 ? years[0]! : null;
}

/**
 * The year the body fixes for 今年: a sentence that says 今年 and names exactly one year, a
 * year of the campaign it reports (年初下达我镇2018年贫困人口减少计划…今年实现脱贫 → 2018).
 */
function campaignYear(text: string): number | null {
  for (const s of text.split(/[。！？\n]/)) {
    // 2020年淮北市脱贫攻坚迎来了决战决胜之年: the year the report is set in.
    const named = /(20\d{2})年[^,，。;；]{0,30}(?:之年|决战年|收官年|攻坚年)/.exec(s);
    if (named?.[1]) return Number(named[1]);
    if (!s.includes('今年') || /今年以来/.test(s)) continue;
    const years = new Set([...s.matchAll(/((?:19|20)\d{2})年(?!以来|来|以前|前|之前|至|到|底|末)/g)].map((m) => Number(m[1])));
    if (years.size === 1) return [...years][0]!;
  }
  return null;
}

const CN_DIGIT: Record<string, string> = { '〇': '0', '○': '0', 'О': '0', '零': '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** 二○一九年 → 2019年: years written digit by digit in Chinese numerals. */
export function arabicYears(text: string): string {
  return text.replace(/([一二][〇○О零一二三四五六七八九]{3})(?=年)/g, (y) => Array.from(y, (c) => CN_DIGIT[c] ?? c).join(''));
}

/** The publication year a URL's path carries (/201808/31/, /2019/01/16/, /2012-10/17/, /20201022/). */
export function urlYear(url: string): number | null {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const m = /(?:^|[/_-])((?:19|20)\d{2})[-/]?(0[1-9]|1[0-2])(?:[-/]?(?:[0-2]\d|3[01]))?(?=[/_.-]|\d|$)/.exec(path);
  if (!m?.[1]) return null;
  const year = Number(m[1]);
  return year >= 1990 && year <= new Date().getFullYear() ? year : null;
}

const HAN = /\p{Script=Han}/u;

export function digitsDamaged(text: string): boolean {
  const rules = damageRules();
  let han = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
    else if (c >= 0x2e80 && c < 0xd800) {
      if (HAN.test(text[i]!)) han++;
    } else if (c >= 0xd800 && c < 0xdc00) {
      // Beyond the BMP (CJK extensions B…): the whole code point.
      if (HAN.test(String.fromCodePoint(text.codePointAt(i)!))) han++;
      i++;
    }
  }
  if (han < 200 || digits > han * rules.maxDigitsPerHan) return false;
  let hits = 0;
  for (const re of patternsOf(rules.signatures, 'gu')) hits += (text.match(re) ?? []).length;
  return hits >= rules.minSignatures;
}
