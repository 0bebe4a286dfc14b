// A setup file of the journeys (vitest.config.ts): notes that the test file ran, so that route-coverage.check.ts
// knows a run that left journeys out (a filter, a single file) and does not judge the coverage of a partial run.
import { beforeAll, expect, inject } from "vitest";
import { noteFileRan } from "./route-coverage";

beforeAll(() => {
  const file = expect.getState().testPath;
  if (!file)
    throw new Error("The test file's path is unknown: route-coverage.check.ts would skip its check.");
  noteFileRan(inject("e2eRunDir"), file);
});
