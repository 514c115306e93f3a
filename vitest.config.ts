import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // LibreOffice and the renderers are heavy: two workers on the 2-core machines.
    maxWorkers: 2,
  },
});
