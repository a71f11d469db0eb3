/** Schemas of the YAML dictionaries under data/: a new alias or metric is a line of YAML. */
import { z } from 'zod';
import { FigureCategory } from './extraction.ts';

export const ProgramEntry = z.strictObject({
  name: z.string().min(1),
  category: z.string().min(1),
  /** Wording that describes this work; any one in a sentence marks the program. */
  triggers: z.array(z.string().min(1)).min(1),
  /** A trigger inside one of these longer words does not count (光伏 inside 光伏扶贫电站 is fine; 产业 in 产业园区管委会 is not). */
  exclude: z.array(z.string().min(1)).default([]),
});
export type ProgramEntry = z.infer<typeof ProgramEntry>;
export const ProgramsFile = z.strictObject({
  /** Triggers that are ordinary words too: they count only in a sentence with one of `povertyContext`. */
  weakTriggers: z.array(z.string().min(1)).default([]),
  povertyContext: z.array(z.string().min(1)).default([]),
  /** Regex sources: right after a trigger they mean an outcome or a difficulty, not work. */
  notWorkAfter: z.array(z.string()).default([]),
  /** Triggers that count only beside another trigger of their program in the same sentence. */
  needsPartner: z.array(z.string().min(1)).default([]),
  /** [a, b]: a weak trigger of program a does not count in a sentence with wording of program b. */
  yieldsTo: z.array(z.tuple([z.string(), z.string()])).default([]),
  programs: z.array(ProgramEntry).min(1),
});

export const MetricRule = z.strictObject({
  /** Short Chinese name of the metric. */
  metric: z.string().min(1),
  category: FigureCategory,
  /** Words in the clause before the number (any one matches). */
  cues: z.array(z.string().min(1)).min(1),
  /** Longer words in which a cue means something else (脱贫 in 未脱贫). */
  exclude: z.array(z.string().min(1)).default([]),
  /** Units this rule applies to; empty = any. */
  units: z.array(z.string()).default([]),
});
export type MetricRule = z.infer<typeof MetricRule>;

export const UnitEntry = z.strictObject({
  surface: z.string().min(1),
  unit: z.string().min(1),
  /** Multiplier to the normalised unit (万元 → 元: 10000). */
  factor: z.number().positive().default(1),
});
export type UnitEntry = z.infer<typeof UnitEntry>;

export const MetricsFile = z.strictObject({
  units: z.array(UnitEntry).min(1),
  peopleNouns: z.array(z.string()),
  householdNouns: z.array(z.string()),
  approxBefore: z.array(z.string()),
  approxAfter: z.array(z.string()),
  notFigureAfter: z.array(z.string()),
  metrics: z.array(MetricRule),
  /** Rates: the unit a figure is per when one of the words stands before it in its clause (户均增收3000元 → 户). */
  per: z.array(z.strictObject({ words: z.array(z.string().min(1)).min(1), per: z.string().min(1) })),
  /** Words that open a breakdown of the figure before them (投入5000万元,其中中央资金2000万元): regex sources. */
  partMarkers: z.array(z.string().min(1)),
  /** Units whose whole values are counts, written as integers (户, 人, 个 …); money and measures stay floats. */
  countUnits: z.array(z.string().min(1)),
  /** Words trimmed from the ends of a figure's metric name (投入…资金, 贫困发生率下降到). */
  metricName: z.strictObject({ leading: z.array(z.string().min(1)), trailing: z.array(z.string().min(1)), maxLength: z.number().int().min(4) }),
});
export type MetricsFile = z.infer<typeof MetricsFile>;

