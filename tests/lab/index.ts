// The lab's fixture API for tests and scripts (the CLI is cli.ts; vitest's globalSetup is global-setup.ts).
export type { LabBootImage, LabDomainState, LabGuest, LabHost, LabInfo, LabQemuObjects, LabSeed, LabSsh } from './types';
export { buildBootImage, ensureBootImage, type BuildBootImageOptions } from './boot-image';
export { bootImageDomainXml, type BootImageDomainOptions, type BootImageSeed } from './boot-image-domain';
export { litFraction } from './screenshot';
export { startLab, uniqueName, type LabHandle } from './fixture';
export { downLab, upLab, type UpOptions } from './lab';
export { labStatus, readRunningLab, type LabStatus } from './status';
export { killLibvirtd, startLibvirtd, startSshd, stopSshd, type LabRef } from './faults';
export { domainStates, labHost, virsh, type VirshOptions } from './virsh';
export { defaultStateDir, LAB_DIR_ENV } from './paths';
