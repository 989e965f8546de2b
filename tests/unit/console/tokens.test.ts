// One-time console tokens on a real SQLite inventory, with a fake clock.
import { describe, expect, it, vi } from 'vitest';
import { ConsoleTokenRefusedError } from '../../../main/console/errors';
import { CONSOLE_TOKEN_TTL_MS, ConsoleTokens, sha256Hex } from '../../../main/console/tokens';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { addHost, useTempStore } from '../inventory/helpers';

const tempStore = useTempStore();

function setup() {
  const store = tempStore();
  const host = addHost(store, 'lab1');
  const project = store.projects.list()[0]!;
  const instance = (name: string) =>
    store.instances.insert({ name, projectId: project.id, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 1 });
  const web = instance('web-1');
  const db = instance('db-1');
  let now = Date.parse('2026-01-05T10:00:00.000Z');
  const log = vi.fn<(message: string) => void>();
  const tokens = new ConsoleTokens(store, { now: () => now, log });
  const advance = (ms: number) => void (now += ms);
  const target = { instanceUuid: web.uuid, kind: 'vnc' as const, detail: { hostId: host.id, endpoint: { kind: 'tcp', host: '127.0.0.1', port: 5900 } } };
  return { store, tokens, web, db, log, advance, target };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConsoleTokenRefusedError) return error.reason;
    throw error;
  }
  throw new Error('expected a refusal');
}

function rows(store: SqliteInventoryStore): Record<string, unknown>[] {
  return store.db.prepare('SELECT * FROM console_tokens').all() as Record<string, unknown>[];
}

describe('console tokens', () => {
  it('are 128 random bits, stored only as their SHA-256, bound to the session, expiring after 30 s', () => {
    const { store, tokens, target, web } = setup();
    const issued = tokens.issue(target, 'session-a');
    expect(Buffer.from(issued.token, 'base64url')).toHaveLength(16);
    expect(issued.expiresAt.toISOString()).toBe('2026-01-05T10:00:30.000Z');
    const [row, ...others] = rows(store);
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({ token_hash: sha256Hex(issued.token), instance_uuid: web.uuid, console_type: 'vnc', expires_at: '2026-01-05T10:00:30.000Z' });
    // Neither the token nor the session id is in the database in clear.
    const dump = JSON.stringify(row);
    expect(dump).not.toContain(issued.token);
    expect(dump).not.toContain('session-a');
    expect(tokens.issue(target, 'session-a').token).not.toBe(issued.token);
  });

  it('work once, for the right instance and session, and are removed on use', () => {
    const { store, tokens, target, web } = setup();
    const { token } = tokens.issue(target, 'session-a');
    const used = tokens.consume(token, { instanceUuid: web.uuid, viewerSession: 'session-a' });
    expect(used).toEqual({ instanceUuid: web.uuid, kind: 'vnc', detail: target.detail });
    expect(rows(store)).toHaveLength(0);
  });

  it('refuse reuse, and say so', () => {
    const { tokens, target, web, log } = setup();
    const { token } = tokens.issue(target, 'session-a');
    tokens.consume(token, { instanceUuid: web.uuid, viewerSession: 'session-a' });
    expect(refusal(() => tokens.consume(token, { instanceUuid: web.uuid, viewerSession: 'session-a' }))).toBe('reused');
    expect(log).toHaveBeenCalledWith(`virt-deck: console token refused (reused) for instance ${web.uuid}`);
    // The token never appears in a log line.
    for (const [line] of log.mock.calls) expect(line).not.toContain(token);
  });

  it('refuse a token presented after 30 s (fake clock), found or already swept', () => {
    const { tokens, target, web, advance } = setup();
    const late = tokens.issue(target, 'session-a');
    const swept = tokens.issue(target, 'session-a');
    advance(CONSOLE_TOKEN_TTL_MS - 1);
    const inTime = tokens.issue(target, 'session-a');
    expect(tokens.consume(inTime.token, { instanceUuid: web.uuid, viewerSession: 'session-a' }).instanceUuid).toBe(web.uuid);
    advance(1);
    // Reached before any sweep: still refused as expired.
    expect(refusal(() => tokens.consume(late.token, { instanceUuid: web.uuid, viewerSession: 'session-a' }))).toBe('expired');
    // The consume above swept the other one: remembered as expired, not "unknown".
    expect(refusal(() => tokens.consume(swept.token, { instanceUuid: web.uuid, viewerSession: 'session-a' }))).toBe('expired');
  });

  it('are swept when they expire, unused', () => {
    const { store, tokens, target, advance } = setup();
    tokens.issue(target, 'session-a');
    tokens.issue(target, 'session-b');
    advance(10_000);
    tokens.issue(target, 'session-c');
    advance(CONSOLE_TOKEN_TTL_MS - 10_000);
    expect(tokens.sweep()).toBe(2);
    expect(rows(store)).toHaveLength(1);
  });

  it('refuse a token for another instance or console kind, and burn it', () => {
    const { tokens, target, web, db } = setup();
    const first = tokens.issue(target, 'session-a');
    expect(refusal(() => tokens.consume(first.token, { instanceUuid: db.uuid, viewerSession: 'session-a' }))).toBe('wrong-instance');
    // Used up by the wrong presentation: the right one is refused too.
    expect(refusal(() => tokens.consume(first.token, { instanceUuid: web.uuid, viewerSession: 'session-a' }))).toBe('reused');
    const second = tokens.issue(target, 'session-a');
    expect(refusal(() => tokens.consume(second.token, { instanceUuid: web.uuid, viewerSession: 'session-a', kind: 'serial' }))).toBe('wrong-instance');
  });

  it('refuse a token presented by another viewer session', () => {
    const { tokens, target, web } = setup();
    const { token } = tokens.issue(target, 'session-a');
    expect(refusal(() => tokens.consume(token, { instanceUuid: web.uuid, viewerSession: 'session-b' }))).toBe('wrong-session');
  });

  it('refuse forged tokens', () => {
    const { tokens, target, web } = setup();
    const { token } = tokens.issue(target, 'session-a');
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(refusal(() => tokens.consume(forged, { instanceUuid: web.uuid, viewerSession: 'session-a' }))).toBe('unknown');
    expect(refusal(() => tokens.consume('', { instanceUuid: web.uuid, viewerSession: 'session-a' }))).toBe('unknown');
    // The real one still works: a forgery does not burn it.
    expect(tokens.consume(token, { instanceUuid: web.uuid, viewerSession: 'session-a' }).instanceUuid).toBe(web.uuid);
  });

  it('go when their instance row goes', () => {
    const { store, tokens, target } = setup();
    tokens.issue(target, 'session-a');
    store.db.pragma('foreign_keys = ON');
    store.db.prepare('DELETE FROM instances WHERE uuid = ?').run(target.instanceUuid);
    expect(rows(store)).toHaveLength(0);
  });
});
