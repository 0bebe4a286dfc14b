// Named limits of evidence and evidence requests, shared by the server's schemas and the browser's HTML constraints
// (a component never imports a *.server.ts module: the browser bundle gets nothing from those).

export const MAX_EVIDENCE_TITLE_LENGTH = 160;
export const MAX_LINK_LENGTH = 2000;
/** A buyer's note on its verdict (the partner reads rejection notes). */
export const MAX_VERIFICATION_NOTE_LENGTH = 1000;
/** What a buyer's evidence request may say. */
export const REQUEST_MESSAGE_LIMIT = 2000;
/** The note of a partner's answer. */
export const ANSWER_NOTE_LIMIT = 2000;
/** Pieces of evidence one answer may attach. */
export const ANSWER_EVIDENCE_LIMIT = 20;
