// The access matrix, its completeness: the slices that the other files of this folder run, merged, hold one entry per
// route of the Remix manifest, with a loader case where the route has a loader and an action case where it has an
// action. A route missing from every slice fails here; a route in two slices fails as the matrix is merged.
import { MATRIX } from "./matrix";
import { describeManifestCoverage } from "./runner";

describeManifestCoverage(MATRIX);
