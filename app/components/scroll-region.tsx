import type { ReactNode } from "react";

/**
 * A table that may scroll sideways on a narrow screen, in a region that takes the keyboard focus (so that it can be
 * scrolled without a mouse: axe `scrollable-region-focusable`) and says what it holds.
 */
export function ScrollRegion({
  label,
  children,
  className = "table-wrap",
}: {
  label: string;
  children: ReactNode;
  /** The card around a table by default; the printable report's plain `report-scroll`. */
  className?: string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to be scrolled by keyboard
    <section className={className} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
