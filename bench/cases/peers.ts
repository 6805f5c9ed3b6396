/**
 * 8. The same two calls (getBatchGroup, and a first page of listBatchGroups) through other TypeScript
 * HTTP clients and SDKs, side by side with the SDK in one process, interleaved: ky, @octokit/core, and
 * a Stainless-generated SDK (the `openai` package's client doing the requests against the loopback
 * server). Installed as devDependencies for the bench only.
 */
import { Octokit } from '@octokit/core';
import ky from 'ky';
import OpenAI from 'openai';
import { captureSdkHeaders, createBenchClient } from '../lib/bench-client.js';
import { ratio, us } from '../lib/format.js';
import { interleavedSides } from '../lib/interleave.js';
import { openapiFetchGetBatchGroup, openapiFetchListBatchGroups } from '../lib/openapi-fetch-baseline.js';
import { rawGetBatchGroup, rawListBatchGroups } from '../lib/raw-requests.js';
import { type CaseReport, type SummaryRow, table } from '../lib/report.js';
import { max, median, min } from '../lib/stats.js';
import { BENCH_CREDENTIALS, GROUP_ID } from '../servers/loopback-api.js';

const OPTIONS = { warmup: 500, rounds: 20, perRound: 200 };
/** Groups per listBatchGroups page: the spec's example `limit`. */
const LIST_LIMIT = 10;
const NEXT_KEY = 'x-soracom-next-key';

export const peersMethod = `Every client sends the same requests with the SDK's headers (credentials and \`User-Agent\`, captured
from a probe, as in the per-call benchmark) to the same loopback server in its own process, and parses the JSON
answer: \`GET /v1/batch_groups/{id}\` (getBatchGroup, one group), and \`GET /v1/batch_groups?limit=${LIST_LIMIT}\` (listBatchGroups,
a first page of ${LIST_LIMIT} groups answered with an \`x-soracom-next-key\` header, which every side reads, as a caller that pages
must). Each client is set up as its documentation shows, with its defaults: the SDK (4 retries, a 60 s time limit per
attempt: an AbortController and a timer per call; \`await batch.listBatchGroups({ limit })\` is the first page);
\`ky\` 1.14 (\`ky.create({ prefixUrl, headers })\`, \`.get(path).json()\`, \`searchParams\` for the list; 2 retries for a GET,
a 10 s timeout: a timer and an AbortController per call); \`@octokit/core\` 7 (\`new Octokit({ baseUrl }).request('GET
/batch_groups/{batch_group_id}', ...)\`, the list's \`limit\` as a parameter it puts in the query: no timeout by default);
\`openai\` 6.49, a Stainless-generated SDK (\`new OpenAI({ baseURL, apiKey, defaultHeaders }).get(path, { query })\`,
\`.withResponse()\` for the list's header; 2 retries, a 10 min timeout per request); openapi-fetch with the SDK's light
request object and a per-call timer (the SDK's floor: the per-call benchmark); raw \`fetch\` + \`response.json()\`. For each
call, after ${OPTIONS.warmup} warm-up calls of each side, ${OPTIONS.rounds} rounds of ${OPTIONS.perRound} calls of each side run in rotated order
(A B C ..., B C ... A, ...), so a slow moment of the machine falls on all of them; every call is timed on its own and
the medians compared. The per-round medians show the spread within the run. The figures are for one very fast server
on loopback, where a client's own work is visible: against the real API a round trip takes tens of milliseconds and
every client here adds well under 1% to it.`;

type Peer = { name: string; get: () => Promise<unknown>; list: () => Promise<unknown> };

const SDK = 'soracom-batch';
const FLOOR = 'openapi-fetch, light request + timer (the floor)';
const RAW = 'raw `fetch`';

