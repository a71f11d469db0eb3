// The money figures behind program-reach-by-city's funds: each funds figure (元) of a program
// in a prefecture-level city, with its sentence and document, and whether it adds to the
// total (`counted`); when not, why: a rate (per 户 / 人 …), a part of another figure
// (其中…), or a repeat of a fact already counted (same place, metric, year, value).
// @param program program? a program name; omit for all (example: 产业扶贫)
MATCH (f:Figure {category: 'funds', unit: '元'})-[:FOR_PROGRAM]->(prog:Program)
WHERE $program IS NULL OR prog.name = $program
MATCH (f)-[:MEASURES]->(p:Place)-[:PART_OF*0..3]->(city:Prefecture)
MATCH (f)-[r:REPORTED_IN]->(d:Document)
OPTIONAL MATCH (earlier:Figure {factKey: f.factKey})-[:FOR_PROGRAM]->(prog)
  WHERE earlier.id < f.id AND earlier.countable
WITH city, prog, f, p, d, r, min(earlier.id) AS repeatOf
RETURN city.name AS city, city.code AS cityCode, prog.name AS program, f.id AS figure, f.value AS value,
       f.surface AS surface, f.metric AS metric, f.year AS year, p.name AS place,
       f.countable AND repeatOf IS NULL AS counted,
       CASE WHEN f.per IS NOT NULL THEN 'rate per ' + f.per
            WHEN f.partOf IS NOT NULL THEN 'part of ' + f.partOf
            WHEN repeatOf IS NOT NULL THEN 'repeat of ' + repeatOf END AS notCountedBecause,
       d.id AS document, r.sentence AS evidence, r.start AS start, r.end AS end
ORDER BY city, program, year, value DESC
