// The access matrix, partner profiles, the directory, evidence and requests (see ./runner.ts): every cell of these
// routes as every kind of person.
import { EVIDENCE } from "./matrix/evidence";
import { PARTNERS } from "./matrix/partners";
import { describeMatrix, mergeSlices } from "./runner";

describeMatrix(mergeSlices(PARTNERS, EVIDENCE));
