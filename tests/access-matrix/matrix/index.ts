// The whole access matrix: every slice merged (a route in two slices is refused). Each slice runs in exactly one
// test file of tests/access-matrix/; add a new route to the slice of its area.
import { mergeSlices } from "../runner";
import { ACCOUNT } from "./account";
import { COMPARISON } from "./comparison";
import { EVALUATIONS } from "./evaluations";
import { EVIDENCE } from "./evidence";
import { PARTNERS } from "./partners";
import { SCORING } from "./scoring";
import { TEMPLATES } from "./templates";

export const MATRIX = mergeSlices(ACCOUNT, PARTNERS, EVIDENCE, EVALUATIONS, SCORING, TEMPLATES, COMPARISON);
