import { describe, expect, it } from 'vitest';
import type { PlacementPreview } from '../../../../../common/contract/create-schemas';
import type { FlavorListing, Image, ProjectListing } from '../../../../../common/contract/schemas';
import {
  buildProgress,
  type QuotaFigures,
  createArgs,
  emptyDraft,
  firstInvalidStep,
  flavorProblem,
  isDirty,
  nameProblem,
  parseCount,
  quotaAfter,
  validateStep,
  type WizardFacts,
} from '../../../../../renderer/features/create/wizard-model';

const flavor = (id: string, vcpus: number, ramMiB: number, diskGiB = 1): FlavorListing => ({ id, name: id, vcpus, ramMiB, diskGiB, ephemeralGiB: 0, swapMiB: 0, isPublic: true, description: null, extraSpecs: {} });
const image = (over: Partial<Image> = {}): Image => ({
  id: 'img',
  name: 'boot',
  status: 'active',
  diskFormat: 'qcow2',
  visibility: 'public',
  ownerProjectId: null,
  source: null,
  sizeBytes: 1,
  virtualSizeBytes: 1,
  checksumSha256: null,
  minDiskGiB: 1,
  minRamMiB: 64,
  properties: {},
  hosts: [],
  instances: 0,
  createdAt: '',
  updatedAt: '',
  ...over,
});
const project: ProjectListing = { id: 'p1', name: 'admin', description: '', enabled: true, createdAt: '' };
const quota: QuotaFigures[] = [
  { resource: 'cores', limit: 4, inUse: 2 },
  { resource: 'disk', limit: -1, inUse: 10 },
  { resource: 'instances', limit: 10, inUse: 1 },
  { resource: 'ram', limit: 4096, inUse: 1024 },
];
const preview = (ok: boolean, message: string | null = null): PlacementPreview => ({ ok, chosen: ok ? ['hv1'] : [], explanation: ok ? 'hv1: rank 1 of 1 candidate' : null, message, hosts: [] });
const facts = (over: Partial<WizardFacts> = {}): WizardFacts => ({
  projects: [project],
  images: [image()],
  flavors: [flavor('small', 1, 512), flavor('big', 4, 2048)],
  quota,
  flavorPreviews: {},
  placement: preview(true),
  ...over,
});

