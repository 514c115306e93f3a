import type { DocumentTree } from './document/tree.js';
import type { FontPlan } from './font-plan/plan.js';
import { cacheFolder } from './fonts/subset-cache.js';
import { decisionsOf, type Layout } from './layout/layout.js';
import { ask, sideThread } from './side/thread.js';
import type { Theme } from './theme/theme.js';
import type { EmbedFonts } from './render/docx/embedded-fonts.js';

/**
 * The table of formats: each writer translates the one layout into its format, and
 * nothing else in Dossier knows the formats by name (pandoc's Writers table). build.ts
 * and the CLI read it; a new writer is a folder under render/ and an entry here.
 */
export interface WriterInput {
  tree: DocumentTree;
  theme: Theme;
  plan: FontPlan;
  layout: Layout;
  options: { embedFonts?: EmbedFonts; tags?: boolean };
}

/** A written file; and the document's words, where the writer counted them on the way. */
export interface Written {
  bytes: Uint8Array;
  words?: number;
}

export interface Writer {
  /** The file name's extension, and the name the CLI's --format takes. */
  extension: string;
  describe: string;
  write(input: WriterInput): Promise<Written>;
}

/**
 * Each writer's libraries load only when its format is asked for (pdfmake alone takes
 * ~150 ms). The DOCX is written in the side thread where there is one, beside the PDF on
 * this one: a build then takes as long as the slower of the two, not both.
 */
export const writers = {
  pdf: {
    extension: 'pdf',
    describe: 'a tagged PDF (PDF/UA-1) with embedded font subsets, to print and check',
    write: async ({ tree, theme, layout, options }): Promise<Written> => ({ bytes: await (await import('./render/pdf/render.js')).renderPdf(tree, theme, layout, { tags: options.tags }) }),
  },
  docx: {
    extension: 'docx',
    describe: 'a Word document with styles, numbering, footnotes and embedded fonts, laid out as the PDF',
    write: async ({ tree, theme, plan, layout, options }): Promise<Written> => {
      const decisions = decisionsOf(layout);
      const embedFonts = options.embedFonts ?? 'subset';
      if (!sideThread()) return { bytes: await (await import('./render/docx/render.js')).renderDocx(tree, theme, plan, decisions, { embedFonts }) };
      const job = { tree, theme, plan: plan.data, decisions, embedFonts, cache: cacheFolder() } as const;
      const { data, words } = await ask<{ data: Uint8Array; words: number }>({ docx: job });
      return { bytes: data, words };
    },
  },
} as const satisfies Record<string, Writer>;

export type Format = keyof typeof writers;
export const formats = Object.keys(writers) as Format[];
