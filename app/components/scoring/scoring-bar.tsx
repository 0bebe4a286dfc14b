// The scoring page's status, always in sight: how many criteria are scored, the way to the next unscored one, and
// the sections with each one's progress. A sticky column beside the criteria on a wide screen; a sticky bar on a
// phone, its sections folded under "Sections".
import { type MouseEvent, useRef } from "react";
import { formatShare } from "~/utils/format";
import { Check } from "../ui/icons";

export interface ScoringBarView {
  progress: { scored: number; required: number };
  submittedAt: string | null;
  mayScore: boolean;
  nextUnscored: { key: string; name: string } | null;
  sections: { key: string; name: string; weight: number; progress: { scored: number; required: number } }[];
}

export function ScoringBar({ page }: { page: ScoringBarView }) {
  const { progress } = page;
  const percent = formatShare(progress.required > 0 ? progress.scored / progress.required : 0);
  const fold = useRef<HTMLDetailsElement>(null);
  // With JavaScript, a section chosen from the phone's folded list closes the list over the page.
  const closeFold = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest("a") && fold.current) fold.current.open = false;
  };
  return (
    <aside className="scoring-bar" aria-labelledby="progress-heading">
      <div className="scoring-bar-status">
        <h2 id="progress-heading" className="scoring-bar-count">
          {progress.scored} of {progress.required} scored
        </h2>
        {page.submittedAt ? <span className="badge status-current">Submitted {page.submittedAt}</span> : null}
        <NextLink page={page} />
      </div>
      <progress max={progress.required || 1} value={progress.scored} aria-label={`${percent} scored`} />
      <details className="section-nav-fold" ref={fold}>
        <summary>Sections</summary>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: only closes the list once a link in it is followed */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: a link followed from the keyboard sends a click too */}
        <div onClick={closeFold}>
          <SectionList sections={page.sections} />
        </div>
      </details>
      <div className="section-nav-side">
        <SectionList sections={page.sections} />
      </div>
    </aside>
  );
}

/** "Next unscored" (a plain link to the criterion: the browser scrolls and moves Tab's starting point there). */
function NextLink({ page }: { page: ScoringBarView }) {
  if (!page.mayScore) return null;
  if (page.nextUnscored) {
    return (
      <a className="next-unscored" href={`#criterion-${page.nextUnscored.key}`}>
        Next unscored<span className="next-unscored-name">: {page.nextUnscored.name}</span>
      </a>
    );
  }
  return page.submittedAt ? null : (
    <a className="next-unscored" href="#submit">
      All scored: submit
    </a>
  );
}

function SectionList({ sections }: { sections: ScoringBarView["sections"] }) {
  return (
    <nav aria-label="Sections">
      <ol className="section-nav">
        {sections.map((s, i) => {
          const done = s.progress.required > 0 && s.progress.scored === s.progress.required;
          return (
            <li key={s.key} className={done ? "is-done" : undefined}>
              <a href={`#section-${s.key}`}>
                <span className="section-nav-name">
                  {i + 1}. {s.name}
                </span>
                <span className="section-nav-count">
                  {done ? <Check aria-hidden="true" focusable="false" /> : null}
                  {s.weight <= 0 || s.progress.required === 0
                    ? "nothing to score"
                    : `${s.progress.scored} of ${s.progress.required}`}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
