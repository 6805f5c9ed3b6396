/**
 * A one-line description of an error's cause chain, e.g.
 * `TypeError: fetch failed ← Error: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)`, for messages,
 * `toJSON` and `inspect` of errors. Node's fetch hides the useful part (the socket error code) two
 * levels down; happy-eyeballs connection attempts put several in an AggregateError.
 */
const MAX_DEPTH = 4;

function describeOne(value: unknown): string {
  if (value instanceof Error || (value !== null && typeof value === 'object' && 'message' in value)) {
    const error = value as Error & { code?: unknown };
    const code = typeof error.code === 'string' && !error.message.includes(error.code) ? ` (${error.code})` : '';
    return `${error.name || 'Error'}: ${error.message}${code}`;
  }
  return String(value);
}

export function describeCause(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; depth < MAX_DEPTH && current !== undefined && current !== null; depth++) {
    parts.push(describeOne(current));
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      parts.push(`[${errors.slice(0, 3).map(describeOne).join('; ')}]`);
      break;
    }
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return parts.join(' ← ');
}
