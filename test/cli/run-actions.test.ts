/** `run <action>` for each of the eight actions, from a CSV file and from stdin, checked in the emulator's state. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_VPG_ID, imsiAt, simIds } from '../../src/testing/index.js';
import { FAST, submissionsPerTarget, useCliWorld, type World } from './support/cli-world.js';

const world = useCliWorld();
const SIM_GROUP = '11111111-2222-3333-4444-555555555555';

type Case = {
  action: string;
  /** Extra flags (per-action defaults). */
  flags?: string[];
  csv: (ids: string[]) => string;
  stdin: (ids: string[]) => string;
  check: (w: World, ids: string[]) => void;
};

const csvOf = (header: string, rows: string[]) => `${header}\n${rows.join('\n')}\n`;

const cases: Case[] = [
  {
    action: 'activate',
    csv: (ids) => csvOf('sim_id', ids),
    stdin: (ids) => ids.join('\n'),
    check: (w, ids) => expect(ids.map((id) => w.emulator.state.sim(id)?.status)).toEqual(ids.map(() => 'active')),
  },
  {
    action: 'deactivate',
    csv: (ids) => csvOf('simId', ids),
    stdin: (ids) => JSON.stringify(ids),
    check: (w, ids) => expect(ids.map((id) => w.emulator.state.sim(id)?.status)).toEqual(ids.map(() => 'inactive')),
  },
  {
    action: 'standby',
    csv: (ids) => csvOf('SIM ID', ids),
    stdin: (ids) => ids.map((id) => JSON.stringify({ sim_id: id })).join('\n'),
    check: (w, ids) => expect(ids.map((id) => w.emulator.state.sim(id)?.status)).toEqual(ids.map(() => 'standby')),
  },
  {
    action: 'suspend',
    csv: (ids) =>
      csvOf(
        'sim_id,note',
        ids.map((id) => `${id},"lost, reported"`),
      ),
    stdin: (ids) => `# lost SIMs\n${ids.join('\r\n')}\r\n`,
    check: (w, ids) => expect(ids.map((id) => w.emulator.state.sim(id)?.status)).toEqual(ids.map(() => 'suspended')),
  },
  {
    action: 'set-group',
    csv: (ids) =>
      csvOf(
        'sim_id,group_id',
        ids.map((id) => `${id},${SIM_GROUP}`),
      ),
    stdin: (ids) => ids.join('\n'),
    flags: ['--group-id', SIM_GROUP],
    check: (w, ids) => expect(ids.map((id) => w.emulator.state.sim(id)?.groupId)).toEqual(ids.map(() => SIM_GROUP)),
  },
  {
    action: 'unset-group',
    csv: (ids) => csvOf('sim_id', ids),
    stdin: (ids) => ids.join('\n'),
    check: (w, ids) => expect(ids.map((id) => w.emulator.state.sim(id)?.groupId ?? null)).toEqual(ids.map(() => null)),
  },
  {
    action: 'put-tags',
    csv: (ids) =>
      csvOf(
        'sim_id,tag:area,tags',
        ids.map((id) => `${id},tokyo,floor=3;rack=b`),
      ),
    stdin: (ids) =>
      ids.map((id) => JSON.stringify({ simId: id, tags: { area: 'tokyo', floor: 3, rack: 'b' } })).join('\n'),
    check: (w, ids) =>
      expect(ids.map((id) => w.emulator.state.sim(id)?.tags)).toEqual(
        ids.map(() => ({ area: 'tokyo', floor: '3', rack: 'b' })),
      ),
  },
  {
    action: 'put-ip-address-map-entry',
    flags: ['--vpg-id', DEFAULT_VPG_ID],
    csv: (ids) =>
      csvOf(
        'imsi,ip_address',
        ids.map((_, i) => `${imsiAt(i)},10.0.0.${i + 10}`),
      ),
    stdin: (ids) => JSON.stringify(ids.map((_, i) => ({ key: imsiAt(i), ipAddress: `10.0.0.${i + 10}` }))),
    check: (w, ids) =>
      expect(w.emulator.state.vpgEntries(DEFAULT_VPG_ID)?.map((e) => [e.key, e.ipAddress])).toEqual(
        ids.map((_, i) => [imsiAt(i), `10.0.0.${i + 10}`]),
      ),
  },
];

async function start(): Promise<{ w: World; ids: string[] }> {
  const ids = simIds(5);
  const w = await world({ sims: ids.map((simId) => ({ simId, groupId: 'old-group', status: 'ready' as const })) });
  return { w, ids };
}

