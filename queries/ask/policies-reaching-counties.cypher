// Which policies reached which counties: each policy's issuer and year, and the counties it
// applies to directly or through the hierarchy (a policy for a prefecture reaches the
// counties below it; one for a village reaches its county), with the documents that say so.
// @param policy text? part of a policy title; omit for all (example: 贫困县退出)
MATCH (pol:Policy)-[a:APPLIES_TO]->(target:Place)
WHERE $policy IS NULL OR pol.title CONTAINS $policy
CALL (target) {
  MATCH (c:County)-[:PART_OF*0..2]->(target)
  RETURN c, CASE WHEN c = target THEN 'direct' ELSE 'via ' + target.name END AS via
  UNION
  MATCH (target)-[:PART_OF*1..2]->(c:County)
  RETURN c, 'via ' + target.name AS via
}
OPTIONAL MATCH (pol)-[:ISSUED_BY]->(issuer:Place)
RETURN pol.title AS policy, collect(DISTINCT issuer.name) AS issuer, pol.year AS year,
       c.code AS countyCode, c.name AS county, collect(DISTINCT via) AS how, collect(DISTINCT a.docId) AS documents
ORDER BY policy, countyCode
