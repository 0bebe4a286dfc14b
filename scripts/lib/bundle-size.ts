// What a page makes the browser download as JavaScript before it is interactive, and what it loads later on demand
// (dynamic imports such as the comparison's charts), in bytes and gzip bytes. Read from the page's own HTML (the
// module preloads and the module script Remix writes) and the built files under public/, following static imports,
// so that it measures what a browser really fetches. Used by `npm run bench` and by the budget test.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export interface ScriptFile {
  url: string;
  bytes: number;
  gzip: number;
}

export interface ScriptSet {
  files: ScriptFile[];
  bytes: number;
  gzip: number;
}

/** The /build/*.js URLs a page's HTML loads: module preloads, script sources and the inline module script's imports. */
export function pageScriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/import\s*(?:[\w*{}\s,]+from\s*)?"(\/build\/[^"]+\.js)"/g)) urls.add(m[1]);
  return [...urls].filter((u) => u.startsWith("/build/"));
}

/** The static and the dynamic imports of a built module, as absolute /build/ URLs. */
export function moduleImports(url: string, code: string): { static: string[]; dynamic: string[] } {
  const resolve = (spec: string) => path.posix.resolve(path.posix.dirname(url), spec);
  const relative = (spec: string) => spec.startsWith(".") || spec.startsWith("/");
  const dynamic = [...code.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)]
    .map((m) => m[1])
    .filter(relative);
  const statics = [
    ...code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g),
  ]
    .map((m) => m[1])
    .filter(relative);
  return { static: [...new Set(statics.map(resolve))], dynamic: [...new Set(dynamic.map(resolve))] };
}

export class BuiltAssets {
  private cache = new Map<string, Buffer>();
  constructor(private readonly publicDir: string) {}

  read(url: string): Buffer {
    let bytes = this.cache.get(url);
    if (!bytes) {
      bytes = readFileSync(path.join(this.publicDir, url));
      this.cache.set(url, bytes);
    }
    return bytes;
  }

  /** `urls` and everything they import statically, transitively. */
  closure(urls: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const queue = [...urls];
    while (queue.length > 0) {
      const url = queue.pop()!;
      if (seen.has(url)) continue;
      seen.add(url);
      queue.push(...moduleImports(url, this.read(url).toString("utf8")).static);
    }
    return seen;
  }

  measure(urls: Iterable<string>): ScriptSet {
    const files = [...urls].sort().map((url) => {
      const bytes = this.read(url);
      return { url, bytes: bytes.length, gzip: gzipSync(bytes).length };
    });
    return {
      files,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      gzip: files.reduce((sum, f) => sum + f.gzip, 0),
    };
  }

  /**
   * For one page's HTML: the JavaScript loaded before it is interactive, and what its modules import on demand
   * afterwards (minus what was already loaded).
   */
  page(html: string): { initial: ScriptSet; deferred: ScriptSet } {
    const initial = this.closure(pageScriptUrls(html));
    const dynamic = [...initial].flatMap(
      (url) => moduleImports(url, this.read(url).toString("utf8")).dynamic,
    );
    const later = [...this.closure(dynamic)].filter((url) => !initial.has(url));
    return { initial: this.measure(initial), deferred: this.measure(later) };
  }
}
