// What did a county receive: for a county (or any place) and its townships and villages, the
// funds (元) and beneficiaries (人, 户) each program brought, by year, each figure with its
// place, sentence and document, and whether it adds to the program's total for that year
// (`counted`; when not, why). The program-year totals add only what adds up
// (queries/fragments/totals.cypher). One row per figure, sorted by year and program.
// @param place place a county's code or name (example: 金寨县)
MATCH (scope:Place {code: $place})
MATCH (f:Figure)-[:FOR_PROGRAM]->(prog:Program)
WHERE ((f.category = 'funds' AND f.unit = '元')
    OR (f.category IN ['beneficiaries', 'employment'] AND f.unit IN ['人', '人次', '户']))
  AND EXISTS { (f)-[:MEASURES]->(:Place)-[:PART_OF*0..4]->(scope) }
MATCH (f)-[:MEASURES]->(p:Place)
MATCH (f)-[r:REPORTED_IN]->(d:Document)
OPTIONAL MATCH (earlier:Figure {factKey: f.factKey})-[:FOR_PROGRAM]->(prog)
  WHERE earlier.id < f.id AND earlier.countable
WITH scope, prog, f, p, r, d, min(earlier.id) AS repeatOf
WITH scope, prog, collect({
  year: f.year, place: p.name, level: p.level, measure: CASE WHEN f.unit = '元' THEN 'funds' WHEN f.unit = '户' THEN 'households' ELSE 'people' END,
  value: f.value, unit: f.unit, surface: f.surface, metric: f.metric, counted: f.countable AND repeatOf IS NULL,
  why: CASE WHEN f.per IS NOT NULL THEN 'rate per ' + f.per WHEN f.partOf IS NOT NULL THEN 'part of ' + f.partOf WHEN repeatOf IS NOT NULL THEN 'repeat of ' + repeatOf END,
  figure: f.id, evidence: r.sentence, document: d.id
}) AS rows
// @include fragments/totals
WITH prog, rows, collect(CASE WHEN year IS NOT NULL OR figures > 0 THEN {year: year, funds: funds, people: people, households: households} END) AS totals
UNWIND rows AS row
WITH prog, row, [t IN totals WHERE t.year = row.year OR (t.year IS NULL AND row.year IS NULL)][0] AS total
RETURN row.year AS year, prog.name AS program, row.measure AS measure, row.value AS value, row.unit AS unit,
       row.counted AS counted, row.why AS notCountedBecause, row.place AS place, row.level AS level, row.metric AS metric,
       total.funds AS programFundsThisYear, total.people AS programPeopleThisYear, total.households AS programHouseholdsThisYear,
       row.evidence AS evidence, row.document AS document, row.figure AS figure
ORDER BY year, program, measure, counted DESC, value DESC
