// Programs, policies and places left without any document, fact or child; run until 0.
CALL () {
  MATCH (n:Program|Policy) WHERE NOT ()-[:MENTIONS]->(n) DETACH DELETE n RETURN count(*) AS a
}
CALL () {
  MATCH (p:Place)
  WHERE NOT ()-[:MENTIONS|ABOUT|MEASURES|APPLIES_TO|IMPLEMENTED_IN|ISSUED_BY|PART_OF]->(p)
  DETACH DELETE p RETURN count(*) AS b
}
RETURN a + b AS removed;
