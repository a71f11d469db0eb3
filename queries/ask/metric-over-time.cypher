// Figures of one category over time for a place and its parts (贫困发生率 of 淮北市 by
// year), each with its evidence sentence.
// @param place place a code or a name (example: 淮北市)
// @param category category a figure category (example: poverty_rate)
MATCH (root:Place {code: $place})
MATCH (p:Place)-[:PART_OF*0..4]->(root)
MATCH (f:Figure {category: $category})-[:MEASURES]->(p)
MATCH (f)-[r:REPORTED_IN]->(d:Document)
RETURN f.year AS year, p.name AS place, f.metric AS metric, f.value AS value, f.unit AS unit,
       f.approx AS approx, d.id AS document, r.sentence AS evidence
ORDER BY year, place, metric
