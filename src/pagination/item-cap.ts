/** Whether `value` is a valid `maxItems`: a positive integer, the total number of items a walk reads. */
export function isItemCap(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}
