// A figure's derivation in a dialog, from the candidate's derivation data (`compare/:candidateId`, fetched once per
// candidate), with a link to the page of all the candidate's figures.
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { type DerivationView, type Figure, figureTitle } from "./derivation-view";
import { Derivation } from "./derivations";

type Shown = { candidateId: string; figure: Figure };

export function useDerivationDialog(evaluationId: string) {
  const fetcher = useFetcher<DerivationView & { evaluation: { id: string } }>();
  const [derivations, setDerivations] = useState<Map<string, DerivationView>>(() => new Map());
  const [shown, setShown] = useState<Shown | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const openFigure = (candidateId: string, figure: Figure) => {
    setShown({ candidateId, figure });
    if (!derivations.has(candidateId)) {
      fetcher.load(`/evaluations/${evaluationId}/compare/${candidateId}`);
    }
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  };
  useEffect(() => {
    const loaded = fetcher.data;
    if (fetcher.state === "idle" && loaded?.candidate) {
      setDerivations((all) =>
        all.has(loaded.candidate.id) ? all : new Map(all).set(loaded.candidate.id, loaded),
      );
    }
  }, [fetcher.state, fetcher.data]);
  return {
    openFigure,
    dialog: {
      dialog,
      evaluationId,
      shown,
      derivation: shown ? derivations.get(shown.candidateId) : undefined,
      loading: fetcher.state === "loading",
      onClose: () => setShown(null),
    },
  };
}

export function DerivationDialog(props: ReturnType<typeof useDerivationDialog>["dialog"]) {
  const { dialog, shown, derivation } = props;
  return (
    <dialog
      ref={dialog}
      className="derivation-dialog"
      aria-labelledby="derivation-title"
      onClose={props.onClose}
    >
      <div className="dialog-head">
        <h2 id="derivation-title">
          {shown && derivation ? figureTitle(shown.figure, derivation) : "How it was made"}
        </h2>
        <button type="button" className="btn btn-secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {shown ? (
        derivation ? (
          <>
            <Derivation d={derivation} figure={shown.figure} />
            <p>
              <Link to={`/evaluations/${props.evaluationId}/compare/${shown.candidateId}`}>
                Every figure of {derivation.candidate.name}
              </Link>
            </p>
          </>
        ) : props.loading ? (
          <p>Loading…</p>
        ) : (
          <p>The derivation could not be loaded. Try again.</p>
        )
      ) : null}
    </dialog>
  );
}
