import { describe, expect, it } from 'vitest';
import {
  DomainEventId,
  endEventSubscriptions,
  LifecycleDetail,
  LifecycleEvent,
  lifecycleDetailName,
  subscribeDomainEvents,
  subscribeDomainLifecycle,
  subscribeNetworkLifecycle,
} from '../../../main/libvirt/events';
import { Proc } from '../../../main/libvirt/generated/remote-protocol.gen';
import { encodeDomain, encodeNetwork, type DomainRef } from '../../../main/libvirt/records';
import { Program } from '../../../main/libvirt/rpc/constants';
import { RecordingChannel, xdr, type RecordedCall } from './recording-channel';

const web: DomainRef = { name: 'web', uuid: '11111111-1111-1111-1111-111111111111', id: 1 };
const db: DomainRef = { name: 'db', uuid: '22222222-2222-2222-2222-222222222222', id: -1 };

const lifecycle = (callbackID: number, dom: DomainRef, event: number, detail: number) =>
  xdr((w) => {
    w.int(callbackID);
    encodeDomain(w, dom);
    w.int(event).int(detail);
  });

const legacyLifecycle = (dom: DomainRef, event: number, detail: number) =>
  xdr((w) => {
    encodeDomain(w, dom);
    w.int(event).int(detail);
  });

