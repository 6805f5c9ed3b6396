/**
 * How often `run apply` reads its input: once to check every row (which also finds the actions the rows
 * ask for and makes the runner's survey of each stream), and once to send it, whatever the number of
 * actions: the actions' streams share that last parse (shared-pass.ts) and the runner does not read the
 * input again before the first job.
 */
import type * as fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { simIds } from '../../src/testing/index.js';
import { FAST, submissionsPerTarget, useCliWorld } from './support/cli-world.js';

const opened = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return {
    ...real,
    createReadStream: (path: fs.PathLike, options?: Parameters<typeof real.createReadStream>[1]) => {
      opened.push(String(path));
      return real.createReadStream(path, options);
    },
  };
});

const world = useCliWorld();
const SIM_GROUP = '11111111-2222-3333-4444-555555555555';

describe('run apply reads its input a fixed number of times', () => {
  it('two passes for three actions, as for one, and each SIM changed once per action', async () => {
    const w = await world({ sims: 2_500 });
    const ids = simIds(2_500);
    await w.file(
      'changes.csv',
      `sim_id,group_id,tag:area,status\n${ids.map((id) => `${id},${SIM_GROUP},north,active`).join('\n')}\n`,
    );
    const passes = async (argv: string[]) => {
      opened.length = 0;
      const result = await w.cli([...argv, '-q', ...FAST]);
      expect(result.code, result.stderr).toBe(0);
      return opened.filter((path) => path.endsWith('changes.csv')).length;
    };
    const group = ['--batch-group-name', 'passes', '--chunk-size', '1000'];
    expect(await passes(['run', 'apply', '--input', 'changes.csv', ...group])).toBe(2);
    // The same tags again: a run of tasks that already ran, so --again.
    expect(await passes(['run', 'put-tags', '--input', 'changes.csv', ...group, '--again'])).toBe(2);
    const perSim = submissionsPerTarget(w.emulator);
    // put-tags twice (the two runs), the other two actions once.
    expect(new Set(ids.map((id) => perSim.get(id)))).toEqual(new Set([4]));
    const sim = w.emulator.state.sim(ids[2_499] as string);
    expect(sim).toMatchObject({ groupId: SIM_GROUP, status: 'active', tags: { area: 'north' } });
  });
});
