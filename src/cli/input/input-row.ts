/**
 * One row of input, whatever the format: where it is (for messages) and the values it gives, under
 * the CLI's field names. Values stay `unknown` until the action's task is built, so that a JSON
 * number where a string belongs is reported as such.
 */
export type FieldName = 'simId' | 'groupId' | 'vpgId' | 'imsi' | 'ipAddress' | 'tags';

export type RowFields = Partial<Record<FieldName, unknown>> & {
  /** `tag:<name>` columns (or keys), in order. */
  tagCells?: Array<[name: string, value: unknown]>;
};

export type InputRow = {
  /** `line 7` (CSV, ID list, JSONL) or `item 3` (JSON array), 1-based. */
  where: string;
  /** Line or item number, to sort problems by position. */
  position: number;
  fields: RowFields;
};

/** A row that cannot run, or a duplicate, with the reason. */
export type RowProblem = { where: string; position: number; message: string };

export type InputFormat = 'csv' | 'ids' | 'json' | 'jsonl';

export type ParsedInput = {
  format: InputFormat;
  rows: InputRow[];
  /** Rows that could not even be read (bad JSON line, too many CSV cells). */
  problems: RowProblem[];
  /** The fields the input provides anywhere (columns of a CSV, keys seen in JSON). */
  fields: Set<FieldName | 'tag'>;
  /** Columns or keys that mean nothing to the CLI (reported as a warning). */
  unknownColumns: string[];
};
