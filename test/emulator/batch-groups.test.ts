/** Batch groups: create, read, update, list, delete, and the 404/400 rules around them. */
import { describe, expect, it } from 'vitest';
import { simIds } from '../../src/testing/index.js';
import { useEmulators } from './support/emulator-fixture.js';
import { demoAuth, newGroup, tasks } from './support/emulator-http.js';

const start = useEmulators();

describe('emulator: batch groups', () => {
  it('creates a group with an ID, its name, its description and Unix-second timestamps', async () => {
    const { call } = await start();
    const before = Math.floor(Date.now() / 1000);
    const answer = await call('POST', '/batch_groups', {
      batchGroupName: 'Monthly tags',
      description: 'tags every month',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toMatchObject({
      batchGroupId: expect.any(String),
      batchGroupName: 'Monthly tags',
      description: 'tags every month',
    });
    // Seconds, not milliseconds.
    expect(answer.body.createdTime).toBeGreaterThanOrEqual(before);
    expect(answer.body.createdTime).toBeLessThan(before + 60);
    expect(answer.body.updatedTime).toBe(answer.body.createdTime);
  });

  it('reads a group back and lists it', async () => {
    const { call } = await start();
    const id = await newGroup(call, 'read me');
    expect((await call('GET', `/batch_groups/${id}`)).body).toMatchObject({
      batchGroupId: id,
      batchGroupName: 'read me',
    });
    const list = await call('GET', '/batch_groups');
    expect(list.body.map((g: { batchGroupId: string }) => g.batchGroupId)).toEqual([id]);
  });

  it('updates the name and description, keeping what is not sent', async () => {
    const { call } = await start();
    const id = (await call('POST', '/batch_groups', { batchGroupName: 'old', description: 'kept' })).body.batchGroupId;
    const renamed = await call('PUT', `/batch_groups/${id}`, { batchGroupName: 'new' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ batchGroupName: 'new', description: 'kept' });
    const described = await call('PUT', `/batch_groups/${id}`, { description: 'changed' });
    expect(described.body).toMatchObject({ batchGroupName: 'new', description: 'changed' });
  });

  it('refuses a group without a name, or with a name over 100 characters, with a 400 {code, message}', async () => {
    const { call } = await start();
    for (const body of [{}, { batchGroupName: '' }, { batchGroupName: 'x'.repeat(101) }, { batchGroupName: 5 }, []]) {
      const answer = await call('POST', '/batch_groups', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toEqual({ code: expect.stringMatching(/^[A-Z]{3}\d{4}$/), message: expect.any(String) });
    }
    expect((await call('POST', '/batch_groups', { batchGroupName: 'x'.repeat(100) })).status).toBe(200);
  });

  it('answers invalid JSON with 400', async () => {
    const { emulator } = await start();
    const { apiKey, token } = demoAuth(emulator);
    const response = await fetch(`${emulator.baseUrl}/batch_groups`, {
      method: 'POST',
      headers: { 'X-Soracom-API-Key': apiKey, 'X-Soracom-Token': token, 'Content-Type': 'application/json' },
      body: '{"batchGroupName": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining('not valid JSON') });
  });

  it('answers 404 {code, message} for an unknown group on get, update, delete and list jobs', async () => {
    const { call } = await start();
    for (const [method, path, body] of [
      ['GET', '/batch_groups/nope', undefined],
      ['PUT', '/batch_groups/nope', { batchGroupName: 'x' }],
      ['DELETE', '/batch_groups/nope', undefined],
      ['GET', '/batch_groups/nope/jobs', undefined],
    ] as const) {
      const answer = await call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body).toEqual({ code: expect.any(String), message: expect.stringContaining('nope') });
    }
  });

  it('deletes a group with 204 and no body; it is gone afterwards, jobs included', async () => {
    const { emulator, call } = await start();
    const id = await newGroup(call);
    const job = await call('POST', `/batch_groups/${id}/jobs`, { tasks: tasks.activate(simIds(2)) });
    await emulator.state.whenIdle();
    const answer = await call('DELETE', `/batch_groups/${id}`);
    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    expect(answer.headers.get('content-length')).toBe('0');
    expect((await call('GET', `/batch_groups/${id}`)).status).toBe(404);
    expect((await call('GET', `/batch_groups/${id}/jobs/${job.body.jobId}`)).status).toBe(404);
    expect(emulator.state.job(job.body.jobId)).toBeUndefined();
  });

  it('refuses (400) to delete a group while one of its jobs is pending or running, and deletes it once the job ends', async () => {
    const { emulator, call } = await start({ paused: true });
    const id = await newGroup(call);
    await call('POST', `/batch_groups/${id}/jobs`, { tasks: tasks.activate(simIds(3)) });
    const refused = await call('DELETE', `/batch_groups/${id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/running batch job/);
    expect((await call('GET', `/batch_groups/${id}`)).status).toBe(200);
    emulator.state.resume();
    await emulator.state.whenIdle();
    expect((await call('DELETE', `/batch_groups/${id}`)).status).toBe(204);
  });

  it('answers unknown paths with 404 and a wrong method with 405, both as {code, message}', async () => {
    const { call } = await start();
    const unknown = await call('GET', '/sims');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: expect.any(String), message: expect.stringContaining('/v1') });
    const withoutPrefix = await call('GET', '/../batch_groups');
    expect(withoutPrefix.status).toBe(404);
    const wrongMethod = await call('PATCH', '/batch_groups');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });
});
