import { EvidenceRequestPanel, type RequestPanelProps } from "../evidence-request-panel";
import { NumericCriterionView } from "./numeric-criterion";
import { CriterionScoreForm } from "./score-form";
import type { CitableEvidence, ScoreAnswer, ScoringSectionView } from "./types";

/**
 * One section of the checklist on the scoring page: each criterion's score form (rated), its figures (numeric) or
 * why it is not scored (weight 0), with the evidence requests about it.
 */
export function ScoringSection({
  section: s,
  index,
  evidence,
  answer,
  mayScore,
  partner,
  requests,
}: {
  section: ScoringSectionView;
  index: number;
  evidence: readonly CitableEvidence[];
  /** The answer a no-JavaScript post got (it names its criterion). */
  answer: ScoreAnswer | undefined;
  mayScore: boolean;
  partner: string;
  requests: RequestPanelProps;
}) {
  const zero = s.weight <= 0;
  return (
    <section
      className={`card template-section${zero ? " is-zero" : ""}`}
      aria-labelledby={`section-${s.key}`}
    >
      <div className="template-section-head">
        <h2 id={`section-${s.key}`}>
          {index + 1}. {s.name}
        </h2>
        {zero ? <span className="share">Weight 0: not counted</span> : null}
      </div>
      {s.description ? <p className="muted">{s.description}</p> : null}
      <ol className="score-criteria">
        {s.criteria.map((c) => (
          <li key={c.key} className={c.counts ? undefined : "is-zero"}>
            {c.kind !== "rated" ? (
              c.numeric ? (
                <NumericCriterionView name={c.name} question={c.question} numeric={c.numeric} />
              ) : null
            ) : !c.counts ? (
              <div className="score-form">
                <h3>{c.name}</h3>
                <p className="template-question">{c.question}</p>
                <p className="muted">
                  Weight 0: this criterion takes no part in the scoring and is not scored.
                </p>
              </div>
            ) : (
              <CriterionScoreForm
                criterion={c}
                evidence={evidence}
                answer={answer?.criterionId === c.key ? answer : undefined}
                disabled={!mayScore}
              />
            )}
            <EvidenceRequestPanel
              criterionId={c.key}
              criterionName={c.name}
              partner={partner}
              panel={requests}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
