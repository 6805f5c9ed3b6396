/**
 * Replaces every known secret value in a text with `[REDACTED]`. Secrets can be added as they appear
 * (a login issues a new API key and token; a refresh a new token).
 *
 * A secret can reach a text in another spelling: percent-encoded (a URL or query string an error
 * echoes), form-encoded (`+` for spaces), or JSON-escaped (a body quoted in a message). Each
 * spelling is redacted, longest first so a shorter variant never leaves part of a longer one behind.
 */
export const REDACTED = '[REDACTED]';

/** Short values would redact innocent text; credentials are far longer than 3 characters. */
const MIN_SECRET_LENGTH = 4;

function spellings(secret: string): string[] {
  const variants = new Set<string>([secret]);
  try {
    const percent = encodeURIComponent(secret);
    variants.add(percent);
    variants.add(percent.replace(/%20/g, '+'));
    // Some encoders leave these unescaped; others escape them too.
    variants.add(percent.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    variants.add(percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  } catch {
    // A lone surrogate cannot be percent-encoded; the raw spelling is still redacted.
  }
  variants.add(JSON.stringify(secret).slice(1, -1));
  return [...variants].filter((v) => v.length >= MIN_SECRET_LENGTH);
}

export class Redactor {
  readonly #sources: Array<() => readonly string[]> = [];

  /** Registers a source of secrets; it is asked again on every call, so renewed tokens are covered. */
  addSource(source: () => readonly string[]): void {
    this.#sources.push(source);
  }

  redact = (text: string): string => {
    const all = new Set<string>();
    for (const source of this.#sources) {
      for (const secret of source()) {
        if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH)
          for (const v of spellings(secret)) all.add(v);
      }
    }
    let out = text;
    for (const variant of [...all].sort((a, b) => b.length - a.length)) {
      if (out.includes(variant)) out = out.split(variant).join(REDACTED);
    }
    return out;
  };
}
