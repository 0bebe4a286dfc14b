import type { ReactNode } from "react";
import type { LucideIcon } from "./icons";

/**
 * What a list or a page shows while it has nothing: an icon, a title saying what is missing, a sentence saying how
 * it fills, and (optionally) the one action that fills it. `compact` is the same inside a card, without its own card.
 */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  compact = false,
}: {
  icon: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  compact?: boolean;
}) {
  return (
    <section className={compact ? "empty empty-compact" : "card empty"} aria-label={title}>
      <div className="empty-icon" aria-hidden="true">
        <Icon focusable="false" />
      </div>
      <h2 className="empty-title">{title}</h2>
      {children ? <div className="empty-text">{children}</div> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </section>
  );
}
