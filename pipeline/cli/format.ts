/** Result tables for the terminal (CJK characters count double), CSV and JSON. */

export type Row = Record<string, unknown>;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000)) ? 2 : 1;
  }
  return w;
}

/**
 * Control characters a graph value may hold (a terminal escape from a report loaded before
 * normalize removed them, or from a user's own write) never reach the terminal raw: each is
 * shown as its code (\x1b), so no value can recolour, move or clear the screen.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cell).join(', ');
  if (typeof v === 'object') return printable(JSON.stringify(v));
  return printable(String(v));
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

export function formatTable(rows: Row[], maxCell = 60): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]!);
  const clip = (s: string) => {
    if (displayWidth(s) <= maxCell) return s;
    let out = '';
    for (const ch of s) {
      if (displayWidth(out + ch) > maxCell - 1) break;
      out += ch;
    }
    return `${out}…`;
  };
  const body = rows.map((r) => cols.map((c) => clip(cell(r[c]))));
  const numeric = cols.map((_, i) => body.every((r) => r[i] === '' || /^-?\d+(\.\d+)?$/.test(r[i]!)));
  const widths = cols.map((c, i) => Math.max(displayWidth(c), ...body.map((r) => displayWidth(r[i]!))));
  const line = (r: string[]) => r.map((v, i) => pad(v, widths[i]!, numeric[i]!)).join('  ');
  return [line(cols), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** CSV keeps values as they are (a file for a spreadsheet), apart from the control characters `cell` shows by code. */
export function formatCsv(rows: Row[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [cols.map(esc).join(','), ...rows.map((r) => cols.map((c) => esc(cell(r[c]))).join(','))].join('\n');
}
