// Reading the JSON answers of Cognito and of the ingest API, which may also answer with
// something else (an HTML error page from a proxy, an empty body): never throws on the body.

/** A JSON object, or undefined when the body is not one. */
export type JsonObject = Record<string, unknown>;

/** The body parsed as a JSON object, or undefined. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as JsonObject : undefined;
  } catch {
    return undefined;
  }
}

/** A string property of a JSON object, or undefined when it is missing, empty or not a string. */
export function stringField(body: JsonObject | undefined, name: string): string | undefined {
  const value = body?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Why a fetch got no answer. Node's fetch throws `TypeError: fetch failed` and keeps the reason
 * (ECONNREFUSED, ENOTFOUND, a TLS error...) in `cause`. Read by shape, not instanceof: the error
 * may come from another realm (a test runner's sandbox).
 */
export function describeFetchError(error: unknown): string {
  const message = messageOf(error);
  const cause = messageOf((error as { cause?: unknown } | undefined)?.cause);
  return cause ? `${message}: ${cause}` : message ?? String(error);
}

function messageOf(value: unknown): string | undefined {
  const message = value !== null && typeof value === 'object' ? (value as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}

/** The first characters of a body that is not the expected JSON, to show in a message. */
export function excerpt(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}...` : flat;
}
