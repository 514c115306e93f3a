import { join } from 'node:path';
import { root } from '../helpers.js';

/**
 * Fonts only the tests use, from Debian's archive, unpacked by scripts/fetch-test-fonts.sh
 * (the test run's global setup runs it when they are missing) and never installed:
 * fontconfig does not see them, so a machine without Chinese fonts keeps none.
 */
export const testFonts = {
  /** CJK Extension B (𠀀 𪚥): the fallback-chain tests. */
  hanaMinB: join(root, '.cache', 'test-fonts', 'HanaMinB.ttf'),
  /** A font collection (five faces), for choosing a face by index. */
  notoCjk: join(root, '.cache', 'test-fonts', 'NotoSerifCJK-Regular.ttc'),
};
