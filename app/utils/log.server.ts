// NOTE: drizzle writes a failed query's parameters into its error's message ("params: …") and the drivers keep them
// on their errors: a session's hash, a password reset token's hash, what a person typed. Logs carry none of it.

const MAX_FRAMES = 12;

function withoutParameters(text: string): string {
  const at = text.search(/\n\s*params:/);
  return at < 0 ? text : `${text.slice(0, at)}\n  params: [not logged]`;
}

/**
 * PostgreSQL quotes the offending value in the messages of data exceptions (class 22: `invalid input syntax for type
 * integer: "…"`) and integrity violations (class 23): quoted text is cut from those. Other classes quote names
 * (tables, columns), which a reader needs.
 */
function withoutValues(message: string, code: unknown): string {
  return typeof code === "string" && /^2[23]/.test(code) ? message.replace(/"[^"]*"/g, '"…"') : message;
}

function frames(stack: string | undefined): string[] {
  return (stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES);
}

/**
 * An error as log lines: each error of its cause chain by name, message (SQL parameters cut out), code and
 * constraint, with the first stack frames; never the values a query carried.
 */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 6 && e !== undefined && e !== null; depth++) {
    if (!(e instanceof Error)) {
      lines.push(`${depth ? "caused by: " : ""}${typeof e === "object" ? "[non-error object]" : String(e)}`);
      break;
    }
    const { code, constraint_name: constraint } = e as { code?: unknown; constraint_name?: unknown };
    const facts = [
      typeof code === "string" ? `code ${code}` : "",
      typeof constraint === "string" ? `constraint ${constraint}` : "",
    ].filter(Boolean);
    const head = `${depth ? "caused by: " : ""}${e.name}: ${withoutValues(withoutParameters(e.message), code)}`;
    lines.push(facts.length ? `${head} (${facts.join(", ")})` : head, ...frames(e.stack));
    e = (e as { cause?: unknown }).cause;
  }
  return lines.join("\n");
}
