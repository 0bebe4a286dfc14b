// The what-if (docs/product.md "Sensitivity"): a slider per section weight; the page's totals and ranks follow at once, in
// the browser, through the engine's own `whatIf`, and nothing is saved. Without JavaScript the sliders are a form
// that reloads the page with the weights in its address, which the server applies the same way.
import { useState } from "react";
import type { SectionInput } from "~/domain/scoring";
import type { WhatIfResults } from "~/domain/scoring/sensitivity";
import { formatDecimal, formatFigure, plural } from "~/utils/format";

export interface WhatIfPanelProps {
  sections: Pick<SectionInput, "id" | "name" | "weight">[];
  weights: Record<string, number>;
  shares: Map<string, string>;
  moved: WhatIfResults | null;
  /** Sections open in the matrix, kept in the form's address. */
  open: readonly string[];
  hydrated: boolean;
  resetHref: string;
  onChange: (sectionId: string, weight: number) => void;
  onReset: () => void;
  names: ReadonlyMap<string, string>;
}

/** Nice ends for a slider: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
const NICE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/**
 * The sliders' top: twice the largest saved weight, rounded up to a nice number, and never below a weight in force
 * (one from the address). Scaled to the weights, so that a section weighing 20 of 100 sits near the middle of its
 * slider (with a fixed top of 100 every slider sat in its first quarter).
 */
export function sliderTop(saved: readonly number[], current: readonly number[] = []): number {
  const target = Math.max(0, ...saved) * 2;
  if (!(target > 0)) return Math.max(100, ...current);
  const power = 10 ** Math.floor(Math.log10(target));
  const nice = (NICE.find((n) => n * power >= target - 1e-9) ?? 10) * power;
  return Math.max(nice, ...current.map((w) => Math.ceil(w)));
}

/**
 * The slider's step: the coarsest of 1, 0.5, 0.1 and 0.01 that gives at least 40 positions and lands on every saved
 * weight (a range input rounds its value to its step, so a weight of 2.5 needs a step of 0.5 at most).
 */
export function sliderStep(top: number, saved: readonly number[]): number {
  const lands = (step: number) => saved.every((w) => Math.abs(w / step - Math.round(w / step)) < 1e-6);
  return [1, 0.5, 0.1].find((step) => top / step >= 40 && lands(step)) ?? 0.01;
}

export function WhatIfPanel(props: WhatIfPanelProps) {
  const { sections, weights, moved, hydrated } = props;
  const saved = sections.map((s) => s.weight);
  // NOTE: from the weights the page was loaded with, not the live ones: a top that followed a slider moved down from a
  // weight above it (one from the address) would shrink the scale under the pointer, the thumb stuck at its end.
  const [top] = useState(() => sliderTop(saved, Object.values(weights)));
  const step = sliderStep(top, saved);
  const leader = moved?.candidates.find((c) => c.rank === 1);
  const ranked = moved?.candidates.filter((c) => c.rank !== undefined) ?? [];
  return (
    <section className="card what-if" aria-labelledby="what-if-title">
      <h2 id="what-if-title">What if the weights were different?</h2>
      <p className="muted">
        Move a section's weight: totals and ranks change at once, here only. Nothing is saved; knockouts stay
        as they are and the minimum total applies to the new totals.
      </p>
      <form method="get" className="what-if-form">
        {props.open.map((id) => (
          <input key={id} type="hidden" name="open" value={id} />
        ))}
        <div className="sliders">
          {sections.map((s) => (
            <WeightSlider
              key={s.id}
              section={s}
              value={weights[s.id] ?? s.weight}
              top={top}
              step={step}
              share={props.shares.get(s.id)}
              onChange={props.onChange}
            />
          ))}
        </div>
        <div className="what-if-actions">
          {hydrated ? null : (
            <button type="submit" className="btn btn-primary">
              Apply these weights
            </button>
          )}
          {hydrated ? (
            <button type="button" className="btn btn-secondary" onClick={props.onReset} disabled={!moved}>
              Reset to the saved weights
            </button>
          ) : (
            <a className="btn btn-secondary" href={props.resetHref}>
              Reset to the saved weights
            </a>
          )}
        </div>
      </form>
      <div aria-live="polite" className="what-if-summary">
        {moved ? (
          <p>
            With these weights{" "}
            {leader ? (
              <>
                <strong>{props.names.get(leader.candidateId)}</strong> ranks first
              </>
            ) : (
              "no qualified candidate ranks first"
            )}
            ;{" "}
            {moved.changed.length === 0
              ? "no rank changes"
              : `${plural(moved.changed.length, "rank changes", "ranks change")}`}
            .
          </p>
        ) : (
          <p className="muted">At the saved weights.</p>
        )}
      </div>
      {moved && ranked.length > 0 ? (
        <ol className="what-if-ranking">
          {ranked.slice(0, 10).map((c) => (
            <li key={c.candidateId} className={c.rankChanged ? "rank-changed" : undefined}>
              <span className="rank">{c.rank}</span> {props.names.get(c.candidateId)}{" "}
              <span className="muted">
                {c.total === undefined ? "" : formatFigure(c.total)}
                {c.rankChanged ? ` (was ${c.previousRank ?? "not ranked"})` : ""}
                {c.disqualified ? " · disqualified" : ""}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function WeightSlider({
  section: s,
  value,
  top,
  step,
  share,
  onChange,
}: {
  section: WhatIfPanelProps["sections"][number];
  value: number;
  top: number;
  step: number;
  share: string | undefined;
  onChange: WhatIfPanelProps["onChange"];
}) {
  const id = `weight-${s.id}`;
  // Two decimals at most: a slider's step may be 0.01 (sliderStep).
  const weight = formatDecimal(value, 2);
  return (
    <div className="slider">
      <label htmlFor={id}>
        <span className="slider-name">{s.name}</span>{" "}
        <output htmlFor={id} className={value !== s.weight ? "is-moved" : undefined}>
          {share}
        </output>
      </label>
      <input
        id={id}
        type="range"
        name={`w.${s.id}`}
        min={0}
        max={top}
        step={step}
        value={value}
        aria-valuetext={`weight ${weight}, ${share} of the total`}
        onChange={(event) => onChange(s.id, Number(event.currentTarget.value))}
      />
      <span className="slider-saved">
        <span>
          weight {weight}
          {value !== s.weight ? ` (saved ${formatDecimal(s.weight, 2)})` : ""}
        </span>
        <span>of 0–{top}</span>
      </span>
    </div>
  );
}
