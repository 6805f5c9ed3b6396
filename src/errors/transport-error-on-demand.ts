/**
 * `createTransportError`, loaded when the first transport error is built: a call that gets an answer
 * never needs the timeout, connection and abort messages, so they stay out of the core bundle until
 * then (size budget). Every caller is already async, on its way to throwing.
 */
import type { TransportErrorInput } from './create-transport-error.js';

export async function transportError(input: TransportErrorInput): Promise<unknown> {
  const { createTransportError } = await import('./create-transport-error.js');
  return createTransportError(input);
}
