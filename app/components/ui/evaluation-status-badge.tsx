import { type EvaluationStatus, STATUS_LABELS } from "../../domain/evaluation";
import type { BadgeTone } from "./badge";

/** Each evaluation status's tone: in progress (info), waiting on the admin (warning), done (success), idle. */
const STATUS_TONES: Record<EvaluationStatus, BadgeTone> = {
  draft: "neutral",
  scoring: "info",
  review: "warning",
  decided: "success",
  cancelled: "neutral",
};

/**
 * An evaluation's status as a badge, the same on every page. `evaluation-status-<status>` names the status for
 * tests and print styles; the tone comes from the badge's tones (app/styles/parts/badges.css).
 */
export function EvaluationStatusBadge({ status }: { status: EvaluationStatus }) {
  return (
    <span className={`badge badge-${STATUS_TONES[status]} evaluation-status-${status}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}