describe('the create wizard model', () => {
  it('names what is wrong with a name and a count, as typed', () => {
    expect(nameProblem('')).toBe('Give the instance a name');
    expect(nameProblem(' web')).toBe('No spaces at the start or end');
    expect(nameProblem('web\u0007')).toBe('No control characters');
    expect(nameProblem('x'.repeat(256))).toBe('At most 255 characters (this is 256)');
    expect(nameProblem('web-1')).toBeUndefined();
    expect(parseCount('two')).toBe('A whole number, 1 or more');
    expect(parseCount('1.5')).toBe('A whole number, 1 or more');
    expect(parseCount('0')).toBe('At least 1');
    expect(parseCount('101')).toBe('At most 100 in one request');
    expect(parseCount(' 3 ')).toBe(3);
  });

  it('validates each step on its own fields', () => {
    const draft = { ...emptyDraft('p1'), name: 'web' };
    expect(validateStep('details', draft, facts())).toEqual({});
    expect(validateStep('details', { ...draft, project: '', count: 'x', description: 'd'.repeat(256) }, facts())).toEqual({
      project: 'Choose a project',
      count: 'A whole number, 1 or more',
      description: 'At most 255 characters (this is 256)',
    });
    expect(validateStep('details', draft, facts({ projects: [{ ...project, enabled: false }] }))).toEqual({ project: 'Project admin is disabled' });
    expect(validateStep('source', draft, facts())).toEqual({ image: 'Choose an image to boot from' });
    expect(validateStep('source', { ...draft, image: 'img' }, facts({ images: [image({ diskFormat: 'iso' })] }))).toEqual({ image: 'iso images cannot be booted (only qcow2 and raw)' });
    expect(validateStep('flavor', draft, facts())).toEqual({ flavor: 'Choose a flavor' });
    expect(validateStep('placement', { ...draft, placement: 'host' }, facts())).toEqual({ host: 'Choose a host, or let the scheduler place it' });
    expect(validateStep('placement', { ...draft, placement: 'host', host: 'hv2' }, facts({ placement: preview(false, 'No valid host was found.') }))).toEqual({ host: 'No valid host was found.' });
    expect(validateStep('placement', draft, facts())).toEqual({});
    expect(validateStep('access', { ...draft, userData: 'x'.repeat(65_537) }, facts())).toEqual({ userData: 'At most 64 KiB of user-data' });
    expect(validateStep('access', { ...draft, userData: 'é'.repeat(32_769) }, facts())).toEqual({ userData: 'At most 64 KiB of user-data' });
  });

  it('disables flavors over the quota left, too small for the image, or fitting no host — with the reason', () => {
    const [small, big] = facts().flavors as [FlavorListing, FlavorListing];
    expect(flavorProblem(small, image(), facts(), 1)).toBeUndefined();
    expect(flavorProblem(big, image(), facts(), 1)).toBe('Over quota: vCPUs 6 of 4');
    expect(flavorProblem(small, image(), facts(), 3)).toBe('Over quota: vCPUs 5 of 4');
    expect(flavorProblem(small, image({ minRamMiB: 1024 }), facts(), 1)).toBe('Less RAM than the image needs (min_ram 1024 MiB)');
    expect(flavorProblem(small, image({ minDiskGiB: 5 }), facts(), 1)).toBe('Smaller disk than the image needs (min_disk 5 GiB)');
    expect(flavorProblem(small, image(), facts({ flavorPreviews: { small: preview(false, 'No valid host was found. CapacityFilter removed hv1') } }), 1)).toBe(
      'Fits on no host: No valid host was found. CapacityFilter removed hv1',
    );
    expect(flavorProblem(big, undefined, facts({ quota: null }), 1)).toBeUndefined();
  });

  it('shows the quota after the request: usage plus what the flavor adds, unlimited never exceeded', () => {
    const lines = quotaAfter(quota, flavor('x', 2, 1024, 5), 2);
    expect(lines).toEqual([
      { resource: 'cores', limit: 4, inUse: 2, after: 6, exceeded: true },
      { resource: 'disk', limit: -1, inUse: 10, after: 20, exceeded: false },
      { resource: 'instances', limit: 10, inUse: 1, after: 3, exceeded: false },
      { resource: 'ram', limit: 4096, inUse: 1024, after: 3072, exceeded: false },
    ]);
    expect(quotaAfter(quota, undefined, 2).map((l) => l.after)).toEqual([2, 10, 1, 1024]);
  });

  it('knows a changed draft, the first step to fix, and the request it sends', () => {
    const initial = emptyDraft('p1');
    expect(isDirty(initial, initial)).toBe(false);
    expect(isDirty({ ...initial, name: 'w' }, initial)).toBe(true);
    const draft = { ...initial, name: 'web', image: 'img', flavor: 'small' };
    expect(firstInvalidStep({ ...draft, name: '' }, facts())).toBe('details');
    expect(firstInvalidStep(draft, facts())).toBeNull();
    expect(createArgs(draft)).toEqual({ name: 'web', project: 'p1', image: 'img', flavor: 'small' });
    expect(createArgs({ ...draft, count: '3', description: 'd', placement: 'host', host: 'hv1', network: 'default', keyName: 'me', userData: '#cloud-config' })).toEqual({
      name: 'web',
      project: 'p1',
      image: 'img',
      flavor: 'small',
      count: 3,
      description: 'd',
      host: 'hv1',
      network: 'default',
      keyName: 'me',
      userData: '#cloud-config',
    });
  });

  it('tells where a build is, and which step failed', () => {
    const phases = (p: ReturnType<typeof buildProgress>) => p.steps.map((s) => `${s.state}:${s.phase}`);
    expect(phases(buildProgress({ status: 'BUILD', taskState: 'block_device_mapping' }))).toEqual([
      'scheduling:done',
      'networking:done',
      'block_device_mapping:current',
      'spawning:todo',
      'ACTIVE:todo',
    ]);
    expect(buildProgress({ status: 'ACTIVE', taskState: null }).outcome).toBe('active');
    const failed = buildProgress({ status: 'ERROR', taskState: null }, 'spawning');
    expect(failed.outcome).toBe('error');
    expect(phases(failed)).toEqual(['scheduling:done', 'networking:done', 'block_device_mapping:done', 'spawning:failed', 'ACTIVE:todo']);
  });
});
