// Renders a real page to HTML without a browser, and reads that HTML as a person would. The page's real loader runs
// for a signed-in person (tests/remix.ts), then its default export renders in the real root layout, with the root
// loader's data, through createRemixStub and react-dom/server: what Remix renders on the server, bar the entry scripts.
import { format } from "node:util";
import type { MetaFunction } from "@remix-run/react";
import { createRemixStub } from "@remix-run/testing";
import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { expect, vi } from "vitest";
import * as root from "../app/root";
import { sessionCookie, type TestUser } from "./factories";
import { callLoader } from "./remix";

/** remix.config.js's future flags, as the stub's Remix context reads them. */
const FUTURE = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_lazyRouteDiscovery: true,
  v3_singleFetch: true,
};

export type Loader = Parameters<typeof callLoader>[0];

export interface PageRoute {
  loader: Loader;
  default: ComponentType;
  /** The route's own meta function (typed by its loader): the stub calls it with the page's data. */
  meta?: (args: never) => unknown;
  /** The route's handle (the root layout reads `rootStyle` from it: the report's printed header). */
  handle?: unknown;
}

/** The real document: the root's Layout around its App (an Outlet), as Remix renders every page. */
function Document() {
  return (
    <root.Layout>
      <root.default />
    </root.Layout>
  );
}

/**
 * React's warning that useLayoutEffect does nothing on the server (react-router's links use it): expected in any
 * server render with React's development build, and nothing to do with the pages.
 */
const LAYOUT_EFFECT_WARNING = "useLayoutEffect does nothing on the server";

export interface Rendered {
  html: string;
  /** The page's text as read: tags dropped, entities decoded, white space collapsed. */
  text: string;
  data: unknown;
}

/**
 * Calls the route's real loader (and the root's) as `user`, then renders the page in the root layout with that data.
 * Fails on any other warning React logs while rendering (a missing key, an invalid attribute...).
 */
export async function renderPage(
  route: PageRoute,
  options: { id: string; pattern: string; path: string; params?: Record<string, string>; user: TestUser },
): Promise<Rendered> {
  const cookie = await sessionCookie(options.user);
  const page = await callLoader(route.loader, { path: options.path, params: options.params, cookie });
  expect(page.status, `${options.path} for ${options.user.email}`).toBe(200);
  const shell = await callLoader(root.loader as Loader, { path: options.path, cookie });
  const Stub = createRemixStub([
    {
      id: "root",
      path: "/",
      meta: root.meta,
      Component: Document,
      children: [
        {
          id: options.id,
          path: options.pattern,
          meta: route.meta as MetaFunction | undefined,
          handle: route.handle,
          Component: route.default,
        },
      ],
    },
  ]);
  const warnings: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    const message = format(...args);
    if (!message.includes(LAYOUT_EFFECT_WARNING)) warnings.push(message);
  });
  let html: string;
  try {
    html = renderToString(
      <Stub
        initialEntries={[options.path]}
        future={FUTURE}
        hydrationData={{ loaderData: { root: shell.data, [options.id]: page.data } }}
      />,
    );
  } finally {
    spy.mockRestore();
  }
  expect(warnings, "React warnings while rendering").toEqual([]);
  // The stub's router shows its own error page instead of throwing when a route cannot render.
  expect(html).not.toContain("Unexpected Application Error");
  return { html, text: textOf(html), data: page.data };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the HTML

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  nbsp: " ",
  "#x27": "'",
  "#39": "'",
};

/** Text as a person reads it: tags dropped, entities decoded, white space collapsed, no space before punctuation. */
export function textOf(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(amp|lt|gt|quot|nbsp|#x27|#39);/g, (_, e: string) => ENTITIES[e])
    .replace(/\s+/g, " ")
    .replace(/ ([,.;:)!?])/g, "$1")
    .replace(/\( /g, "(")
    .trim();
}

/** Where the element opened at `start` closes (the index after its closing tag), counting nested same-name tags. */
function closeOf(html: string, start: number, tag: string): number {
  const re = new RegExp(`<(/?)${tag}(?=[\\s>/])[^>]*>`, "g");
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) depth -= 1;
    else if (!m[0].endsWith("/>")) depth += 1;
    if (depth === 0) return m.index + m[0].length;
  }
  throw new Error(`<${tag}> opened at ${start} never closes`);
}

/** The outer HTML of every element whose opening tag matches `open` (which starts with `<tag`), outermost first. */
export function elements(html: string, open: RegExp): string[] {
  const re = new RegExp(open.source, open.flags.includes("g") ? open.flags : `${open.flags}g`);
  const found: string[] = [];
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const tag = /^<([a-zA-Z][a-zA-Z0-9]*)/.exec(m[0])?.[1];
    if (!tag) throw new Error(`${open} does not start with a tag`);
    const end = closeOf(html, m.index, tag);
    found.push(html.slice(m.index, end));
    re.lastIndex = end;
  }
  return found;
}

export function element(html: string, open: RegExp): string {
  const [first] = elements(html, open);
  if (first === undefined) throw new Error(`No element matches ${open}`);
  return first;
}

/** A section (or any element) by the id of its heading: `aria-labelledby="<id>"`. */
export const labelledBy = (html: string, id: string) =>
  element(html, new RegExp(`<[a-z]+[^>]*aria-labelledby="${id}"`));

/** Each row of the tables in `html`, as the text of its cells. */
export const rows = (html: string) =>
  elements(html, /<tr\b/).map((tr) => elements(tr, /<t[hd]\b/).map(textOf));

/** The rows of a table's body (its header row left out). */
export const bodyRows = (html: string) => rows(element(html, /<tbody\b/));

/** The visible text of every `<button>` and of every link (`<a>`). */
export const buttons = (html: string) =>
  elements(html, /<button\b/)
    .filter((b) => !/\shidden=""/.test(b))
    .map(textOf);
export const links = (html: string) => elements(html, /<a\b/).map(textOf);

export const headings = (html: string, level: 1 | 2 | 3) =>
  elements(html, new RegExp(`<h${level}\\b`)).map(textOf);

export const titleOf = (html: string) => textOf(element(html, /<title\b/));
