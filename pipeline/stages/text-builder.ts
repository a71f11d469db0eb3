/**
 * Builds clean text piece by piece while remembering, for every character, its offset in
 * the original text, so positions found in the clean text map back to the file.
 */
export class TextBuilder {
  #parts: string[] = [];
  #origin: number[] = [];

  /** Appends `text`, whose characters came from original offsets `from`, `from+1`, …. */
  append(text: string, from: number): void {
    this.#parts.push(text);
    for (let i = 0; i < text.length; i++) this.#origin.push(from + i);
  }

  /** Appends text that is not in the original (a joining newline) mapped to offset `at`. */
  insert(text: string, at: number): void {
    this.#parts.push(text);
    for (let i = 0; i < text.length; i++) this.#origin.push(at);
  }

  get length(): number {
    return this.#origin.length;
  }

  build(): { text: string; origin: number[] } {
    return { text: this.#parts.join(''), origin: this.#origin };
  }
}

/** A line of a document with the offset of its first character in the original. */
export interface SourceLine {
  text: string;
  from: number;
}

export function splitLines(text: string, from = 0): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    lines.push({ text: text.slice(start, end).replace(/\r$/, ''), from: from + start });
    if (nl === -1) return lines;
    start = nl + 1;
  }
}
