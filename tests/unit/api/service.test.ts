import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { contract, events, type Contract } from '../../../common/contract/channels';
import { CHANNEL_NAMES } from '../../../common/contract/names';
import type { AppInfo } from '../../../common/contract/schemas';
import { ServiceError, mapError } from '../../../main/api/errors';
import { createService, type CallContext, type Handlers } from '../../../main/api/service';
import { command } from '../../../common/contract/spec';
import { NoValidHostError, QuotaExceededError } from '../../../main/compute/claim-errors';
import { ActionFailedError, InstanceConflictError } from '../../../main/compute/errors';
import { HostTargetError } from '../../../main/hosts';
import { HostUnavailableError } from '../../../main/hosts/host-unavailable';
import { PoolTooSmallError, UnsupportedImageError } from '../../../main/images';
import { AlreadyExistsError, DatabaseTooNewError, InUseError, InvalidInputError, NotFoundError } from '../../../main/inventory/errors';
import { schedule } from '../../../main/placement';
import { checkQuota } from '../../../main/quota/check';
import { DEFAULT_QUOTA_LIMITS } from '../../../main/quota/limits';

const ctx = { transport: 'in-process' } as const;

const info: AppInfo = {
  name: 'Virt Deck',
  version: '1.2.3',
  mode: 'web',
  dataDir: '/data',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20.0.0', electron: null },
  localLibvirt: { socketPath: null, checkedPaths: [] },
};

function service(overrides: Partial<Handlers<Contract>> = {}, log = vi.fn()) {
  const handlers: Handlers<Contract> = {
    'app.info': () => info,
    'flavors.list': () => [],
    'projects.list': () => [],
    'hosts.list': () => [],
    'hosts.add': () => {
      throw new InvalidInputError('not in this test');
    },
    'hosts.remove': () => ({ removed: 'x', instancesDeleted: 0 }),
    'hosts.update': () => {
      throw new NotFoundError('Host', 'x');
    },
    'projects.create': () => {
      throw new InvalidInputError('not in this test');
    },
    'quotas.show': () => {
      throw new NotFoundError('Project', 'x');
    },
    'quotas.set': () => {
      throw new NotFoundError('Project', 'x');
    },
    'flavors.create': () => {
      throw new InvalidInputError('not in this test');
    },
    'flavors.delete': () => {
      throw new NotFoundError('Flavor', 'x');
    },
    'instances.list': () => [],
    'instances.show': () => {
      throw new NotFoundError('Instance', 'x');
    },
    'instances.create': () => {
      throw new InvalidInputError('not in this test');
    },
    'images.list': () => [],
    'images.show': () => {
      throw new NotFoundError('Image', 'x');
    },
    'images.import': () => {
      throw new InvalidInputError('not in this test');
    },
    'images.delete': () => {
      throw new NotFoundError('Image', 'x');
    },
    'keypairs.list': () => [],
    'keypairs.add': () => {
      throw new InvalidInputError('not in this test');
    },
    'keypairs.delete': () => {
      throw new NotFoundError('Key pair', 'x');
    },
    'networks.list': () => {
      throw new NotFoundError('Host', 'x');
    },
    'pools.list': () => {
      throw new NotFoundError('Host', 'x');
    },
    'activity.list': () => [],
    'placement.preview': () => ({ ok: false, chosen: [], explanation: null, message: 'none', hosts: [] }),
    'serverGroups.list': () => [],
    'availabilityZones.list': () => [],
    'stats.watch': (args) => ({ level: args.level, history: [] }),
    'console.open': () => {
      throw new NotFoundError('Instance', 'x');
    },
    'instances.act': () => {
      throw new InstanceConflictError("Cannot 'start' instance x while it is in vm_state active", 'x');
    },
    'instances.bulk': () => [],
    'instances.actions': () => [],
    'snapshots.list': () => [],
    'instances.xml': () => '<domain/>',
    'settings.get': () => [],
    'settings.set': () => {
      throw new InvalidInputError('not in this test');
    },
    'prompts.list': () => [],
    'prompts.answer': () => ({ outcome: 'refused' }),
    ...overrides,
  };
  return { service: createService({ contract, events }, handlers, { log }), log };
}

