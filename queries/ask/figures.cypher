// Every figure of the graph (not only money), with its place and the province, city and county
// above it, its year, what it measures, whether it is a rate (per) or a part of another figure
// (partOf), its fact key (the same fact in several sentences or reports), and its evidence.
// @param category category? a figure category; omit for all (example: poverty_rate)
MATCH (f:Figure)-[:MEASURES]->(p:Place)
WHERE $category IS NULL OR f.category = $category
MATCH (f)-[r:REPORTED_IN]->(d:Document)
OPTIONAL MATCH (f)-[:FOR_PROGRAM]->(prog:Program)
OPTIONAL MATCH (p)-[:PART_OF*0..4]->(province:Province)
OPTIONAL MATCH (p)-[:PART_OF*0..3]->(city:Prefecture)
OPTIONAL MATCH (p)-[:PART_OF*0..2]->(county:County)
RETURN province.name AS province, city.name AS city, county.name AS county, p.name AS place, p.code AS placeCode,
       f.year AS year, f.category AS category, f.metric AS metric, f.value AS value, f.unit AS unit, f.per AS per,
       f.partOf AS partOf, f.approx AS approx, prog.name AS program, f.factKey AS factKey, f.id AS figure,
       d.id AS document, r.start AS start, r.end AS end, r.sentence AS evidence
ORDER BY province, city, county, place, year, category, metric
