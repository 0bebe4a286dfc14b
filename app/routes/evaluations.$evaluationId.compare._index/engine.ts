// The engine's data as the page's component reads it. In the browser, parsed once from the loader's JSON string; on
// the server, the very objects the loader serialised: Remix renders the document from the loader's own return value,
// so the loader keeps its engine beside it here and the render takes it back instead of parsing the string again
// (NOTE: 40 KB of JSON and its unpacking, about a tenth of the page's render).
import type { ComparisonEngine } from "~/components/comparison/types";

const kept = new WeakMap<object, ComparisonEngine>();

/** Keeps `engine` for the server's render of `data` (the loader's return value); returns `data`. */
export function keepEngine<T extends { engineJson: string }>(data: T, engine: ComparisonEngine): T {
  kept.set(data, engine);
  return data;
}

/** The engine of the loader data: the kept objects on the server, else the JSON parsed. */
export function engineOf(data: { engineJson: string }): ComparisonEngine {
  return kept.get(data) ?? (JSON.parse(data.engineJson) as ComparisonEngine);
}
