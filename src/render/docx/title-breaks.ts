import { composeParagraph } from '../../compose/paragraph.js';
import type { FontkitFont } from '../../compose/shape.js';
import type { ComposeFont, ComposeRun } from '../../compose/types.js';
import { blockRuns } from '../../document/runs.js';
import type { Block, DocumentTree } from '../../document/tree.js';
import { fontkit } from '../../fonts/parsed.js';
import type { FontPlan } from '../../fonts/plan.js';
import { directionOf } from '../../text/script.js';
import { textBlock } from '../../theme/page.js';
import type { Theme } from '../../theme/theme.js';
import type { Subsetter } from './embedded-fonts.js';

/**
 * Where the title's lines break, as offsets into its text: the PDF's balanced lines,
 * broken between words ("…审查 / “影子报告”", not "…审查“影 / 子报告”"), found by the
 * same composer with the same faces, measure and size. Word and LibreOffice break a
 * Chinese title wherever a line is full; the DOCX gives them these breaks as line
 * breaks in the title, so both files show the same title. A title of one line has none.
 */
export async function titleBreaks(tree: DocumentTree, theme: Theme, plan: FontPlan, subset: Subsetter): Promise<Map<Block, number[]>> {
  const breaks = new Map<Block, number[]>();
  const lang = tree.meta.lang;
  const { width } = textBlock(theme);
  const size = theme.title.size;
  // The subsets the document embeds hold every character each face draws.
  const fonts = new Map<string, Promise<ComposeFont | undefined>>();
  const fontOf = (faceId: string, bold: boolean) => {
    const key = `${faceId}/${bold ? 'bold' : 'normal'}`;
    if (!fonts.has(key)) {
      const usage = [...plan.usage.values()].find((u) => u.face.id === faceId && u.bold === bold);
      fonts.set(key, usage ? subset(usage.file, usage.text).then((bytes) => ({ key, font: fontkit().create(bytes) as FontkitFont })) : Promise.resolve(undefined));
    }
    return fonts.get(key)!;
  };

  for (const block of tree.blocks) {
    if (block.kind !== 'title') continue;
    const runs: ComposeRun[] = [];
    for (const run of blockRuns(block, lang, [])) {
      for (const segment of plan.segment(run.text, run.role, run.bold, run.lang)) {
        const font = await fontOf(segment.face.id, run.bold);
        if (!font) return breaks; // a face the plan did not draw with: leave the breaks to Word
        runs.push({ text: segment.text, font, size });
      }
    }
    if (!runs.length) continue;
    const strut = (await fontOf(plan.primary('title', lang).id, true)) ?? runs[0]!.font;
    const lines = composeParagraph(runs, {
      width,
      align: 'center',
      direction: directionOf(lang),
      lang,
      autospace: theme.text.autospace,
      lineHeight: 1,
      strut: { font: strut, size },
      balance: true,
    });
    if (lines.length > 1) breaks.set(block, lines.slice(1).map((line) => line.start));
  }
  return breaks;
}
