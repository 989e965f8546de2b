import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleKind } from '../../common/contract/console-wire';
import type { InventoryStore } from '../inventory/repositories';
import { ConsoleTokenRefusedError, type TokenRefusal } from './errors';

/** How long a token is good for before its first (and only) use. */
export const CONSOLE_TOKEN_TTL_MS = 30_000;

/** Refusal memory: how many used or expired token hashes are remembered, and for how long, to name a refusal. */
const TOMBSTONE_LIMIT = 4096;
const TOMBSTONE_TTL_MS = 10 * 60_000;

/** What a token lets its holder open, as stored beside its hash (no password: that only goes to the viewer). */
export interface ConsoleTarget {
  readonly instanceUuid: string;
  readonly kind: ConsoleKind;
  /** Endpoint and route details the console service resolved when issuing (JSON data). */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A token just issued. */
export interface IssuedToken {
  /** The token itself: handed to the viewer once, never stored or logged. */
  readonly token: string;
  readonly expiresAt: Date;
}

/** Options of {@link ConsoleTokens}. */
export interface ConsoleTokenOptions {
  /** Clock in ms since the epoch (tests pass a fake one). */
  readonly now?: () => number;
  readonly ttlMs?: number;
  /** Where refusals are reported (never with the token). */
  readonly log?: (message: string) => void;
}

/** SHA-256 of a token or session id, lower-case hex (what the database keeps). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * One-time console tokens (nova-consoleauth, done stricter): 128 random bits, stored only as their SHA-256 in the
 * inventory's `console_tokens` table, bound to one instance and one viewer session, valid for 30 s until first use,
 * single use (the row is removed by the one `DELETE … RETURNING` that uses it), and removed when they expire.
 * Any presentation uses the token up: one presented by the wrong window or for the wrong instance is burnt too.
 */
export class ConsoleTokens {
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly log: (message: string) => void;
  /** Hashes of tokens recently used or expired → why they are gone, so a second try is refused by name. */
  private readonly tombstones = new Map<string, { reason: 'reused' | 'expired'; at: number }>();

  constructor(
    private readonly store: InventoryStore,
    options: ConsoleTokenOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? CONSOLE_TOKEN_TTL_MS;
    this.log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /** Issue a token for `target`, usable only by `viewerSession`. */
  issue(target: ConsoleTarget, viewerSession: string): IssuedToken {
    const token = randomBytes(16).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now + this.ttlMs);
    this.store.write((repos) => {
      this.sweepIn(repos.consoleTokens, now);
      repos.consoleTokens.insert({
        tokenHash: sha256Hex(token),
        instanceUuid: target.instanceUuid,
        consoleType: target.kind,
        target: { ...target.detail, session: sha256Hex(viewerSession) },
        createdAt: new Date(now).toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
    });
    return { token, expiresAt };
  }

  /**
   * Use a token: it must exist, be unexpired, be for `instance` (UUID) and have been issued to `viewerSession`.
   * Throws ConsoleTokenRefusedError naming why otherwise, and logs the refusal (never the token).
   */
  consume(token: string, expected: { readonly instanceUuid: string; readonly viewerSession: string; readonly kind?: ConsoleKind }): ConsoleTarget {
    const hash = sha256Hex(token);
    const now = this.now();
    const row = this.store.write((repos) => {
      this.sweepIn(repos.consoleTokens, now);
      return repos.consoleTokens.take(hash);
    });
    const refuse = (reason: TokenRefusal): never => {
      this.log(`virt-deck: console token refused (${reason}) for instance ${expected.instanceUuid}`);
      throw new ConsoleTokenRefusedError(reason);
    };
    if (row === undefined) return refuse(this.tombstone(hash, now) ?? 'unknown');
    this.remember(hash, 'reused', now);
    if (Date.parse(row.expiresAt) <= now) return refuse('expired');
    if (row.instanceUuid !== expected.instanceUuid || (expected.kind !== undefined && row.consoleType !== expected.kind)) return refuse('wrong-instance');
    const { session, ...detail } = row.target;
    if (session !== sha256Hex(expected.viewerSession)) return refuse('wrong-session');
    return { instanceUuid: row.instanceUuid, kind: row.consoleType === 'serial' ? 'serial' : 'vnc', detail };
  }

  /** Remove expired tokens now (also done on every issue and use). Returns how many were removed. */
  sweep(): number {
    const now = this.now();
    return this.store.write((repos) => this.sweepIn(repos.consoleTokens, now));
  }

  private sweepIn(tokens: InventoryStore['consoleTokens'], now: number): number {
    const removed = tokens.removeExpired(new Date(now).toISOString());
    for (const hash of removed) this.remember(hash, 'expired', now);
    return removed.length;
  }

  private remember(hash: string, reason: 'reused' | 'expired', now: number): void {
    this.tombstones.delete(hash);
    this.tombstones.set(hash, { reason, at: now });
    // Oldest first (insertion order): drop what is too old or too many.
    for (const [key, entry] of this.tombstones) {
      if (this.tombstones.size <= TOMBSTONE_LIMIT && now - entry.at < TOMBSTONE_TTL_MS) break;
      this.tombstones.delete(key);
    }
  }

  private tombstone(hash: string, now: number): 'reused' | 'expired' | null {
    const entry = this.tombstones.get(hash);
    if (entry === undefined || now - entry.at >= TOMBSTONE_TTL_MS) return null;
    return entry.reason;
  }
}