/** A daemon stand-in: feature 14 as configured, callback ids handed out from 0. */
function daemon(options: { callbacks?: boolean; hold?: Promise<void> } = {}) {
  let nextId = 0;
  return new RecordingChannel(async (c: RecordedCall) => {
    switch (c.proc) {
      case Proc.CONNECT_SUPPORTS_FEATURE:
        return xdr((w) => w.int(options.callbacks === false ? 0 : 1));
      case Proc.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY:
      case Proc.CONNECT_NETWORK_EVENT_REGISTER_ANY: {
        const id = nextId++;
        await options.hold;
        return xdr((w) => w.int(id));
      }
      default:
        return new Uint8Array(0);
    }
  });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('domain event subscriptions', () => {
  it('routes by callbackID, including the first id 0, with named events', async () => {
    const ch = daemon();
    const all = await subscribeDomainLifecycle(ch);
    const onlyDb = await subscribeDomainLifecycle(ch, { dom: db });
    expect(all.callbackID).toBe(0);
    expect(onlyDb.callbackID).toBe(1);
    // The domain filter is the daemon's job in the callback form: it is sent, not applied here.
    const registration = ch.calls.filter((c) => c.proc === Proc.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY);
    expect(registration[0]!.args).toEqual(xdr((w) => w.int(0).uint(0)));
    expect(registration[1]!.args).toEqual(xdr((w) => w.int(0).uint(1).raw(xdr((x) => encodeDomain(x, db)))));

    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, LifecycleEvent.STARTED, LifecycleDetail.STARTED.BOOTED));
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(1, db, LifecycleEvent.STOPPED, LifecycleDetail.STOPPED.DESTROYED));
    expect((await all.next()).value).toEqual({
      kind: 'lifecycle',
      callbackID: 0,
      dom: web,
      event: 2,
      detail: 0,
      eventName: 'STARTED',
      detailName: 'BOOTED',
    });
    expect((await onlyDb.next()).value).toMatchObject({ callbackID: 1, eventName: 'STOPPED', detailName: 'DESTROYED' });
    await all.close();
    await onlyDb.close();
    const deregistered = ch.calls.filter((c) => c.proc === Proc.CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY).map((c) => c.args);
    expect(deregistered).toEqual([xdr((w) => w.int(0)), xdr((w) => w.int(1))]);
    expect(ch.handlerCount).toBe(0);
  });

  it('keeps events that arrive before the registration reply (libvirt 9 sends them first)', async () => {
    let release!: () => void;
    const ch = daemon({ hold: new Promise<void>((resolve) => (release = resolve)) });
    const pending = subscribeDomainLifecycle(ch);
    await tick();
    expect(ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, db, LifecycleEvent.DEFINED, 0))).toBe(1);
    release();
    const sub = await pending;
    expect((await sub.next()).value).toMatchObject({ callbackID: 0, eventName: 'DEFINED', detailName: 'ADDED' });
    await sub.close();
  });

  it('drops events for ids nobody registered once no registration is in flight', async () => {
    const ch = daemon();
    const sub = await subscribeDomainLifecycle(ch);
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(7, web, 2, 0));
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, 3, 0));
    expect((await sub.next()).value).toMatchObject({ eventName: 'SUSPENDED' });
    await sub.close();
  });

  it('ends on AbortSignal and deregisters', async () => {
    const ch = daemon();
    const controller = new AbortController();
    const sub = await subscribeDomainLifecycle(ch, { signal: controller.signal });
    const next = sub.next();
    controller.abort();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(await sub.ended).toBeNull();
    await tick();
    expect(ch.calls.some((c) => c.proc === Proc.CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY)).toBe(true);
    await expect(subscribeDomainLifecycle(ch, { signal: controller.signal })).rejects.toThrow();
  });

  it('works as an async iterator and deregisters when the loop is left', async () => {
    const ch = daemon();
    const sub = await subscribeDomainLifecycle(ch);
    for (const event of [0, 2, 3]) ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, event, 0));
    const seen: string[] = [];
    for await (const event of sub) {
      seen.push(event.eventName);
      if (event.eventName === 'SUSPENDED') break;
    }
    expect(seen).toEqual(['DEFINED', 'STARTED', 'SUSPENDED']);
    expect(ch.calls.at(-1)?.proc).toBe(Proc.CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY);
  });

  it('waitFor skips non-matching events and times out cleanly', async () => {
    const ch = daemon();
    const sub = await subscribeDomainLifecycle(ch);
    const started = sub.waitFor((e) => e.dom.uuid === db.uuid && e.event === LifecycleEvent.STARTED, { timeoutMs: 1000 });
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, 2, 0));
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, db, 2, 0));
    expect((await started).dom).toEqual(db);
    await expect(sub.waitFor(() => true, { timeoutMs: 10 })).rejects.toThrow(/timed out after 10 ms/);
    // The timed-out waiter is gone: the next event is not lost to it.
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, 5, 1));
    expect((await sub.next()).value).toMatchObject({ detailName: 'DESTROYED' });
    await sub.close();
  });

  it('delivers to a callback; a throwing callback ends the subscription with its error', async () => {
    const ch = daemon();
    const got: number[] = [];
    const sub = await subscribeDomainLifecycle(ch, {
      onEvent: (e) => {
        got.push(e.event);
        if (e.event === LifecycleEvent.CRASHED) throw new Error('handler broke');
      },
    });
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, 2, 0));
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, 8, 0));
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, 2, 0));
    expect(got).toEqual([2, 8]);
    expect((await sub.ended)?.message).toBe('handler broke');
  });

  it('fails the subscription on a malformed payload', async () => {
    const ch = daemon();
    const sub = await subscribeDomainLifecycle(ch);
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, xdr((w) => w.int(0).string('truncated')));
    await expect(sub.next()).rejects.toThrow(/malformed event message 318/);
  });

  it('bounds the queue of a consumer that never reads', async () => {
    const ch = daemon();
    const sub = await subscribeDomainLifecycle(ch, { maxQueued: 2 });
    for (let i = 0; i < 3; i++) ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, lifecycle(0, web, 2, 0));
    expect((await sub.ended)?.message).toMatch(/overflow: 2 events queued/);
  });

  it('ends every subscription when the connection goes away', async () => {
    const ch = daemon();
    const sub = await subscribeDomainLifecycle(ch);
    endEventSubscriptions(ch, new Error('connection lost'));
    await expect(sub.next()).rejects.toThrow('connection lost');
  });

  it('decodes other event ids: reboot and graphics', async () => {
    const ch = daemon();
    const reboot = await subscribeDomainEvents(ch, { eventId: DomainEventId.REBOOT });
    const graphics = await subscribeDomainEvents(ch, { eventId: DomainEventId.GRAPHICS });
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_CALLBACK_REBOOT, xdr((w) => encodeDomain(w.int(0), web)));
    ch.emit(
      Program.REMOTE,
      Proc.DOMAIN_EVENT_CALLBACK_GRAPHICS,
      xdr((w) => {
        encodeDomain(w.int(1), web);
        w.int(0);
        w.int(0).string('127.0.0.1').string('5900');
        w.int(0).string('127.0.0.1').string('51234');
        w.string('none');
        w.uint(1).string('x509dname').string('CN=me');
      }),
    );
    expect((await reboot.next()).value).toEqual({ kind: 'reboot', callbackID: 0, dom: web });
    expect((await graphics.next()).value).toMatchObject({
      kind: 'graphics',
      phase: 0,
      remote: { family: 0, node: '127.0.0.1', service: '51234' },
      subject: [{ type: 'x509dname', name: 'CN=me' }],
    });
  });

  it('names lifecycle details per event, and unknown values without failing', () => {
    expect(lifecycleDetailName(LifecycleEvent.STOPPED, 4)).toBe('SAVED');
    expect(lifecycleDetailName(LifecycleEvent.SUSPENDED, 4)).toBe('RESTORED');
    expect(lifecycleDetailName(42, 0)).toBe('UNKNOWN(0)');
    expect(lifecycleDetailName(LifecycleEvent.STARTED, 99)).toBe('UNKNOWN(99)');
  });
});

