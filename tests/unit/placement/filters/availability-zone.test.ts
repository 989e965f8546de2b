import { describe, expect, it } from 'vitest';
import { host, request, runFilter } from '../fixtures';

describe('AvailabilityZoneFilter', () => {
  const hosts = [
    host('explicit', { availabilityZone: 'az1' }),
    host('aggregate', { aggregates: [{ name: 'rack', metadata: { availability_zone: 'az1, az2' } }] }),
    host('default'),
  ];

  it('passes everything when no zone is requested', () => {
    expect(runFilter('AvailabilityZoneFilter', request(), hosts)).toEqual([null, null, null]);
    expect(runFilter('AvailabilityZoneFilter', request({ availabilityZone: '' }), hosts)).toEqual([null, null, null]);
  });

  it('matches the host zone, then the aggregates (comma-separated), then the default zone', () => {
    expect(runFilter('AvailabilityZoneFilter', request({ availabilityZone: 'az1' }), hosts)).toEqual([
      null,
      null,
      'availability zone "az1" requested; host is in "nova"',
    ]);
    expect(runFilter('AvailabilityZoneFilter', request({ availabilityZone: 'az2' }), hosts)).toEqual([
      'availability zone "az2" requested; host is in "az1"',
      null,
      'availability zone "az2" requested; host is in "nova"',
    ]);
    expect(runFilter('AvailabilityZoneFilter', request({ availabilityZone: 'nova' }), hosts)[2]).toBeNull();
  });

  it('uses the configured default zone', () => {
    expect(runFilter('AvailabilityZoneFilter', request({ availabilityZone: 'lab' }), [host('d')], { defaultAvailabilityZone: 'lab' })).toEqual([null]);
  });
});
