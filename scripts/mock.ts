/**
 * `npm run mock [-- --spec batch|auth|actions] [--port 4010]`: a Prism mock of a corrected spec on
 * 127.0.0.1, until Ctrl-C. Prism serves the spec's paths without the `/v1` server prefix.
 */
import { parseArgs } from 'node:util';
import { fromRoot } from './lib/paths.js';
import { startPrism } from './lib/prism.js';

const { values } = parseArgs({
  options: { spec: { type: 'string', default: 'batch' }, port: { type: 'string', default: '4010' } },
});
const prism = await startPrism({
  spec: fromRoot('generated', 'openapi', `${values.spec}.yaml`),
  port: Number(values.port),
});
console.log(`Prism mock of ${values.spec} listening on ${prism.url} (Ctrl-C to stop)`);
const stop = () => void prism.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
