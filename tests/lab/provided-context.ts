import type { LabInfo } from './types';

// What the integration project's globalSetup hands to test files (`project.provide('lab', info)`).
declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabInfo;
  }
}
