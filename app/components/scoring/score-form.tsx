import type { useFetcher } from "@remix-run/react";
import { type KeyboardEvent, type MouseEvent, useEffect, useId, useState } from "react";
import { useHydrated } from "~/utils/hydrated";
import { FormAlert } from "../forms";
import {
  CiteList,
  ConsensusAndOthers,
  CriterionRubric,
  JustificationField,
  KEY_SCALE_LIMIT,
  ScoreActions,
  ScoreConflictAlert,
  ScoreScale,
  SuggestionBox,
} from "./score-form-parts";
import type { CitableEvidence, ScoreAnswer, ScoringCriterionView } from "./types";

/**
 * One criterion's score form. It is a form of its own: without JavaScript it posts and the page comes back; with
 * it, a fetcher (the criterion item's, which folds the item once saved) saves it so the other criteria keep what is
 * typed in them.
 */
export function CriterionScoreForm({
  criterion: c,
  evidence,
  answer,
  disabled,
  fetcher,
  nameId,
}: {
  criterion: ScoringCriterionView;
  evidence: readonly CitableEvidence[];
  /** The answer a no-JavaScript post got for this criterion. */
  answer?: ScoreAnswer;
  disabled: boolean;
  fetcher: ReturnType<typeof useFetcher<ScoreAnswer>>;
  /** The id of the criterion's name (the item's summary), which names the form. */
  nameId: string;
}) {
  const result: ScoreAnswer | undefined = fetcher.data ?? answer;
  const id = useId();
  const hydrated = useHydrated();
  const typed = useTypedScore(c, result, fetcher.state === "idle" ? fetcher.data : undefined);
  const errors = result?.ok ? {} : (result?.errors ?? {});
  const conflict = result?.conflict;
  const version = conflict ? conflict.version : (c.own?.version ?? null);
  const pending = fetcher.state !== "idle";
  const pendingIntent = pending ? fetcher.formData?.get("intent") : null;
  const keys = c.max <= KEY_SCALE_LIMIT;

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (!keys || disabled || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    if (
      target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" &&
        (target as HTMLInputElement).type !== "radio" &&
        (target as HTMLInputElement).type !== "checkbox")
    )
      return;
    if (!/^[0-9]$/.test(e.key) || Number(e.key) > c.max) return;
    e.preventDefault();
    typed.choose(e.key);
    const radio = e.currentTarget.querySelector<HTMLInputElement>(`input[name="value"][value="${e.key}"]`);
    radio?.focus();
  }

  return (
    <fetcher.Form
      method="post"
      className="score-form"
      onKeyDown={onKeyDown}
      aria-labelledby={nameId}
      id={`score-form-${c.key}`}
    >
      {/* The form's default button: Enter (on a radio, say) saves; it never takes the suggestion. The intent
          travels on the buttons only, so the one pressed is the one the server reads. */}
      {disabled ? null : (
        <button type="submit" name="intent" value="score" hidden>
          Save score
        </button>
      )}
      <input type="hidden" name="criterionId" value={c.key} />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      <input type="hidden" name="acceptedSuggestion" value={typed.accepted} />
      {hydrated ? <input type="hidden" name="_js" value="1" /> : null}

      <CriterionRubric c={c} />
      {c.suggestion ? (
        <SuggestionBox
          c={c}
          suggestion={c.suggestion}
          disabled={disabled}
          pending={pending}
          pendingIntent={pendingIntent}
          onFill={typed.takeSuggestion}
          filled={hydrated && typed.accepted !== "" && (c.own?.acceptedSuggestion ?? null) === null}
        />
      ) : null}

      {disabled ? null : (
        <>
          <ScoreScale
            id={id}
            c={c}
            keys={keys}
            value={typed.value}
            onChoose={typed.choose}
            error={errors.value}
          />
          <JustificationField
            id={id}
            value={typed.justification}
            onChange={typed.setJustification}
            error={errors.justification}
          />
          <CiteList
            id={id}
            evidence={evidence}
            cited={new Set(result?.cited ?? c.own?.citedVersionIds ?? [])}
            error={errors.cited}
          />
          {conflict !== undefined ? <ScoreConflictAlert conflict={conflict} max={c.max} /> : null}
          {/* A form-level message, when neither a field nor the conflict above says it. */}
          <FormAlert
            message={
              conflict === undefined && Object.keys(errors).length === 0 ? result?.formError : undefined
            }
          />
          <ScoreActions own={c.own} pendingIntent={pendingIntent} pending={pending} conflict={!!conflict} />
        </>
      )}

      <ConsensusAndOthers c={c} />
    </fetcher.Form>
  );
}

/**
 * What the evaluator has typed: the value, the justification and the suggestion it took ("" when none). After a
 * save the form shows what was stored: after "Accept suggestion", the suggestion and its reason.
 */
function useTypedScore(
  c: ScoringCriterionView,
  result: ScoreAnswer | undefined,
  saved: ScoreAnswer | undefined,
) {
  const [value, setValue] = useState<string>(result?.values?.value ?? (c.own ? String(c.own.value) : ""));
  const [justification, setJustification] = useState<string>(
    result?.values?.justification ?? c.own?.justification ?? "",
  );
  const [accepted, setAccepted] = useState<string>(
    result?.values?.acceptedSuggestion ??
      (c.own?.acceptedSuggestion !== null && c.own?.acceptedSuggestion !== undefined
        ? String(c.own.acceptedSuggestion)
        : ""),
  );
  useEffect(() => {
    if (!saved?.ok || !saved.values) return;
    setValue(saved.values.value ?? "");
    setJustification(saved.values.justification ?? "");
    if (saved.accepted) setAccepted(saved.values.value ?? "");
  }, [saved]);
  const suggestion = c.suggestion;

  function choose(next: string) {
    setValue(next);
    if (suggestion?.kind !== "suggestion" || next !== String(suggestion.score)) setAccepted("");
  }

  const takeSuggestion = (e: MouseEvent<HTMLButtonElement>) => {
    if (suggestion?.kind !== "suggestion") return;
    e.preventDefault();
    choose(String(suggestion.score));
    setAccepted(String(suggestion.score));
    if (justification.trim() === "") setJustification(suggestion.reason);
  };

  return { value, justification, setJustification, accepted, choose, takeSuggestion };
}