describe('run <action>', () => {
  for (const c of cases) {
    it(`${c.action} from a CSV file`, async () => {
      const { w, ids } = await start();
      const input = await w.file('input.csv', c.csv(ids));
      const result = await w.cli([
        'run',
        c.action,
        '--input',
        input,
        '--group-name',
        'cli',
        ...(c.flags ?? []),
        ...FAST,
      ]);
      expect(result.stderr).not.toMatch(/invalid|error:/);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({
        ok: true,
        total: 5,
        succeeded: 5,
        failed: 0,
        notRun: 0,
        jobs: [{ status: 'completed', tasks: 5 }],
      });
      c.check(w, ids);
      expect([...submissionsPerTarget(w.emulator).values()]).toEqual([1, 1, 1, 1, 1]);
    });

    it(`${c.action} from stdin`, async () => {
      const { w, ids } = await start();
      const result = await w.cli(
        ['run', c.action, '--input', '-', '--group-name', 'cli', ...(c.flags ?? []), ...FAST],
        { stdin: c.stdin(ids) },
      );
      expect(result.stderr).not.toMatch(/invalid|error:/);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, total: 5, succeeded: 5 });
      c.check(w, ids);
    });
  }

  it('per-row values win over the flag default (set-group: group_id column, rows without one take --group-id)', async () => {
    const ids = simIds(3);
    const w = await world({ sims: 3 });
    const input = await w.file('moves.csv', `sim_id,group_id\n${ids[0]},g-a\n${ids[1]},\n${ids[2]},g-c\n`);
    const result = await w.cli([
      'run',
      'set-group',
      '--input',
      input,
      '--group-name',
      'x',
      '--group-id',
      'g-default',
      ...FAST,
    ]);
    expect(result.code).toBe(0);
    expect(ids.map((id) => w.emulator.state.sim(id)?.groupId)).toEqual(['g-a', 'g-default', 'g-c']);
  });

  it('put-tags merges --tag with tags and tag:<name> columns; a row value wins for the same name', async () => {
    const ids = simIds(2);
    const w = await world({ sims: 2 });
    const input = await w.file(
      'tags.csv',
      `sim_id,tags,tag:area\n${ids[0]},owner=ops;area=osaka,\n${ids[1]},,nagoya\n`,
    );
    const result = await w.cli([
      'run',
      'put-tags',
      '--input',
      input,
      '--group-name',
      'x',
      '--tag',
      'area=tokyo',
      '--tag',
      'fleet=north',
      ...FAST,
    ]);
    expect(result.code).toBe(0);
    expect(w.emulator.state.sim(ids[0] as string)?.tags).toEqual({ area: 'osaka', fleet: 'north', owner: 'ops' });
    expect(w.emulator.state.sim(ids[1] as string)?.tags).toEqual({ area: 'nagoya', fleet: 'north' });
  });

  it('finds the batch group by name, creates it only once, and --batch-group-id uses the one given', async () => {
    const ids = simIds(2);
    const w = await world({ sims: 2 });
    const input = await w.file('ids.txt', ids.join('\n'));
    expect((await w.cli(['run', 'activate', '--input', input, '--group-name', 'fleet', ...FAST])).stderr).toMatch(
      /Created batch group "fleet"/,
    );
    expect((await w.cli(['run', 'suspend', '--input', input, '--group-name', 'fleet', ...FAST])).stderr).toMatch(
      /Using batch group "fleet"/,
    );
    expect(w.emulator.state.groups()).toHaveLength(1);
    const other = await w.group('other');
    const byId = await w.cli(['run', 'activate', '--input', input, '--batch-group-id', other, ...FAST]);
    expect(JSON.parse(byId.stdout).batchGroupId).toBe(other);
  });

  it('refuses a name shared by two batch groups, naming their IDs (exit 1, nothing submitted)', async () => {
    const w = await world({ sims: 1 });
    const a = await w.group('twin');
    const b = await w.group('twin');
    const input = await w.file('ids.txt', simIds(1).join('\n'));
    const result = await w.cli(['run', 'activate', '--input', input, '--group-name', 'twin', ...FAST]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(a);
    expect(result.stderr).toContain(b);
    expect(w.emulator.state.jobs()).toEqual([]);
  });

  it('runs big inputs as several jobs (--chunk-size) named "<name> (i/n)", one after another', async () => {
    const ids = simIds(25);
    const w = await world({ sims: 25 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const result = await w.cli([
      'run',
      'activate',
      '--input',
      input,
      '--group-name',
      'x',
      '--chunk-size',
      '10',
      '--job-name',
      'wave',
      ...FAST,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).jobs.map((j: { tasks: number }) => j.tasks)).toEqual([10, 10, 5]);
    expect(w.emulator.state.jobs().map((j) => j.jobName)).toEqual(['wave (1/3)', 'wave (2/3)', 'wave (3/3)']);
  });

  it('needs a batch group, and only one way of naming it (exit 1 before reading anything)', async () => {
    const w = await world();
    const none = await w.cli(['run', 'activate', '--input', 'missing.txt']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--batch-group-id ID, or --batch-group-name NAME/);
    const both = await w.cli([
      'run',
      'activate',
      '--input',
      'missing.txt',
      '--group-name',
      'a',
      '--batch-group-id',
      'b',
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/not both/);
    const noFile = await w.cli(['run', 'activate', '--input', 'missing.txt', '--group-name', 'a']);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/^error: cannot read --input missing\.txt: no such file/);
    expect(w.emulator.state.requests()).toEqual([]);
  });
});
