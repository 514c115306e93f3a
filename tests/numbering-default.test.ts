import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dossier, pdfText, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Whether paragraphs are numbered (issue 23): the nearest that says wins: the paragraph,
 * the submission, the kind, the theme; numbered where none says. The `report` kind has
 * no word on it (kinds/report.yaml), HRC statements are unnumbered and UPR submissions
 * numbered (kinds/*.yaml).
 */
interface Case {
  kind: 'report' | 'hrc-written-statement' | 'upr-stakeholder';
  /** The content folder's theme.yaml says `paragraph.numbered:`. */
  theme?: boolean;
  submission?: boolean;
  /** The first paragraph says `numbered:`. */
  paragraph?: boolean;
}

/** The PDF's text of a starter of the kind, its body two paragraphs, with each level's word as given. */
function built({ kind, theme, submission, paragraph }: Case): string {
  const dir = join(tempDir(), 'content');
  const init = dossier(['init', '--kind', kind, dir]);
  expect(init.code, init.stderr).toBe(0);
  const file = join(dir, 'submission.yaml');
  const text = readFileSync(file, 'utf8');
  const first = `  - paragraph: First paragraph.\n${paragraph === undefined ? '' : `    numbered: ${paragraph}\n`}`;
  const says = submission === undefined ? '' : `numbered: ${submission}\n`;
  writeFileSync(file, `${text.slice(0, text.indexOf('body:'))}${says}body:\n${first}  - paragraph: Second paragraph.\nfootnotes: {}\n`);
  if (theme !== undefined) writeFileSync(join(dir, 'theme.yaml'), `extends: ${kind === 'hrc-written-statement' ? 'hrc' : 'un'}\nparagraph:\n  numbered: ${theme}\n`);
  const out = tempDir();
  const run = dossier(['build', dir, '--out', out, '--format', 'pdf']);
  expect(run.code, run.stderr).toBe(0);
  return pdfText(join(out, 'submission.pdf'));
}

describe('paragraph numbering: the paragraph, the submission, the kind, the theme; the nearest wins', () => {
  needs('pdftotext');

  it('where none says, paragraphs are numbered', () => {
    expect(built({ kind: 'report' })).toMatch(/1\.\s+First paragraph\.\s+2\.\s+Second paragraph\./);
  });

  it('a kind without a word on it falls back to the theme', () => {
    const text = built({ kind: 'report', theme: false });
    expect(text).toMatch(/First paragraph\.\s+Second paragraph\./);
    expect(text).not.toMatch(/\d\.\s+(First|Second) paragraph/);
  });

  it('the kind wins over the theme: HRC statements unnumbered, UPR submissions numbered', () => {
    const statement = built({ kind: 'hrc-written-statement', theme: true });
    expect(statement).toMatch(/First paragraph\.\s+Second paragraph\./);
    expect(statement).not.toMatch(/\d\.\s+(First|Second) paragraph/);
    expect(built({ kind: 'upr-stakeholder', theme: false })).toMatch(/1\.\s+First paragraph\.\s+2\.\s+Second paragraph\./);
  });

  it('the submission wins over the kind and the theme', () => {
    expect(built({ kind: 'hrc-written-statement', theme: false, submission: true })).toMatch(/1\.\s+First paragraph\.\s+2\.\s+Second paragraph\./);
  });

  it('the paragraph wins over the submission', () => {
    const text = built({ kind: 'upr-stakeholder', submission: false, paragraph: true });
    expect(text).toMatch(/1\.\s+First paragraph\.\s+Second paragraph\./);
    expect(text).not.toMatch(/2\.\s+Second/);
  });
});
