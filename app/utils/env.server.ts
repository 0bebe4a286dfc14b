import { z } from "zod";

const boolean = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const schema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  SEED_DEMO: boolean.optional(),
  /** Trust X-Forwarded-For from this many proxies (for the per-address sign-in throttle behind a load balancer). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** How long a shutdown may wait for requests in flight before it closes the database anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),
  LOG_REQUESTS: boolean.default(true),
  /** The portal's public address (mail links are built from it); when set, non-GET requests must name its host. */
  APP_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .transform((u) => new URL(u).origin)
    .optional(),
  /** More host names (host or host:port, comma-separated) that non-GET requests may name besides APP_URL's. */
  ALLOWED_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.[\]:-]+$/, "must be host names, comma-separated")).min(1))
    .optional(),
  /** Evidence storage per partner organisation, every stored version counted. */
  EVIDENCE_QUOTA_MB: z.coerce.number().int().min(1).max(1_000_000).default(2048),
  /** Evidence files one person may send in 10 minutes. */
  UPLOAD_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
  /** A request body (an upload above all) that sends nothing for this long is cut with 408. */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** PostgreSQL: a statement running longer fails (migrations exempt). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** Mail goes out through this SMTP server (smtp:// or smtps://, credentials in the URL); unset: kept, not sent. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** The sender of every message. */
  MAIL_FROM: z.string().min(3).default("PartnerLens <no-reply@partnerlens.localhost>"),
  /** Run the job queue inside this process (turn off when `npm run worker` runs it). */
  RUN_JOBS: boolean.default(true),
  /** How often an idle job runner looks for due jobs. */
  JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** A failed job's first retry waits this long; each further one twice as long. */
  JOB_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
});

/** Rules across variables, each told at the variable to change. */
function crossCheck(env: z.infer<typeof schema>): { name: string; message: string }[] {
  const problems: { name: string; message: string }[] = [];
  if (env.SMTP_URL && !env.APP_URL) {
    problems.push({
      name: "APP_URL",
      message: "must be set when SMTP_URL is (links in mail are built from it)",
    });
  }
  return problems;
}

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

/**
 * Validates the environment once at boot. Empty strings count as unset, so `PORT= npm start` uses the default.
 * Throws an EnvError whose message names every bad variable.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, source[k] === "" ? undefined : source[k]]),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name}=${JSON.stringify(source[name] ?? "")}: ${issue.message}`;
    });
    throw new EnvError(`Invalid environment, not starting:\n${lines.join("\n")}`);
  }
  const problems = crossCheck(result.data);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.name}=${JSON.stringify(source[p.name] ?? "")}: ${p.message}`);
    throw new EnvError(`Invalid environment, not starting:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** The portal's public origin, for links in mail: APP_URL, or this machine's own address. */
export function publicOrigin(env: Env): string {
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}

/** Whether demo data goes in: always into the embedded database, into PostgreSQL only when asked for. */
export function shouldSeedDemo(env: Env): boolean {
  return env.DATABASE_URL ? env.SEED_DEMO === true : env.SEED_DEMO !== false;
}
