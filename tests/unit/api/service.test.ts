import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { contract, events, type Contract } from '../../../common/contract/channels';
import type { AppInfo } from '../../../common/contract/schemas';
import { ServiceError, mapError } from '../../../main/api/errors';
import { createService, type Handlers } from '../../../main/api/service';
import { AlreadyExistsError, DatabaseTooNewError, InUseError, InvalidInputError, NotFoundError } from '../../../main/inventory/errors';

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
    'instances.list': () => [],
    'instances.show': () => {
      throw new NotFoundError('Instance', 'x');
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
    expect(s.channels).toEqual(['app.info', 'flavors.list', 'projects.list', 'hosts.list', 'hosts.add', 'hosts.remove', 'instances.list', 'instances.show', 'prompts.list', 'prompts.answer']);
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
  });
});

describe('mapError', () => {
  it('maps the inventory errors to contract codes', () => {
    expect(mapError(new AlreadyExistsError('Flavor', 'x'), 'c').info.code).toBe('already_exists');
    expect(mapError(new InUseError('in use'), 'c').info.code).toBe('in_use');
    expect(mapError(new InvalidInputError('bad ram'), 'c').info).toEqual({ code: 'invalid_input', message: 'bad ram' });
    expect(mapError(new DatabaseTooNewError('/d/inventory.sqlite3', 9, 1), 'c').info.code).toBe('unavailable');
  });

  it('copes with things that are not errors', () => {
    expect(mapError('boom', 'x.y')).toEqual({ info: { code: 'internal', message: 'Internal error in x.y: boom' }, expected: false });
    expect(mapError(undefined, 'x.y').info.message).toBe('Internal error in x.y: undefined');
    expect(mapError(new Error(''), 'x.y').info.message).toBe('Internal error in x.y: unknown error');
  });
});
