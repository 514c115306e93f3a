import { problemAt, TemplateProblem } from './errors.js';

/**
 * How much one content template may produce. A loop in a loop multiplies: four nested
 * {{#each}} over 60 items are 13 million rounds from a line of text, and a value named
 * 100,000 times is as many copies. Both are counted while the template renders, so
 * the render stops at the cap instead of building gigabytes of string first.
 *
 * The caps are far above any real field: a long paragraph has a few thousand
 * characters, and the longest UN documents (~30,000 words) about 200,000 in all.
 */
export const templateLimits = {
  /** Characters one field's template may produce. */
  characters: 1_000_000,
  /** Rounds of {{#each}} loops in one field's template, nested ones included. */
  loopRounds: 100_000,
} as const;

interface Loc {
  start: { line: number; column: number };
}

/**
 * The characters and loop rounds one content template has used so far. Every
 * character is counted once: a value where it is inserted, literal text where the
 * loop round holding it ends.
 */
export class RenderBudget {
  private characters = 0;
  private rounds = 0;

  /** Counts a value inserted by `{{…}}` (already escaped); returns it. */
  inserted(text: string): string {
    this.spend(text.length);
    return text;
  }

  /**
   * A loop body that counts its rounds, and the text of each round not yet counted
   * (the literal text between its expressions). Over a cap, the problem is located at
   * the loop that `loc` gives, unless a loop inside it was already named.
   */
  loopBody(body: (context: unknown, options?: unknown) => string, loc: Loc | undefined): (context: unknown, options?: unknown) => string {
    // A loop body is called with its context and options, as Handlebars calls every block.
    return (context: unknown, options?: unknown) => {
      try {
        if (++this.rounds > templateLimits.loopRounds) throw new OverBudget(`runs its loops more than ${templateLimits.loopRounds.toLocaleString('en')} rounds`);
        const before = this.characters;
        const text = body(context, options);
        this.spend(text.length - (this.characters - before));
        return text;
      } catch (e) {
        if (e instanceof OverBudget) throw problemAt(e.rule, `${e.message}, in this loop: a loop inside a loop multiplies what it writes`, loc);
        throw e;
      }
    };
  }

  private spend(characters: number): void {
    this.characters += characters;
    if (this.characters > templateLimits.characters) {
      throw new OverBudget(`writes more than ${templateLimits.characters.toLocaleString('en')} characters`);
    }
  }
}

/** Over a cap, before the loop it happened in is known; outside any loop it is a problem at the field. */
export class OverBudget extends TemplateProblem {
  constructor(what: string) {
    super('template/too-large', `the template ${what} (the limit for one field)`, 1, 0);
  }
}
