/**
 * Layer classes with no ONNX form (yet), each with the reason a user is told. Every
 * registered layer class is either in the exporter table (layers.ts) or here; a test checks.
 * Adding a layer that does not export: one line below.
 */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {};