describe('service facade: call()', () => {
  it('runs the handler with validated arguments and returns the parsed result', async () => {
    const { service: s } = service();
    expect(await s.call('app.info', {}, ctx)).toEqual({ ok: true, value: info });
    // Every channel of the contract, in the order names.ts lists them (the preload's order).
    expect(s.channels).toEqual([...CHANNEL_NAMES]);
  });

  it('strips fields the contract does not name, so internals never reach the renderer', async () => {
    const withSecrets = { ...info, internalPath: '/secret', versions: { ...info.versions, extra: 1 } };
    const { service: s } = service({ 'app.info': () => withSecrets });
    const result = await s.call('app.info', {}, ctx);
    expect(result).toEqual({ ok: true, value: info });
  });

  it('rejects bad arguments with a message naming the problem, without calling the handler', async () => {
    const handler = vi.fn(() => info);
    const { service: s } = service({ 'app.info': handler });
    expect(await s.call('app.info', { verbose: true }, ctx)).toEqual({
      ok: false,
      error: { code: 'invalid_args', message: 'Invalid arguments for app.info: Unrecognized key: "verbose"' },
    });
    expect(await s.call('app.info', 'nope', ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await s.call('app.info', undefined, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const { service: s } = service();
    for (const name of ['hosts.destroy', '__proto__', 'toString', 'constructor', '']) {
      expect(await s.call(name, {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(await s.call(42 as unknown as string, {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('passes deliberate errors through with their code and message', async () => {
    const { service: s, log } = service({
      'app.info': () => {
        throw new ServiceError('unavailable', 'The inventory is locked');
      },
      'flavors.list': async () => {
        throw new NotFoundError('Flavor', 'm1.huge');
      },
    });
    expect(await s.call('app.info', {}, ctx)).toEqual({ ok: false, error: { code: 'unavailable', message: 'The inventory is locked' } });
    expect(await s.call('flavors.list', {}, ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'Flavor m1.huge not found' } });
    expect(log).not.toHaveBeenCalled();
  });

  it('turns unexpected errors into `internal` with the first line only, and logs the stack in main', async () => {
    const { service: s, log } = service({
      'projects.list': () => {
        throw new TypeError('Cannot read properties of undefined\n    at secret/internal/path.ts:1:1');
      },
    });
    const result = await s.call('projects.list', {}, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error in projects.list: Cannot read properties of undefined' } });
    expect(JSON.stringify(result)).not.toContain('at ');
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain('TypeError');
  });

  it('refuses a result that breaks the contract (a bug), logging what is wrong', async () => {
    const { service: s, log } = service({ 'app.info': () => ({ ...info, version: 7 }) as unknown as AppInfo });
    expect(await s.call('app.info', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Internal error in app.info: the result did not match the contract' },
    });
    expect(String(log.mock.calls[0]?.[0])).toContain('version: Invalid input: expected string, received number');
  });
});

describe('service facade: events', () => {
  // The app's contract has no events yet; the plumbing is generic, so a contract with one exercises it.
  const spec = { contract: {}, events: { 'thing.changed': z.object({ id: z.string() }) } };

  it('delivers validated payloads to every subscriber until it unsubscribes', () => {
    const s = createService(spec, {});
    const seen: unknown[] = [];
    const off = s.subscribe((event, payload) => seen.push([event, payload]));
    s.emit('thing.changed', { id: 'a', extra: true } as { id: string });
    off();
    s.emit('thing.changed', { id: 'b' });
    expect(seen).toEqual([['thing.changed', { id: 'a' }]]);
  });

  it('keeps delivering when one subscriber throws', () => {
    const log = vi.fn();
    const s = createService(spec, {}, { log });
    const seen: string[] = [];
    s.subscribe(() => {
      throw new Error('window closed');
    });
    s.subscribe((event) => seen.push(event));
    s.emit('thing.changed', { id: 'a' });
    expect(seen).toEqual(['thing.changed']);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('window closed'));
  });

  it('throws on a bad payload: that is a bug in main, not input', () => {
    const s = createService(spec, {});
    expect(() => s.emit('thing.changed', { id: 1 } as unknown as { id: string })).toThrow(/thing.changed has an invalid payload: id:/);
    expect(() => s.emitTo('viewer-1', 'thing.changed', { id: 1 } as unknown as { id: string })).toThrow(/thing.changed has an invalid payload: id:/);
  });
});

describe('service facade: viewers', () => {
  const spec = {
    contract: { 'who.am.i': command(z.strictObject({}), z.object({ viewer: z.string().nullable() })) },
    events: { 'thing.changed': z.object({ id: z.string() }) },
  };
  const handlers = { 'who.am.i': (_args: unknown, context: CallContext) => ({ viewer: context.viewer ?? null }) };

  it('sends an event to one viewer only, and broadcasts to subscribers only', () => {
    const s = createService(spec, handlers);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const broadcast: unknown[] = [];
    const viewerA = s.openViewer((event, payload) => a.push([event, payload]));
    const viewerB = s.openViewer((event, payload) => b.push([event, payload]));
    s.subscribe((event, payload) => broadcast.push([event, payload]));
    expect(viewerA.id).not.toBe(viewerB.id);

    expect(s.emitTo(viewerA.id, 'thing.changed', { id: 'for-a', extra: 1 } as { id: string })).toBe(true);
    s.emit('thing.changed', { id: 'everyone' });
    // Validated and stripped like a broadcast; B and the broadcast subscriber never see A's event.
    expect(a).toEqual([['thing.changed', { id: 'for-a' }]]);
    expect(b).toEqual([]);
    expect(broadcast).toEqual([['thing.changed', { id: 'everyone' }]]);
  });

  it('passes the viewer to handlers through the call context', async () => {
    const s = createService(spec, handlers);
    const viewer = s.openViewer(() => undefined);
    expect(await s.call('who.am.i', {}, { transport: 'websocket', viewer: viewer.id })).toEqual({ ok: true, value: { viewer: viewer.id } });
    expect(await s.call('who.am.i', {}, { transport: 'in-process' })).toEqual({ ok: true, value: { viewer: null } });
  });

  it('tells its listeners once when a viewer closes, and sends it nothing after', () => {
    const log = vi.fn();
    const s = createService(spec, handlers, { log });
    const seen: unknown[] = [];
    const closed: string[] = [];
    s.onViewerClosed(() => {
      throw new Error('broken listener');
    });
    const off = s.onViewerClosed((viewer) => closed.push(viewer));
    const viewer = s.openViewer((event) => seen.push(event));
    viewer.close();
    viewer.close();
    expect(closed).toEqual([viewer.id]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('broken listener'));
    expect(s.emitTo(viewer.id, 'thing.changed', { id: 'late' })).toBe(false);
    expect(seen).toEqual([]);
    off();
    s.openViewer(() => undefined).close();
    expect(closed).toHaveLength(1);
  });
});

describe('mapError', () => {
  it('maps the inventory errors to contract codes', () => {
    expect(mapError(new AlreadyExistsError('Flavor', 'x'), 'c').info.code).toBe('already_exists');
    expect(mapError(new InUseError('in use'), 'c').info.code).toBe('in_use');
    expect(mapError(new InvalidInputError('bad ram'), 'c').info).toEqual({ code: 'invalid_input', message: 'bad ram' });
    expect(mapError(new DatabaseTooNewError('/d/inventory.sqlite3', 9, 1), 'c').info.code).toBe('unavailable');
  });

  it('maps the compute errors to contract codes, with their messages', () => {
    expect(mapError(new InstanceConflictError('Instance web is locked', 'u'), 'c').info).toEqual({ code: 'conflict', message: 'Instance web is locked' });
    expect(mapError(new ActionFailedError('Cannot stop instance web: internal error', 'u'), 'c').info.code).toBe('host_error');
    expect(mapError(new HostUnavailableError('h1', 'Host h1 is not reachable: connection refused'), 'c').info).toEqual({ code: 'unavailable', message: 'Host h1 is not reachable: connection refused' });
    const quota = new QuotaExceededError({ ok: false, exceeded: [], message: 'Quota exceeded for cores: Requested 2, but already used 20 of 20 cores' });
    expect(mapError(quota, 'c').info).toEqual({ code: 'quota_exceeded', message: quota.message });
  });

  it('maps quota, scheduling and host errors with their messages', () => {
    const over = checkQuota({ ...DEFAULT_QUOTA_LIMITS, cores: 2 }, { instances: 0, cores: 2, ram: 0, disk: 0 }, { instances: 1, cores: 1, ram: 512, disk: 1 });
    if (over.ok) throw new Error('expected the quota check to fail');
    expect(mapError(new QuotaExceededError(over), 'c').info).toEqual({ code: 'quota_exceeded', message: 'Quota exceeded for cores: Requested 1, but already used 2 of 2 cores' });
    const noHost = schedule({ flavor: { id: '1', name: 'f', vcpus: 1, ramMiB: 1, diskGiB: 1, ephemeralGiB: 0, swapMiB: 0, isPublic: true, extraSpecs: {} } }, []);
    if (noHost.ok) throw new Error('expected no host');
    expect(mapError(new NoValidHostError(noHost), 'c').info).toMatchObject({ code: 'no_valid_host', message: expect.stringContaining('No valid host was found') });
    expect(mapError(new HostUnavailableError('h1', 'Host h1 is not reachable: connection refused'), 'c').info).toEqual({ code: 'unavailable', message: 'Host h1 is not reachable: connection refused' });
  });

  it('maps host and subsystem errors by the contract code they carry, never to a code outside the list', () => {
    expect(mapError(new HostUnavailableError('h', 'Host h is not reachable: refused'), 'c')).toEqual({ info: { code: 'unavailable', message: 'Host h is not reachable: refused' }, expected: true });
    expect(mapError(new UnsupportedImageError('iso9660', 'it is an ISO'), 'c').info).toEqual({ code: 'invalid_input', message: 'it is an ISO' });
    expect(mapError(new PoolTooSmallError('pool p has 1 MiB free'), 'c').info.code).toBe('unavailable');
    expect(mapError(new HostTargetError('no pool'), 'c').info.code).toBe('unavailable');
    const system = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(mapError(system, 'c')).toMatchObject({ info: { code: 'internal' }, expected: false });
    expect(mapError(Object.assign(new Error('x'), { code: 'internal' }), 'c').expected).toBe(false);
  });

  it('copes with things that are not errors', () => {
    expect(mapError('boom', 'x.y')).toEqual({ info: { code: 'internal', message: 'Internal error in x.y: boom' }, expected: false });
    expect(mapError(undefined, 'x.y').info.message).toBe('Internal error in x.y: undefined');
    expect(mapError(new Error(''), 'x.y').info.message).toBe('Internal error in x.y: unknown error');
  });
});