describe('legacy event registration (daemons without feature 14)', () => {
  it('falls back to 167/107, filters by domain here, and shares one registration', async () => {
    const ch = daemon({ callbacks: false });
    const all = await subscribeDomainLifecycle(ch);
    const onlyWeb = await subscribeDomainLifecycle(ch, { dom: web });
    expect(all.legacy).toBe(true);
    expect(all.callbackID).toBeNull();
    expect(ch.calls.filter((c) => c.proc === Proc.CONNECT_DOMAIN_EVENT_REGISTER_ANY)).toHaveLength(1);

    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_LIFECYCLE, legacyLifecycle(db, 0, 0));
    ch.emit(Program.REMOTE, Proc.DOMAIN_EVENT_LIFECYCLE, legacyLifecycle(web, 2, 0));
    expect((await all.next()).value).toMatchObject({ callbackID: null, dom: db, eventName: 'DEFINED' });
    expect((await all.next()).value).toMatchObject({ dom: web, eventName: 'STARTED' });
    expect((await onlyWeb.next()).value).toMatchObject({ dom: web, eventName: 'STARTED' });

    await all.close();
    expect(ch.calls.some((c) => c.proc === Proc.CONNECT_DOMAIN_EVENT_DEREGISTER_ANY)).toBe(false);
    await onlyWeb.close();
    expect(ch.calls.filter((c) => c.proc === Proc.CONNECT_DOMAIN_EVENT_DEREGISTER_ANY).map((c) => c.args)).toEqual([xdr((w) => w.int(0))]);
    expect(ch.handlerCount).toBe(0);
  });

  it('refuses event ids without a legacy form this client decodes', async () => {
    const ch = daemon({ callbacks: false });
    await expect(subscribeDomainEvents(ch, { eventId: DomainEventId.GRAPHICS })).rejects.toThrow(/no legacy form/);
  });
});

describe('network events', () => {
  it('routes network lifecycle events by their own callback ids', async () => {
    const ch = daemon();
    const sub = await subscribeNetworkLifecycle(ch);
    const net = { name: 'default', uuid: web.uuid };
    ch.emit(
      Program.REMOTE,
      Proc.NETWORK_EVENT_LIFECYCLE,
      xdr((w) => {
        encodeNetwork(w.int(0), net);
        w.int(2).int(0);
      }),
    );
    expect((await sub.next()).value).toEqual({ kind: 'network-lifecycle', callbackID: 0, net, event: 2, detail: 0, eventName: 'STARTED' });
    await sub.close();
  });
});
