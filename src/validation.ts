// Edge validation helpers: turn zod issues into one-line messages that name the path and the problem,
// and the typed error the CLI prints without a stack trace.
import type { z } from "zod";

/** An input problem the user can fix; the CLI prints `message` alone and exits non-zero. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** `a.b[2].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** First issue of a zod error as `where: path: message` (plus a count of the others). */
export function describeZodError(where: string, error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (first === undefined) return `${where}: invalid`;
  const path = formatPath(first.path);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : "";
  return `${where}: ${path === "" ? "" : `${path}: `}${first.message}${more}`;
}

/** Parse with a schema or throw an InputError naming `where`. */
export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) throw new InputError(describeZodError(where, result.error));
  return result.data;
}
