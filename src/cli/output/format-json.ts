/** `--output json` (the default): the API's JSON, indented by two spaces as soracom-cli prints it. */
export function formatJson(value: unknown): string {
  return value === undefined ? '' : `${JSON.stringify(value, null, 2)}\n`;
}
