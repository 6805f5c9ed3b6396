/**
 * 8. The same GET through other TypeScript HTTP clients and SDKs, side by side with the SDK in one
 * process, interleaved: ky, @octokit/core, and a Stainless-generated SDK (the `openai` package's client
 * doing a GET against the loopback server). Installed as devDependencies for the bench only.
 */
import { Octokit } from '@octokit/core';
import ky from 'ky';
import OpenAI from 'openai';
import { captureSdkHeaders, createBenchClient } from '../lib/bench-client.js';
import { ratio, us } from '../lib/format.js';
import { interleavedSides } from '../lib/interleave.js';
import { openapiFetchGetBatchGroup } from '../lib/openapi-fetch-baseline.js';
import { rawGetBatchGroup } from '../lib/raw-requests.js';
import { type CaseReport, table } from '../lib/report.js';
import { max, median, min } from '../lib/stats.js';
import { BENCH_CREDENTIALS, GROUP_ID } from '../servers/loopback-api.js';

const OPTIONS = { warmup: 500, rounds: 20, perRound: 200 };

export const peersMethod = `Every client sends the same request, \`GET /v1/batch_groups/{id}\` with the SDK's headers (credentials
and \`User-Agent\`, captured from a probe, as in the per-call benchmark), to the same loopback server in its own process,
and parses the JSON answer. Each is set up as its documentation shows, with its defaults: the SDK (4 retries, a 60 s
time limit per attempt: an AbortController and a timer per call); \`ky\` 1.14 (\`ky.create({ prefixUrl, headers })\`,
\`.get(path).json()\`; 2 retries for a GET, a 10 s timeout: a timer and an AbortController per call); \`@octokit/core\` 7
(\`new Octokit({ baseUrl }).request('GET /batch_groups/{batch_group_id}', ...)\`: no timeout by default);
\`openai\` 6.49, a Stainless-generated SDK (\`new OpenAI({ baseURL, apiKey, defaultHeaders }).get(path)\`; 2 retries, a
10 min timeout per request); openapi-fetch with the SDK's light request object and a per-call timer (the SDK's floor:
the per-call benchmark); raw \`fetch\` + \`response.json()\`. After ${OPTIONS.warmup} warm-up calls of each, ${OPTIONS.rounds} rounds of ${OPTIONS.perRound} calls
of each side run in rotated order (A B C ..., B C ... A, ...), so a slow moment of the machine falls on all of them;
every call is timed on its own and the medians compared. The per-round medians show the spread within the run. The
figures are for one very fast server on loopback, where a client's own work is visible: against the real API a round
trip takes tens of milliseconds and every client here adds well under 1% to it.`;

export async function runPeers(baseUrl: string): Promise<CaseReport> {
  const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
  const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
  const floor = openapiFetchGetBatchGroup(baseUrl, headers, { light: true, timeoutMs: 60_000 });
  const kyClient = ky.create({ prefixUrl: baseUrl, headers });
  const octokit = new Octokit({ baseUrl });
  const openai = new OpenAI({ baseURL: baseUrl, apiKey: 'bench', defaultHeaders: headers });
  const path = `batch_groups/${GROUP_ID}`;
  const sides: [string, () => Promise<unknown>][] = [
    ['soracom-batch `getBatchGroup`', () => batch.getBatchGroup({ batch_group_id: GROUP_ID })],
    ['openapi-fetch, light request + timer (the floor)', () => floor(GROUP_ID)],
    ['ky', () => kyClient.get(path).json()],
    [
      '@octokit/core',
      async () =>
        (await octokit.request('GET /batch_groups/{batch_group_id}', { batch_group_id: GROUP_ID, headers })).data,
    ],
    ['openai (Stainless)', () => openai.get(`/${path}`)],
    ['raw `fetch`', () => rawGetBatchGroup(baseUrl, GROUP_ID, headers)],
  ];
  const times = await interleavedSides(
    sides.map(([, call]) => call),
    OPTIONS,
  );
  const medians = times.map(median);
  const sdk = medians[0] as number;
  const raw = medians.at(-1) as number;
  const roundMedians = times.map((all) =>
    Array.from({ length: OPTIONS.rounds }, (_, r) =>
      median(all.slice(r * OPTIONS.perRound, (r + 1) * OPTIONS.perRound)),
    ),
  );
  const rows = sides.map(([name], i) => {
    const m = medians[i] as number;
    const rounds = roundMedians[i] as number[];
    return [name, us(m), ratio(m / raw), ratio(m / sdk), `${us(min(rounds))} – ${us(max(rounds))}`];
  });
  const byName = (name: string) => medians[sides.findIndex(([n]) => n === name)] as number;
  return {
    title: 'Peers: the same GET through other clients',
    method: peersMethod,
    rows: [
      {
        benchmark: 'Same GET, median per call: SDK vs ky, @octokit/core, openai (Stainless)',
        measured:
          `SDK ${us(sdk)} (${ratio(sdk / raw)} raw \`fetch\`); ky ${ratio(byName('ky') / raw)}, @octokit/core ${ratio(byName('@octokit/core') / raw)}, ` +
          `openai ${ratio(byName('openai (Stainless)') / raw)}, floor ${ratio(byName('openapi-fetch, light request + timer (the floor)') / raw)}`,
        goal: 'report (no goal set)',
        verdict: 'info',
      },
    ],
    details: table(['client', 'median per call', '÷ raw `fetch`', '÷ SDK', 'per-round medians (min – max)'], rows),
  };
}
