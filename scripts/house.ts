/**
 * The house's rules, read off the source (docs/architecture.md, "House rules"):
 *   - sizes: no route module over 400 lines, no function in app/ over 150 lines, at most 12 files in app/ of
 *     300 lines or more (stylesheets aside);
 *   - boundaries: which folder may import which (BOUNDARIES below);
 *   - the design system (docs/design-system.md): every font size in app/styles is a step of the type scale
 *     (var(--text-*); points only in print rules), and icons come from app/components/ui/icons.ts alone.
 *
 *   tsx scripts/house.ts            prints the figures and every break
 *   tsx scripts/house.ts --check    the same, and exits 1 when a rule is broken (part of `npm run lint`)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const root = resolve(import.meta.dirname, "..");
const LIMITS = { routeLines: 400, functionLines: 150, bigFileLines: 300, bigFiles: 12 };

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

function walkStyles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walkStyles(path, out);
    else if (name.endsWith(".css")) out.push(path);
  }
  return out;
}

const rel = (path: string) => relative(root, path).split("\\").join("/");
const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

type Fn = { file: string; name: string; lines: number };

function functionsOf(file: string, source: ts.SourceFile): Fn[] {
  const found: Fn[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const nameOf = (node: ts.Node): string => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
      return node.name.getText(source);
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
    if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
    if (parent && ts.isCallExpression(parent)) return `${nameOf(parent)} callback`;
    return parent ? nameOf(parent) : "(anonymous)";
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node)
    ) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      found.push({ file, name: nameOf(node), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Where a folder's modules may not reach. Paths are relative to the repository; a rule names the importing
 *  files (prefix) and the forbidden targets (prefixes), with the reason the message gives. */
const BOUNDARIES: { from: string; not: string[]; except?: string[]; why: string }[] = [
  {
    from: "app/domain/",
    not: ["app/", "db/", "node_modules/"],
    except: ["app/domain/", "db/enums.ts"],
    why: "the scoring domain is pure: it imports nothing outside app/domain but the leaf db/enums.ts",
  },
  {
    from: "app/components/",
    not: ["app/models/", "app/routes/", "app/server/", "db/"],
    why: "components never import models, routes or database code",
  },
  {
    from: "app/models/",
    not: ["app/routes/", "app/components/", "node_modules/@remix-run/", "app/utils/http.server"],
    why: "models never import routes, components or Remix's HTTP helpers (they throw errors.server's failures)",
  },
  {
    from: "app/jobs/",
    not: ["app/routes/", "app/components/", "node_modules/@remix-run/"],
    why: "jobs run outside any request: they never import routes, components or Remix",
  },
  {
    from: "app/mail/",
    not: ["app/routes/", "app/components/", "app/models/", "node_modules/@remix-run/"],
    why: "mail says and sends what models queue: it never imports models, routes, components or Remix",
  },
  { from: "db/", not: ["app/"], why: "db/ imports nothing from app/" },
];

function resolveImport(fromFile: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = join(root, "app", spec.slice(2));
  else if (spec.startsWith(".")) base = resolve(dirname(fromFile), spec);
  else if (spec.startsWith("node:")) return null;
  else return join(root, "node_modules", spec);
  if (!base.startsWith(join(root, "node_modules"))) {
    for (const candidate of [
      base,
      `${base}.ts`,
      `${base}.tsx`,
      join(base, "index.ts"),
      join(base, "route.tsx"),
    ]) {
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {}
    }
    if (/\.(css|json|svg|png)$/.test(spec)) return base;
  }
  return base;
}

/** The route a module belongs to: a flat route file, or a folder route's folder. */
function routeOf(path: string): string | null {
  const r = rel(path);
  const m = /^app\/routes\/([^/]+)/.exec(r);
  return m ? m[1].replace(/\.tsx?$/, "") : null;
}

const importsOf = (source: ts.SourceFile): string[] => {
  const specs: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    )
      specs.push(statement.moduleSpecifier.text);
  }
  return specs;
};

