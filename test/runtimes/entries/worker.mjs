// Cloudflare workerd: bundled with esbuild into one module. The harness calls
// GET /?baseUrl=<emulator> and gets the scenario's result as JSON.
import * as sdk from 'soracom-batch';
import { runScenario } from './scenario.mjs';

export default {
  async fetch(request) {
    const baseUrl = new URL(request.url).searchParams.get('baseUrl');
    if (!baseUrl) return new Response('baseUrl is missing', { status: 400 });
    return Response.json(await runScenario(sdk, { baseUrl, runtime: 'workerd' }));
  },
};
