// `npm run dev`: rebuilds on every change (remix watch) and serves the newest build on the embedded database.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, NODE_ENV: "development" as const };

const build = spawn("npx", ["remix", "build"], { cwd: root, env, stdio: "inherit" });
build.on("exit", (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const watch = spawn("npx", ["remix", "watch"], { cwd: root, env, stdio: "inherit" });
  const server = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/server.ts"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  const stop = (signal: NodeJS.Signals) => {
    watch.kill(signal);
    server.kill(signal);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  server.on("exit", (code) => {
    watch.kill("SIGTERM");
    process.exit(code ?? 0);
  });
});
