/** columns.md, written beside the report's CSV files: what each column means. */
export const COLUMN_GUIDE = `# fupin-kg report: column guide

All files are UTF-8 CSV (\`fupin-kg report --excel\` adds a byte-order mark for spreadsheets on
Chinese Windows). An empty cell means *not reported*, never zero. Totals add only what adds up:
whole figures (no rate such as 户均 / 人均, no part such as 其中…), each fact once (the same place,
metric, year, value and unit reported in several sentences or documents), split by year.

## program-reach-by-city.csv (one row per city, program and year of the figures)
| column | meaning |
|---|---|
| province, city, cityCode | the prefecture-level city and its province; cityCode is the official division code |
| program | the canonical program (data/programs.yaml) |
| places | distinct places below the city the program reached (counties, townships, villages) |
| cityItself | true when the reports say the program reached the city as a whole (全市) |
| counties, townships, villages | the same places split by level |
| documents | documents that say the program reached the city or a place in it |
| year | the year of the figures in this row; empty: no figure, or the report does not say |
| fundsYuan, fundsFigures | funds (元) the program brought that year, and how many figures they add |
| beneficiaries, peopleFigures | people (人, 人次) it reached or employed that year, and how many figures |
| beneficiaryHouseholds, householdFigures | households (户), and how many figures |
| figureDocuments | documents the year's figures come from |

## program-reach-by-county.csv
The same for counties: province, city, county, countyCode, program, places below the county
(townships, villages), countyItself, documents, year and the totals.

## program-funds-evidence.csv (one row per money figure of a program)
| column | meaning |
|---|---|
| city, cityCode, program, place | where the figure was reported |
| figure | the figure's id (\`fupin-kg query fact-provenance --param figure=…\`) |
| value, surface, metric, year | the value in 元, as written, what it measures, its year |
| counted | whether it adds to the totals |
| notCountedBecause | rate per 户 / 人 …; part of <figure id>; repeat of <figure id> |
| document, start, end, evidence | the document, the sentence's character offsets in the original file, the sentence |

## figures.csv (every figure, not only money)
province, city, county, place, placeCode, year, category, metric, value, unit, per (the unit a
rate is per, empty for a total), partOf (the figure it is a part of), approx (多 / 约 / 余 …),
program, factKey (equal for the same fact), figure, document, start, end, evidence.
`;
