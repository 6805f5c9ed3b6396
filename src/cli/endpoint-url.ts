/**
 * `--endpoint` (and `SORACOM_ENDPOINT` when credentials come from flags): an origin such as
 * `https://api.soracom.io`, to which `/v1` is appended as soracom-cli does (the same rule as the
 * Node entry's profiles and environment, src/node/client-options.ts).
 */
import { apiRootOf, describeApiRootProblem } from '../node/client-options.js';
import { UsageError } from './cli-errors.js';

export function endpointToBaseUrl(value: string, name: string): string {
  const result = apiRootOf(value);
  if ('root' in result) return result.root;
  throw new UsageError(
    result.problem === 'not-absolute'
      ? `${describeApiRootProblem(name, result)} or http://127.0.0.1:8080`
      : describeApiRootProblem(name, result),
  );
}
