/** Replaces every known secret value in a text with `[REDACTED]`. Secrets can be added as they appear. */
export class Redactor {
  readonly #sources: Array<() => readonly string[]> = [];

  /** Registers a source of secrets; it is asked again on every call, so renewed tokens are covered. */
  addSource(source: () => readonly string[]): void {
    this.#sources.push(source);
  }

  redact = (text: string): string => {
    let out = text;
    for (const source of this.#sources) {
      for (const secret of source()) {
        // Short values would redact innocent text; credentials are far longer than 3 characters.
        if (secret && secret.length >= 4) out = out.split(secret).join('[REDACTED]');
      }
    }
    return out;
  };
}
