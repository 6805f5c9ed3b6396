/**
 * Value parsers for commander options. They throw commander's InvalidArgumentError, which commander
 * reports as "option '--x <n>' argument 'abc' is invalid. <our reason>" and exits 1 (usage error).
 */
import { InvalidArgumentError } from 'commander';

/** An integer from `min` to `max`, written in plain digits (no `1e3`, no `0x10`). */
export function integerFlag(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`It must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** For repeatable options (`--tag a=1 --tag b=2`): collects every value in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** For repeatable integer options (`--skip-status 404 --skip-status 400`). */
export function collectIntegers(min: number, max: number): (value: string, previous: number[] | undefined) => number[] {
  const parse = integerFlag(min, max);
  return (value, previous) => [...(previous ?? []), parse(value)];
}
