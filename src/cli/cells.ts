/**
 * Spreadsheet-safe cells, both ways: the failed output writes a cell a spreadsheet would run as a
 * formula with a leading `'` (OWASP's advice on CSV injection,
 * https://owasp.org/www-community/attacks/CSV_Injection), and a CSV input reads it back without it, so
 * a failed-output file runs again with its original values.
 */

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet would run as a formula, neutralised with a leading `'` (how failed-output writes it). */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell as it was before `safeCell`: a CSV input reads `'=x` as `=x`. */
export function unsafeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
