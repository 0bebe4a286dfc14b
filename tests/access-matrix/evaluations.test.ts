// The access matrix, evaluations, scoring, review and checklist templates (see ./runner.ts): every cell of these
// routes as every kind of person.
import { EVALUATIONS } from "./matrix/evaluations";
import { SCORING } from "./matrix/scoring";
import { TEMPLATES } from "./matrix/templates";
import { describeMatrix, mergeSlices } from "./runner";

describeMatrix(mergeSlices(EVALUATIONS, SCORING, TEMPLATES));
