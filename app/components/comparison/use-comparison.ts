// The comparison page's state in the browser: the weights tried and the sections open (kept in the address), the
// what-if they give, the rows whose scores by evaluator are open, and what loads after the first paint (the charts'
// code, the win probability).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type * as ChartsModule from "~/components/charts/comparison-charts";

import { type SensitivitySource, sectionShares, whatIf } from "~/domain/scoring/sensitivity";
import { unpackResults } from "~/domain/scoring/snapshot";
import { winProbability } from "~/domain/scoring/win-probability";
import { formatShare } from "~/utils/format";
import type { ComparisonEngine } from "./types";

/** How long the address waits for a slider to rest before it records the weights (history.replaceState). */
const ADDRESS_DELAY_MS = 300;

export type Charts = typeof ChartsModule;

/** `set` with `id` added, or taken out when it was in. */
function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * The weights tried and the sections open, from the address the page was loaded with, and the what-if at those
 * weights (null at the saved ones). The address says what is open and which weights are tried, so a reload or a
 * shared link shows the same. A slider sends many changes a second: the address follows once it rests (NOTE:
 * browsers throttle rapid history.replaceState calls, and some refetch the favicon on each).
 */
export function useWhatIf(
  engine: ComparisonEngine,
  applied: Record<string, number> | null,
  initiallyOpen: readonly string[],
  pathname: string,
) {
  const saved = useMemo(() => Object.fromEntries(engine.sections.map((s) => [s.id, s.weight])), [engine]);
  const [weights, setWeights] = useState<Record<string, number>>(() => ({ ...saved, ...(applied ?? {}) }));
  const [open, setOpen] = useState<Set<string>>(() => new Set(initiallyOpen));
  // The engine's results as the sensitivity functions read them, unpacked only once something needs them (the
  // what-if with moved weights, the win probability): not for a render at the saved weights.
  const unpacked = useRef<{ engine: ComparisonEngine; source: SensitivitySource } | null>(null);
  const sourceOf = useCallback(() => {
    if (unpacked.current?.engine !== engine) {
      unpacked.current = { engine, source: unpackResults(engine.packed, engine.sections) };
    }
    return unpacked.current.source;
  }, [engine]);
  const isMoved = engine.sections.some((s) => weights[s.id] !== s.weight);
  const moved = useMemo(
    () => (isMoved ? whatIf(sourceOf(), engine.sections, weights) : null),
    [isMoved, sourceOf, engine, weights],
  );
  const shares = useMemo(() => {
    const raw = sectionShares(engine.sections.map((s) => ({ id: s.id, weight: weights[s.id] ?? s.weight })));
    return new Map([...raw].map(([id, share]) => [id, formatShare(share)]));
  }, [engine, weights]);

  const writeAddress = useCallback(
    (nextOpen: Set<string>, nextWeights: Record<string, number>) => {
      const params = new URLSearchParams();
      for (const id of nextOpen) params.append("open", id);
      for (const s of engine.sections) {
        if (nextWeights[s.id] !== s.weight) params.set(`w.${s.id}`, String(nextWeights[s.id]));
      }
      const query = params.toString();
      window.history.replaceState(window.history.state, "", `${pathname}${query ? `?${query}` : ""}`);
    },
    [engine, pathname],
  );
  const addressTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(addressTimer.current), []);
  const syncAddress = (nextOpen: Set<string>, nextWeights: Record<string, number>, wait = false) => {
    window.clearTimeout(addressTimer.current);
    if (wait)
      addressTimer.current = window.setTimeout(() => writeAddress(nextOpen, nextWeights), ADDRESS_DELAY_MS);
    else writeAddress(nextOpen, nextWeights);
  };
  const toggle = (sectionId: string) => {
    const next = toggled(open, sectionId);
    setOpen(next);
    syncAddress(next, weights);
  };
  const changeWeight = (sectionId: string, weight: number) => {
    const next = { ...weights, [sectionId]: weight };
    setWeights(next);
    syncAddress(open, next, true);
  };
  const reset = () => {
    setWeights(saved);
    syncAddress(open, saved);
  };
  return { weights, open, moved, shares, sourceOf, toggle, changeWeight, reset };
}

/**
 * The criteria whose per-evaluator scores are open: fetched when a row is opened, each row by its own fetcher
 * (docs/product.md: they do not load with the page).
 */
export function useOpenRows() {
  const [openRows, setOpenRows] = useState<Set<string>>(() => new Set());
  const toggleRow = (criterionId: string) => setOpenRows((rows) => toggled(rows, criterionId));
  return [openRows, toggleRow] as const;
}

/**
 * After the first paint: the charts' code, and the win probability (2,000 seeded weightings, in the browser), unless
 * the server drew it (`served`, `?wp=1` without JavaScript). The win probability is undefined until drawn, null when
 * no qualified candidate has a total; its rows name each candidate, the likeliest first.
 */
export function useAfterPaint(
  engine: ComparisonEngine,
  sourceOf: () => SensitivitySource,
  served: { shares: [string, number][] } | null,
  names: ReadonlyMap<string, string>,
) {
  const [charts, setCharts] = useState<Charts | null>(null);
  const [win, setWin] = useState<Map<string, number> | null | undefined>(() =>
    served ? (served.shares.length > 0 ? new Map(served.shares) : null) : undefined,
  );
  useEffect(() => {
    let live = true;
    import("~/components/charts/comparison-charts").then((module) => {
      if (live) setCharts(module);
    });
    const timer = served
      ? undefined
      : window.setTimeout(() => {
          if (live) setWin(winProbability(sourceOf(), engine.sections, engine.seed) ?? null);
        }, 0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [sourceOf, engine, served]);
  const winRows = win
    ? [...win]
        .map(([id, share]) => ({ id, name: names.get(id) ?? "", share }))
        .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name))
    : [];
  return { charts, win, winRows };
}

export type WinRow = ReturnType<typeof useAfterPaint>["winRows"][number];
