import { describe, expect, it } from 'vitest';
import { PoolXml } from '../../../../main/xml';
import { golden } from '../golden';

describe('PoolXml', () => {
  it('reads a directory pool', () => {
    expect(PoolXml.parse(golden('qemu-pool.xml')).values()).toEqual({
      type: 'dir',
      name: 'vd-lab-pool',
      uuid: '0336aa82-b578-56e3-a461-ceb7ca3cacb1',
      capacity: 270553174016n,
      allocation: 25477492736n,
      available: 245075681280n,
      sourceName: null,
      sourceDir: null,
      sourceDevice: null,
      targetPath: '/work/main/.lab/pool',
    });
    expect(PoolXml.parse(golden('test-pool.xml')).name).toBe('default-pool');
  });
});
