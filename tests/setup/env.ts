// Every test file, with or without a database: the test environment, and a temporary folder of the worker's own.
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setEnv } from "../../app/utils/config.server";
import { parseEnv } from "../../app/utils/env.server";

setEnv(parseEnv({ NODE_ENV: "test", LOG_REQUESTS: "false" }));
// Each worker process gets its own temporary folder, so that tests checking that uploads leave no temporary file
// behind do not see another file's uploads in flight.
process.env.PARTNERLENS_BASE_TMPDIR ??= os.tmpdir();
const workerTmp = path.join(process.env.PARTNERLENS_BASE_TMPDIR, `partnerlens-worker-${process.pid}`);
mkdirSync(workerTmp, { recursive: true });
process.env.TMPDIR = workerTmp;
