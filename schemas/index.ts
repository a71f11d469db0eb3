/** Re-exports every schema and its inferred type. */
export * from './places.ts';
export * from './document.ts';
export * from './extraction.ts';
export * from './dictionaries.ts';
export * from './config.ts';
export * from './run-report.ts';
export * from './normalize-rules.ts';
export * from './graph.ts';
