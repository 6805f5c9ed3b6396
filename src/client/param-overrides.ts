/**
 * Parameter types that are stricter than what openapi-typescript derives from the spec, keyed by
 * operationId (e.g. a createBatchJob body whose tasks all call the same action). An operation not
 * listed here takes the generated types as they are.
 */
export type ParamOverrides = {};
