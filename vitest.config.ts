import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // LibreOffice and the renderers are heavy: two workers on the 2-core machines.
    maxWorkers: 2,
    // Fetches the test-only fonts where they are missing.
    globalSetup: ['./tests/support/global-setup.ts'],
    // The last line names what was skipped for want of a program or font, and how to install it.
    reporters: ['default', './tests/support/skip-summary.ts'],
  },
});
