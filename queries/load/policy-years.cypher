// A policy's year after documents were removed: the earliest year its remaining documents give.
MATCH (p:Policy)
CALL (p) {
  MATCH (:Document)-[m:MENTIONS]->(p)
  RETURN min(m.year) AS year
}
SET p.year = year;
