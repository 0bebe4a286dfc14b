// Named limits of the profile forms, shared by the server's schemas (app/models/profile/) and the
// browser's HTML constraints. NOTE: a route component must import them from here, never from a *.server.ts module
// (the browser bundle gets nothing from those).
export const MAX_DESCRIPTION_LENGTH = 600;
export const MAX_WEBSITE_LENGTH = 200;
export const MAX_TRACK_LENGTH = 120;
export const MAX_SPECIALIZATION_LENGTH = 80;
export const MAX_CUSTOMER_LENGTH = 120;
export const MAX_INDUSTRY_LENGTH = 80;
export const MAX_REFERENCE_SUMMARY_LENGTH = 2000;
export const MAX_METRIC_LENGTH = 120;
export const MAX_UNIT_LENGTH = 40;
export const MAX_DOCUMENT_TITLE_LENGTH = 160;
export const MAX_DOCUMENT_SUMMARY_LENGTH = 1000;
export const MAX_STAFF = 1_000_000;
export const MAX_DEPLOYMENTS = 1_000_000;
export const P1_RESPONSE_MINUTES = { min: 1, max: 10_080 } as const; // up to a week
export const P1_RESOLUTION_HOURS = { min: 1, max: 2_160 } as const; // up to 90 days
export const WARRANTY_DAYS = { min: 0, max: 3_650 } as const; // up to 10 years
/** Outcome rows a reference form shows: enough for the usual handful, and it works without JavaScript. */
export const OUTCOME_ROWS = 5;