const files = [...walk(join(root, "app")), ...walk(join(root, "db"))];
const appFiles = files.filter((f) => rel(f).startsWith("app/"));
const sizes: { file: string; lines: number }[] = [];
const functions: Fn[] = [];
const breakSet = new Set<string>();

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  if (rel(file).startsWith("app/")) {
    sizes.push({ file: rel(file), lines: lineCount(text) });
    functions.push(...functionsOf(rel(file), source));
  }
  for (const spec of importsOf(source)) {
    const target = resolveImport(file, spec);
    if (!target) continue;
    const from = rel(file);
    const to = rel(target);
    for (const rule of BOUNDARIES) {
      if (!from.startsWith(rule.from)) continue;
      if (rule.except?.some((p) => to.startsWith(p))) continue;
      if (rule.not.some((p) => to.startsWith(p))) breakSet.add(`${from} imports "${spec}": ${rule.why}`);
    }
    const ownRoute = routeOf(file);
    const targetRoute = routeOf(target);
    if (targetRoute && ownRoute !== targetRoute)
      breakSet.add(`${from} imports "${spec}": a module never imports another route's modules`);
  }
}

// The design system: font sizes from the type scale, icons from one module.
const ICONS_MODULE = "app/components/ui/icons.ts";
for (const file of appFiles) {
  if (rel(file) === ICONS_MODULE) continue;
  if (/from "lucide-react"/.test(readFileSync(file, "utf8")))
    breakSet.add(
      `${rel(file)} imports "lucide-react": icons come from ${ICONS_MODULE} (docs/design-system.md)`,
    );
}
for (const file of walkStyles(join(root, "app", "styles"))) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const size = /font-size:\s*([^;]+);/.exec(line)?.[1].trim();
      if (size && !/^var\(--text-[a-z0-9]+\)$/.test(size) && !/^\d+pt$/.test(size) && size !== "inherit")
        breakSet.add(`${rel(file)}:${i + 1} font-size ${size}: use a step of the type scale, var(--text-*)`);
    });
}

const breaks = [...breakSet];
const big = sizes.filter((s) => s.lines >= LIMITS.bigFileLines).sort((a, b) => b.lines - a.lines);
const routes = sizes.filter((s) => s.file.startsWith("app/routes/")).sort((a, b) => b.lines - a.lines);
const longRoutes = routes.filter((s) => s.lines > LIMITS.routeLines);
const sortedFns = functions.sort((a, b) => b.lines - a.lines);
const longFns = sortedFns.filter((f) => f.lines > LIMITS.functionLines);

const print = (s: string) => process.stdout.write(`${s}\n`);
print(`files in app/ (TypeScript): ${appFiles.length}`);
print(
  `files of ${LIMITS.bigFileLines} lines or more: ${big.length} (${Math.round((100 * big.length) / appFiles.length)}%; at most ${LIMITS.bigFiles})`,
);
for (const s of big) print(`  ${String(s.lines).padStart(5)}  ${s.file}`);
print(`largest route modules (at most ${LIMITS.routeLines} lines):`);
for (const s of routes.slice(0, 5)) print(`  ${String(s.lines).padStart(5)}  ${s.file}`);
print(
  `functions of 100 lines or more: ${sortedFns.filter((f) => f.lines >= 100).length}; over ${LIMITS.functionLines}: ${longFns.length}`,
);
for (const f of sortedFns.slice(0, 8)) print(`  ${String(f.lines).padStart(5)}  ${f.name} (${f.file})`);
print(`boundary breaks: ${breaks.length}`);
for (const b of breaks) print(`  ${b}`);

const broken = [
  big.length > LIMITS.bigFiles &&
    `${big.length} files of ${LIMITS.bigFileLines}+ lines (at most ${LIMITS.bigFiles})`,
  longRoutes.length > 0 && `${longRoutes.length} route modules over ${LIMITS.routeLines} lines`,
  longFns.length > 0 && `${longFns.length} functions over ${LIMITS.functionLines} lines`,
  breaks.length > 0 && `${breaks.length} boundary breaks`,
].filter(Boolean);
if (process.argv.includes("--check") && broken.length > 0) {
  print(`house rules broken: ${broken.join("; ")}`);
  process.exit(1);
}
