import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadFontSetup } from '../fonts/manifest.js';
import type { buildTree } from '../template/document-tree.js';
import type { Theme } from '../theme/theme.js';
import { missingGlyphDiagnostics } from './missing-glyphs.js';
import { planFonts, type FontPlan } from './plan.js';

/** Which face draws each character; characters no face has are errors unless allowed. */
export async function fontPlanFor(
  built: Awaited<ReturnType<typeof buildTree>>,
  theme: Theme,
  allowMissingGlyphs = false,
): Promise<{ plan: FontPlan; diagnostics: Diagnostic[] }> {
  const plan = await planFonts(built.tree, theme, loadFontSetup(theme));
  const { profile, submission } = built.content.sources;
  const diagnostics = missingGlyphDiagnostics(
    plan.missing,
    [profile, submission],
    (role) => theme.fonts[role as keyof Theme['fonts']],
    allowMissingGlyphs ? 'warning' : 'error',
  );
  return { plan, diagnostics };
}
