import { describe, expect, it } from 'vitest';
import { takeOverReason } from '../../../../main/images/base-volume/ensure-base-volume';
import type { ImageHostCacheRecord } from '../../../../main/inventory/model';
import { currentOwner } from '../../../../main/compute/process-owner';

const now = Date.parse('2026-12-07T20:00:00.000Z');
const row = (owner: string | null, heartbeatAt: string | null): ImageHostCacheRecord => ({
  imageId: 'i',
  hostId: 'h',
  pool: 'default',
  volumeName: '_base_x',
  format: 'qcow2',
  sizeBytes: 1,
  sha256: null,
  path: null,
  status: 'uploading',
  owner,
  heartbeatAt,
  createdAt: '',
  updatedAt: '',
});
const timing = { staleMs: 60_000 };
const fresh = new Date(now - 1000).toISOString();
const old = new Date(now - 61_000).toISOString();

describe('takeOverReason', () => {
  it('waits for a live owner with a fresh heartbeat (this process counts as live here)', () => {
    const other = `${process.ppid}:-@${currentOwner().split('@')[1]}`;
    expect(takeOverReason(row(other, fresh), 'me', timing, now)).toBeNull();
  });

  it('takes over a dead owner, a row without owner, its own leftover, and a silent owner', () => {
    const host = currentOwner().split('@')[1];
    expect(takeOverReason(row(`4194305:1@${host}`, fresh), 'me', timing, now)).toMatch(/no longer running/);
    expect(takeOverReason(row(null, fresh), 'me', timing, now)).toMatch(/no owner/);
    expect(takeOverReason(row(currentOwner(), fresh), currentOwner(), timing, now)).toMatch(/left over by this process/);
    expect(takeOverReason(row(`${process.ppid}:-@${host}`, old), 'me', timing, now)).toMatch(/no heartbeat for over 60 s/);
    expect(takeOverReason(row(`${process.ppid}:-@${host}`, null), 'me', timing, now)).toMatch(/no heartbeat/);
  });

  it('waits for an owner on another machine until its heartbeat goes stale', () => {
    expect(takeOverReason(row('1:1@elsewhere.example', fresh), 'me', timing, now)).toBeNull();
    expect(takeOverReason(row('1:1@elsewhere.example', old), 'me', timing, now)).toMatch(/heartbeat/);
  });
});
