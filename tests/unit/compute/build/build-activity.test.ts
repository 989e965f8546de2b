import { describe, expect, it } from 'vitest';
import { ActivityRegistry } from '../../../../main/activity';
import { buildActivities } from '../../../../main/compute/build/build-activity';
import type { InstanceRecord } from '../../../../main/inventory/model';

const row = (uuid: string, name: string) => ({ uuid, name, hostId: 'h1' }) as InstanceRecord;

describe('builds as activities', () => {
  it('counts the task states as steps, notes reschedules, and ends with the build', () => {
    const registry = new ActivityRegistry();
    const report = buildActivities(registry, [row('a', 'web-1'), row('b', 'web-2')]);
    const of = (uuid: string) => registry.list().find((a) => a.refs.instanceUuid === uuid);
    expect(of('a')).toMatchObject({ kind: 'create', title: 'Create instance web-1', state: 'running', progress: { kind: 'steps', step: 0, of: 4 }, refs: { hostId: 'h1' } });

    report({ kind: 'task', uuid: 'a', name: 'web-1', host: 'h1', taskState: 'block_device_mapping' });
    expect(of('a')).toMatchObject({ progress: { step: 2, of: 4 }, message: 'block_device_mapping on h1' });
    report({ kind: 'reschedule', uuid: 'b', name: 'web-2', from: 'h1', to: 'h2', reason: 'pool missing' });
    expect(of('b')).toMatchObject({ progress: { step: 0 }, message: 'rescheduled from h1 to h2: pool missing' });
    report({ kind: 'active', uuid: 'a', name: 'web-1', instance: row('a', 'web-1') });
    report({ kind: 'error', uuid: 'b', name: 'web-2', fault: { code: 500, message: 'Build failed after 3 attempts', createdAt: '' } });
    expect(of('a')).toMatchObject({ state: 'succeeded', message: 'active' });
    expect(of('b')).toMatchObject({ state: 'failed', message: 'Build failed after 3 attempts' });
  });
});
