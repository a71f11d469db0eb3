// Constraints and indexes of the graph model (shared/spec/graph-model.md); idempotent.
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_code IF NOT EXISTS FOR (n:Place) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT program_name IF NOT EXISTS FOR (n:Program) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT policy_title IF NOT EXISTS FOR (n:Policy) REQUIRE n.title IS UNIQUE;
CREATE CONSTRAINT figure_id IF NOT EXISTS FOR (n:Figure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT run_id IF NOT EXISTS FOR (n:Run) REQUIRE n.id IS UNIQUE;
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);
CREATE INDEX place_level IF NOT EXISTS FOR (n:Place) ON (n.level);
CREATE INDEX figure_category IF NOT EXISTS FOR (n:Figure) ON (n.category);
CREATE INDEX figure_doc IF NOT EXISTS FOR (n:Figure) ON (n.docId);
// The same fact reported twice (a lead repeated in the body, two reports) is counted once.
CREATE INDEX figure_fact IF NOT EXISTS FOR (n:Figure) ON (n.factKey);
CREATE INDEX document_hash IF NOT EXISTS FOR (n:Document) ON (n.contentHash);
// Fact edges are removed by the document that wrote them (a replaced or removed document):
// without these a replacement scans every edge of the type.
CREATE INDEX applies_to_doc IF NOT EXISTS FOR ()-[r:APPLIES_TO]-() ON (r.docId);
CREATE INDEX implemented_in_doc IF NOT EXISTS FOR ()-[r:IMPLEMENTED_IN]-() ON (r.docId);
CREATE INDEX issued_by_doc IF NOT EXISTS FOR ()-[r:ISSUED_BY]-() ON (r.docId);
