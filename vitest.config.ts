import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // .tsx: renderer component tests (each names its DOM environment: `// @vitest-environment happy-dom`).
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // The lab's own lifecycle (up → down leaves nothing behind): runs with no lab up, before integration.
          name: 'lab',
          include: ['tests/lab/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // One lab for the whole run: brought up once, torn down at the end.
          globalSetup: ['tests/lab/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // Tests share one libvirtd; files run one after another to keep the 2-core machine calm.
          fileParallelism: false,
        },
      },
    ],
  },
});
