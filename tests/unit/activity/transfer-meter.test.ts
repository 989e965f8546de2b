import { describe, expect, it } from 'vitest';
import { TransferMeter, type ByteProgress } from '../../../main/activity';

function meter(total: number | null) {
  let t = 0;
  const reports: ByteProgress[] = [];
  const m = new TransferMeter({ total, report: (p) => reports.push(p), clock: () => t });
  return { m, reports, tick: (ms: number) => (t += ms) };
}

describe('TransferMeter', () => {
  it('reports at most four times a second, and always at the end', () => {
    const { m, reports, tick } = meter(1000);
    for (let i = 0; i < 100; i++) {
      tick(10); // 100 chunks over one second
      m.add(10);
    }
    expect(reports.length).toBeLessThanOrEqual(5);
    m.finish();
    expect(reports.at(-1)).toMatchObject({ bytes: 1000, total: 1000, etaSeconds: 0 });
  });

  it('gives the rate over the recent window and an ETA from it', () => {
    const { m, reports, tick } = meter(10_000);
    tick(1000);
    m.add(1000); // 1000 B/s
    expect(reports.at(-1)).toMatchObject({ bytes: 1000, rate: 1000, etaSeconds: 9 });
    for (let i = 0; i < 8; i++) {
      tick(1000); // then a stall: nothing for 8 s
      m.add(0);
    }
    const stalled = reports.at(-1) as ByteProgress;
    expect(stalled.rate).toBeLessThan(400);
    expect(stalled.etaSeconds ?? Infinity).toBeGreaterThan(20);
  });

  it('has no ETA without a total or before any rate', () => {
    const unknown = meter(null);
    unknown.tick(500);
    unknown.m.add(100);
    expect(unknown.reports.at(-1)).toMatchObject({ total: null, etaSeconds: null, rate: 200 });
    expect(meter(100).m.snapshot()).toMatchObject({ rate: 0, etaSeconds: null });
  });
});
