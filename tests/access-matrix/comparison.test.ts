// The access matrix, comparison, decision, record and exports (see ./runner.ts): every cell of these routes as every
// kind of person.
import { COMPARISON } from "./matrix/comparison";
import { describeMatrix } from "./runner";

describeMatrix(COMPARISON);
