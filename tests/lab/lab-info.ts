import { inject } from 'vitest';
import './provided-context';
import type { LabInfo } from './types';

/** The lab the integration project's globalSetup brought up (or found running). Call it inside test files. */
export function labInfo(): LabInfo {
  const lab = inject('lab');
  if (lab === undefined) {
    throw new Error('No lab was provided: run this file in the vitest project "integration" (its globalSetup tests/lab/global-setup.ts brings the lab up)');
  }
  return lab;
}