async function peersOf(baseUrl: string): Promise<Peer[]> {
  const headers = await captureSdkHeaders(baseUrl, BENCH_CREDENTIALS, GROUP_ID);
  const batch = await createBenchClient(baseUrl, BENCH_CREDENTIALS);
  const floorGet = openapiFetchGetBatchGroup(baseUrl, headers, { light: true, timeoutMs: 60_000 });
  const floorList = openapiFetchListBatchGroups(baseUrl, headers, { light: true, timeoutMs: 60_000 });
  const kyClient = ky.create({ prefixUrl: baseUrl, headers });
  const octokit = new Octokit({ baseUrl });
  const openai = new OpenAI({ baseURL: baseUrl, apiKey: 'bench', defaultHeaders: headers });
  const groupPath = `batch_groups/${GROUP_ID}`;
  return [
    {
      name: SDK,
      get: () => batch.getBatchGroup({ batch_group_id: GROUP_ID }),
      list: async () => await batch.listBatchGroups({ limit: LIST_LIMIT }),
    },
    { name: FLOOR, get: () => floorGet(GROUP_ID), list: () => floorList(LIST_LIMIT) },
    {
      name: 'ky',
      get: () => kyClient.get(groupPath).json(),
      list: async () => {
        const response = await kyClient.get('batch_groups', { searchParams: { limit: LIST_LIMIT } });
        return { items: await response.json(), nextKey: response.headers.get(NEXT_KEY) };
      },
    },
    {
      name: '@octokit/core',
      get: async () =>
        (await octokit.request('GET /batch_groups/{batch_group_id}', { batch_group_id: GROUP_ID, headers })).data,
      list: async () => {
        const response = await octokit.request('GET /batch_groups', { limit: LIST_LIMIT, headers });
        return { items: response.data, nextKey: response.headers[NEXT_KEY] };
      },
    },
    {
      name: 'openai (Stainless)',
      get: () => openai.get(`/${groupPath}`),
      list: async () => {
        const { data, response } = await openai.get('/batch_groups', { query: { limit: LIST_LIMIT } }).withResponse();
        return { items: data, nextKey: response.headers.get(NEXT_KEY) };
      },
    },
    {
      name: RAW,
      get: () => rawGetBatchGroup(baseUrl, GROUP_ID, headers),
      list: () => rawListBatchGroups(baseUrl, LIST_LIMIT, headers),
    },
  ];
}

/** One call through every peer, interleaved: the details table and the summary row. */
async function compare(
  peers: readonly Peer[],
  call: 'get' | 'list',
  label: string,
): Promise<{ row: SummaryRow; details: string[] }> {
  const times = await interleavedSides(
    peers.map((peer) => peer[call]),
    OPTIONS,
  );
  const medians = times.map(median);
  const of = (name: string) => medians[peers.findIndex((peer) => peer.name === name)] as number;
  const sdk = of(SDK);
  const raw = of(RAW);
  const rows = peers.map((peer, i) => {
    const m = medians[i] as number;
    const all = times[i] as number[];
    const rounds = Array.from({ length: OPTIONS.rounds }, (_, r) =>
      median(all.slice(r * OPTIONS.perRound, (r + 1) * OPTIONS.perRound)),
    );
    return [peer.name, us(m), ratio(m / raw), ratio(m / sdk), `${us(min(rounds))} – ${us(max(rounds))}`];
  });
  return {
    row: {
      benchmark: `${label}, median per call: SDK vs ky, @octokit/core, openai (Stainless)`,
      measured:
        `SDK ${us(sdk)} (${ratio(sdk / raw)} raw \`fetch\`); ky ${ratio(of('ky') / raw)}, @octokit/core ${ratio(of('@octokit/core') / raw)}, ` +
        `openai ${ratio(of('openai (Stainless)') / raw)}, floor ${ratio(of(FLOOR) / raw)}`,
      goal: 'report (no goal set)',
      verdict: 'info',
    },
    details: [
      `**${label}**`,
      '',
      ...table(['client', 'median per call', '÷ raw `fetch`', '÷ SDK', 'per-round medians (min – max)'], rows),
    ],
  };
}

export async function runPeers(baseUrl: string): Promise<CaseReport> {
  const peers = await peersOf(baseUrl);
  const get = await compare(peers, 'get', '`getBatchGroup` (GET of one group)');
  const list = await compare(
    peers,
    'list',
    `\`listBatchGroups\` (first page of ${LIST_LIMIT} groups, with its next key)`,
  );
  return {
    title: 'Peers: the same calls through other clients',
    method: peersMethod,
    rows: [get.row, list.row],
    details: [...get.details, '', ...list.details],
  };
}
