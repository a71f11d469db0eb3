/**
 * The article text of an HTML page as lines with their offsets in the page: scripts, styles,
 * menus, headers and footers dropped; the element richest in paragraph text is the article.
 */
import { parse, HTMLElement, TextNode, type Node } from 'node-html-parser';
import type { SourceLine } from './text-builder.ts';

const DROP = 'script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, select, template';
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'dd', 'dt', 'figcaption', 'main']);

export interface HtmlText {
  title: string | null;
  lines: SourceLine[];
}

export function htmlToLines(html: string): HtmlText {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  for (const el of root.querySelectorAll(DROP)) el.remove();
  const h1 = root.querySelector('h1');
  const titleEl = h1 ?? root.querySelector('title');
  const title = titleEl ? titleEl.text.replace(/\s+/g, ' ').trim() || null : null;
  const article = pickArticle(root);
  const lines: SourceLine[] = [];
  if (h1 && !article.querySelectorAll('h1').includes(h1)) lines.push({ text: h1.text.trim(), from: h1.range[0] }, { text: '', from: h1.range[1] });
  let current: { parts: string[]; from: number } | null = null;
  const flush = () => {
    if (current) lines.push({ text: current.parts.join(''), from: current.from });
    current = null;
  };
  const walk = (node: Node) => {
    if (node instanceof TextNode) {
      const text = node.text.replace(/[\r\n\t]+/g, ' ');
      if (text.trim() === '') return;
      current ??= { parts: [], from: node.range[0] };
      current.parts.push(text);
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const block = BLOCK.has(node.rawTagName?.toLowerCase() ?? '');
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(article);
  flush();
  return { title, lines: lines.map((l) => ({ text: l.text.trim(), from: l.from + (l.text.length - l.text.trimStart().length) })) };
}

/** The element whose direct paragraph children hold the most Han text, else <body>. */
function pickArticle(root: HTMLElement): HTMLElement {
  let best: HTMLElement | null = null;
  let bestScore = 0;
  for (const el of root.querySelectorAll('*')) {
    let score = 0;
    for (const child of el.childNodes) {
      if (child instanceof HTMLElement && /^(p|div|span|font|section)$/i.test(child.rawTagName ?? '')) score += hanCount(child.text);
      else if (child instanceof TextNode) score += hanCount(child.text);
    }
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  return best ?? root.querySelector('body') ?? root;
}

function hanCount(text: string): number {
  const m = text.match(/\p{Script=Han}/gu);
  return m ? m.length : 0;
}
