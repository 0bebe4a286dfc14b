// Custom properties a page sets on the document's root element, through its route's `handle.rootStyle`. The printed
// page's margin boxes (`@page { @top-left { content: var(--…) } }`) inherit from the root element only, so this is
// how a page's own words reach its running header (the decision report's organisation, evaluation and status).
import type { CSSProperties } from "react";

export interface RootStyleHandle {
  rootStyle?: (data: unknown) => Record<`--${string}`, string> | undefined;
}

/** The deepest matched route's root style, if any (the root layout puts it on `<html>`). */
export function rootStyleOf(
  matches: readonly { handle?: unknown; data?: unknown }[],
): CSSProperties | undefined {
  for (const m of [...matches].reverse()) {
    const style = (m.handle as RootStyleHandle | undefined)?.rootStyle?.(m.data);
    if (style) return style as CSSProperties;
  }
  return undefined;
}

/** A CSS string literal: quotes and backslashes escaped, line breaks as spaces. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]+/g, " ")}"`;
}
