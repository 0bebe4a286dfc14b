import type { ReactNode } from "react";
import type { LucideIcon } from "./icons";

/** The five tones of a status badge (docs/design-system.md). */
export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger";

/**
 * A status badge: a short word or two on a pale pill of its tone. The words carry the meaning (colour only
 * repeats it), so a badge reads in greyscale and to a screen reader.
 */
export function Badge({
  tone = "neutral",
  icon: Icon,
  children,
}: {
  tone?: BadgeTone;
  icon?: LucideIcon;
  children: ReactNode;
}) {
  return (
    <span className={`badge badge-${tone}`}>
      {Icon ? <Icon aria-hidden="true" focusable="false" /> : null}
      {children}
    </span>
  );
}
