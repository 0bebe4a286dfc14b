import { EvidenceRequestPanel, type RequestPanelProps } from "../evidence-request-panel";
import { NumericCriterionView } from "./numeric-criterion";
import { CriterionInfoItem, CriterionScoreItem } from "./score-item";
import type { CitableEvidence, ScoreAnswer, ScoringSectionCriterion, ScoringSectionView } from "./types";

/**
 * One section of the checklist on the scoring page, with how much of it the viewer has scored: each criterion's
 * score form (rated; folded to one line once scored), its figures (numeric) or why it is not scored (weight 0),
 * with the evidence requests about it.
 */
export function ScoringSection({
  section: s,
  index,
  evidence,
  answer,
  saved,
  mayScore,
  partner,
  requests,
}: {
  section: ScoringSectionView;
  index: number;
  evidence: readonly CitableEvidence[];
  /** The answer a no-JavaScript post got (it names its criterion). */
  answer: ScoreAnswer | undefined;
  /** The criterion a save without JavaScript just came back for, and what was saved. */
  saved: { criterionId: string; kind: "score" | "suggestion" } | null;
  mayScore: boolean;
  partner: string;
  requests: RequestPanelProps;
}) {
  const zero = s.weight <= 0;
  const panel = (c: ScoringSectionCriterion) => (
    <EvidenceRequestPanel criterionId={c.key} criterionName={c.name} partner={partner} panel={requests} />
  );
  return (
    <section
      id={`section-${s.key}`}
      className={`card template-section scoring-section${zero ? " is-zero" : ""}`}
      aria-labelledby={`section-${s.key}-title`}
    >
      <div className="template-section-head">
        <h2 id={`section-${s.key}-title`}>
          {index + 1}. {s.name}
        </h2>
        {zero ? (
          <span className="share">Weight 0: not counted</span>
        ) : s.progress.required > 0 ? (
          <span className={`share${s.progress.scored === s.progress.required ? " is-done" : ""}`}>
            {s.progress.scored} of {s.progress.required} scored
          </span>
        ) : null}
      </div>
      {s.description ? <p className="muted section-description">{s.description}</p> : null}
      <ol className="score-criteria">
        {s.criteria.map((c) =>
          c.kind !== "rated" ? (
            c.numeric ? (
              <CriterionInfoItem
                key={c.key}
                criterion={c}
                badge={
                  c.numeric.score !== null ? (
                    <span className="badge status-current">
                      Score {c.numeric.score} of {c.numeric.max}
                    </span>
                  ) : (
                    <span className="badge status-expired">No value yet</span>
                  )
                }
              >
                <NumericCriterionView question={c.question} numeric={c.numeric} />
                {panel(c)}
              </CriterionInfoItem>
            ) : null
          ) : !c.counts ? (
            <CriterionInfoItem
              key={c.key}
              criterion={c}
              badge={<span className="badge badge-neutral">Not counted</span>}
            >
              <p className="template-question">{c.question}</p>
              <p className="muted">
                Weight 0: this criterion takes no part in the scoring and is not scored.
              </p>
              {panel(c)}
            </CriterionInfoItem>
          ) : (
            <CriterionScoreItem
              key={c.key}
              criterion={c}
              evidence={evidence}
              answer={answer?.criterionId === c.key ? answer : undefined}
              savedHere={saved?.criterionId === c.key ? saved.kind : null}
              answered={(requests.byCriterion[c.key] ?? []).some((r) => r.status === "answered")}
              disabled={!mayScore}
              requests={panel(c)}
            />
          ),
        )}
      </ol>
    </section>
  );
}