export const PlaceRulesFile = z.strictObject({
  /** Words that, right after a place name, make it part of an organisation or product name. */
  orgSuffixes: z.array(z.string()),
  /** Words a few characters after a name that make it part of a company's name (苏州协鑫集团). */
  companyWords: z.array(z.string().min(1)),
  /** Regions that are not administrative units; never linked. */
  notPlaces: z.array(z.string()),
  /** Short names that are also ordinary words; linked only with their suffix. */
  ambiguousShortNames: z.array(z.string()),
  /** Words meaning "the report's own place" (我市, 全市 …). */
  selfReferences: z.array(z.string()),
  /** Words after a name that mean it names a meeting or speech, not a place (座谈会). */
  eventSuffixes: z.array(z.string()),
  /** Words that, opening a sentence, refer back to the one before (他, 村里): the sentence continues that one's place. */
  anaphors: z.array(z.string().min(1)),
  /** Lead-ins of time or attribution (隆冬时节, 3年来, 据了解) that are not part of a sentence's topic: regex sources, each anchored at the start. */
  leadIns: z.array(z.string().min(1)),
  unlistedUnits: z.strictObject({ suffixes: z.array(z.string().min(1)), notNames: z.array(z.string()) }),
  /** Names the division tables do not derive: renamed units (那曲县 → 色尼区) and standard abbreviations (察右中旗). */
  aliases: z.array(z.strictObject({ name: z.string().min(2), for: z.string().min(2), within: z.string().regex(/^\d{2,6}$/).optional() })),
  /** Spans that name a place without saying anything about it (datelines, photo credits): regex sources, `m` flag, matched per paragraph. */
  framing: z.array(z.string().min(1)),
});
export type PlaceRulesFile = z.infer<typeof PlaceRulesFile>;

export const BoilerplateFile = z.strictObject({
  /** A line matching any of these patterns (JavaScript regex source) is page furniture. */
  linePatterns: z.array(z.string()),
  /** Short lines of these words alone are widgets (打印, 关闭 …). */
  widgetWords: z.array(z.string()),
  /** A line of at least `minItems` short items (≤ `maxItemChars`) split by spaces or bars, with no sentence punctuation, is a menu. */
  menu: z.strictObject({ minItems: z.number().int().min(2), maxItemChars: z.number().int().min(1) }),
  /** Headings of link lists (相关新闻, 推荐阅读): a run of short lines they open is furniture even inside the article. */
  listHeadings: z.array(z.string().min(1)),
  /** Spans removed inside a line (pinyin in brackets after a character, doubled commas): regex sources, each match dropped. */
  inlineArtefacts: z.array(z.string()),
  /** A 来源 ending with these is a trading site reposting (废铜厂家): its date is no publication date. */
  traderSources: z.array(z.string().min(1)),
  /** Phrases that name a campaign year, read for 今年 when nothing else dates the report. */
  campaignPhrases: z.array(z.strictObject({ phrase: z.string().min(2), year: z.number().int() })),
  /** A date followed by these words is a page's clock or a crawl stamp, not the article's date. */
  pageDateAfter: z.array(z.string()),
});
export type BoilerplateFile = z.infer<typeof BoilerplateFile>;

export const PoliciesFile = z.strictObject({
  documentWords: z.array(z.string().min(1)).min(1),
  publicationEndings: z.array(z.string().min(1)),
  publicationWords: z.array(z.string().min(1)),
  publicationAfter: z.array(z.string().min(1)),
  implementVerbs: z.array(z.string().min(1)),
  selfIssuers: z.array(z.string().min(1)),
  nationalIssuers: z.array(z.string().min(1)),
  /** Issuers named in the sentence that mean the subject's province (省委办公厅). */
  provinceIssuers: z.array(z.string().min(1)),
  issueVerbs: z.array(z.string().min(1)),
});
export type PoliciesFile = z.infer<typeof PoliciesFile>;

export const PrivacyFile = z.strictObject({
  /** Words a private person's name follows (贫困户, 村民 …). */
  roles: z.array(z.string().min(1)).min(1),
  /** Words between two names (和, 、): the second is read as a name too. */
  coordinators: z.array(z.string().min(1)),
  /** A clause-opening name followed by one of these and a role word (刘德华是…贫困户). */
  nameFirstVerbs: z.array(z.string().min(1)),
  nameFirstReach: z.number().int().min(1).max(60),
  /** Surnames, single and compound: a name opens with one. */
  surnames: z.array(z.string().min(1).max(2)).min(100),
  /** Characters a name is followed by (说, 在, 的 …): a given name ends before one. */
  nameEnders: z.array(z.string().length(1)),
  /** Opening syllables of transliterated names (古丽, 扎西, 买买提): a name without a surname. */
  transliteratedStarts: z.array(z.string().min(2)),
  /** A dictionary word opening with a surname blocks a name from this frequency on (全部, 林业). */
  minWordFrequency: z.number().int().min(1),
});
export type PrivacyFile = z.infer<typeof PrivacyFile>;

export const VariantsFile = z.strictObject({
  /** One character for one: variants OpenCC leaves, mapped to the division tables' form. */
  characters: z.record(z.string().length(1), z.string().length(1)),
});
export type VariantsFile = z.infer<typeof VariantsFile>;
