// One criterion on the scoring page, folded to one line once scored: a <details> whose summary carries the name, the
// score and the start of the justification (works without JavaScript and from the keyboard), unfolded on demand.
import { useFetcher } from "@remix-run/react";
import { type ReactNode, type SyntheticEvent, useEffect, useId, useRef, useState } from "react";
import { CriterionScoreForm } from "./score-form";
import type { CitableEvidence, ScoreAnswer, ScoringSectionCriterion } from "./types";

/** How much of the justification the folded line shows (CSS cuts it to the line's width). */
const GIST_LENGTH = 160;

/** The unscored criteria carry `data-unscored`. */
const UNSCORED_SELECTOR = "li.score-item[data-unscored]";

/** Scrolls a criterion to the top and gives its folded line the focus, so that Tab goes on into its score. */
export function landOnCriterion(criterion: HTMLElement) {
  criterion.scrollIntoView({ block: "start" });
  criterion.querySelector<HTMLElement>("summary")?.focus({ preventScroll: true });
}

/**
 * A rated, counted criterion: its folded line and, unfolded, its score form and evidence requests. It folds when
 * scored: on the server's render after a save without JavaScript (unless a partner's answer to an evidence request
 * about it waits to be read), at once after a save with it, which then moves the focus to the next unscored
 * criterion, so the keyboard carries on where the work is.
 */
export function CriterionScoreItem({
  criterion: c,
  evidence,
  answer,
  savedHere,
  answered,
  disabled,
  requests,
}: {
  criterion: ScoringSectionCriterion;
  evidence: readonly CitableEvidence[];
  /** The answer a no-JavaScript post got for this criterion. */
  answer?: ScoreAnswer;
  /** A save without JavaScript just came back for this criterion ("suggestion": "Accept suggestion"). */
  savedHere: "score" | "suggestion" | null;
  /** The partner answered an evidence request about it, not closed yet: it stays unfolded to be read. */
  answered: boolean;
  disabled: boolean;
  requests: ReactNode;
}) {
  const fetcher = useFetcher<ScoreAnswer>();
  const nameId = useId();
  const item = useRef<HTMLLIElement>(null);
  const failed = answer !== undefined && !answer.ok;
  const [open, setOpen] = useState(c.own === null || failed || answered);
  const justSaved = fetcher.state === "idle" && fetcher.data?.ok ? fetcher.data : null;

  // A save with JavaScript folds the criterion and, when the focus was in it, hands it to the next unscored one.
  useEffect(() => {
    if (!justSaved) return;
    setOpen(false);
    const here = item.current;
    const focus = document.activeElement;
    if (!here || (focus && focus !== document.body && !here.contains(focus))) return;
    const next = nextUnscoredAfter(here);
    if (next) landOnCriterion(next);
  }, [justSaved]);

  const savedKind = justSaved ? (justSaved.accepted ? "suggestion" : "score") : savedHere;
  const status =
    savedKind === "suggestion" ? "Suggestion accepted and saved." : savedKind === "score" ? "Saved." : "";
  const onToggle = (e: SyntheticEvent<HTMLDetailsElement>) => setOpen(e.currentTarget.open);
  return (
    <li
      ref={item}
      id={`criterion-${c.key}`}
      tabIndex={-1}
      className={`score-item${c.own ? " is-scored" : ""}`}
      data-unscored={c.own === null ? "" : undefined}
    >
      <details open={open} onToggle={onToggle}>
        <summary className="score-summary">
          <h3 id={nameId}>{c.name}</h3>
          <span className="score-facts">
            <span className={c.own ? "badge status-current" : "badge badge-neutral"}>
              {c.own ? `Scored ${c.own.value} of ${c.max}` : "Not scored"}
            </span>
            {answered ? <span className="badge badge-info">Request answered</span> : null}
            {/* Only filled when the blind rule shows them (after submitting the candidate). */}
            {c.others.length > 0 ? (
              <span className="score-others">
                Others: {c.others.map((o) => `${o.name} ${o.value}`).join(" · ")}
              </span>
            ) : null}
            {c.own && !open ? (
              <span className="score-gist">{c.own.justification.slice(0, GIST_LENGTH)}</span>
            ) : null}
            <span className="score-saved" role="status">
              {status}
            </span>
          </span>
        </summary>
        <div className="score-body">
          <CriterionScoreForm
            criterion={c}
            evidence={evidence}
            answer={answer}
            disabled={disabled}
            fetcher={fetcher}
            nameId={nameId}
          />
          {requests}
        </div>
      </details>
    </li>
  );
}

/** A criterion the evaluator does not score (numeric, or weight 0): folded to its name and what it counts. */
export function CriterionInfoItem({
  criterion: c,
  badge,
  children,
}: {
  criterion: ScoringSectionCriterion;
  badge: ReactNode;
  children: ReactNode;
}) {
  return (
    <li id={`criterion-${c.key}`} tabIndex={-1} className={`score-item${c.counts ? "" : " is-zero"}`}>
      <details>
        <summary className="score-summary">
          <h3>{c.name}</h3>
          <span className="score-facts">{badge}</span>
        </summary>
        <div className="score-body">{children}</div>
      </details>
    </li>
  );
}

/** The first unscored criterion after `here` in the page, or the first one before it. */
function nextUnscoredAfter(here: HTMLElement): HTMLElement | null {
  const all = Array.from(document.querySelectorAll<HTMLElement>(UNSCORED_SELECTOR)).filter(
    (el) => el !== here,
  );
  return (
    all.find((el) => here.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) ?? all[0] ?? null
  );
}
