/** The `--output` formats. JSON is the default, as in soracom-cli, so scripts can pipe into jq. */
export const OUTPUT_FORMATS = ['json', 'jsonl', 'csv', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
