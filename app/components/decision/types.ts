// What a decided evaluation's page shows of its decision (the model's decision view has this shape), and the answer
// its forms (a delivery review, a debrief) come back with.

/** A delivery review's ratings, outcome and note. */
export interface ReviewFigures {
  quality: number;
  schedule: number;
  cost: number;
  wouldEngageAgain: boolean;
  outcome: string;
  note: string;
}

export interface DecisionPanelData {
  chosen: { candidateId: string; name: string; overrideReason: string | null }[];
  rationale: string;
  warnings: string[];
  by: string;
  at: string;
  isAdmin: boolean;
  reviews: (ReviewFigures & { id: string; milestone: string; partner: string; at: string })[];
  debriefs: { candidateId: string; name: string; publishedAt: string | null }[];
  /** The delivery review form's idempotency key; null for those who may not add one. */
  reviewKey: string | null;
  debriefKeys: Record<string, string>;
  limits: { milestone: number; text: number; debrief: number };
}

/** The page's action answer, as these forms read it. */
export interface DecisionAnswer {
  ok: boolean;
  message?: string;
  formError?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
}
