/**
 * The page builder: composed lines in, pages out, every line and note line at its
 * place. It decides what both writers show: where pages break (a paragraph keeps its
 * first `orphans` and last `widows` lines together, a title or heading stays with
 * what follows), and which page each footnote stands on: the page of its call, at the
 * foot, the body giving way; a note too long for the room left continues on the next
 * page under a continuation rule. Nothing is ever dropped: a group of lines taller
 * than a page is set line by line. Pure data, no fonts: the writers translate.
 */

/** A line of the body, as the page builder needs it. */
export interface FlowLine {
  height: number;
  /** Notes called on this line (indices into the notes), in order. */
  notes: readonly number[];
}

export interface FlowBlock {
  lines: readonly FlowLine[];
  spaceBefore: number;
  spaceAfter: number;
  /** Never the last thing on a page: a title or heading stays with what follows. */
  keepWithNext: boolean;
  /** A page break follows (an explicit one in the content). */
  pageBreakAfter?: boolean;
  /** A rule stands above it (the one over endnotes set after the text), taking the notes' rule's room. */
  ruleAbove?: boolean;
  /**
   * Lines kept together in groups of these counts, in order, instead of by orphans and
   * widows: a table's rows (its caption and header row with its first row).
   */
  groups?: readonly number[];
  /**
   * Lines [from, to) set again at the top of each page a group (after the first) starts
   * on: a table's header row, repeated on every page the table crosses.
   */
  repeat?: readonly [number, number];
}

export interface FlowNote {
  /** Each line's height; notes follow each other with no space between them. */
  lines: readonly number[];
}

export interface PageFrame {
  /** The text block's height: body and notes share it. */
  height: number;
  orphans: number;
  widows: number;
  /** The rule above a page's notes: the room it takes, above the first note line. */
  noteRule: number;
  /** Body lines a page keeps however many notes are called on it, as a height. */
  minBody: number;
}

/** Where a line stands: `y` is the top of its box, from the top of the text block. */
export interface PlacedLine {
  block: number;
  line: number;
  y: number;
}

export interface PlacedNoteLine {
  note: number;
  line: number;
  y: number;
}

export interface Page {
  body: PlacedLine[];
  notes: PlacedNoteLine[];
  /** Where the rule over the notes stands (its top), and whether it is a continuation's. */
  rule?: { y: number; continuation: boolean };
}

/**
 * Lines that go on one page together, in order: [block, line] pairs; `lead`: lines set
 * before them when they start a page (a table's header row).
 */
type Unit = { block: number; line: number }[] & { lead?: { block: number; line: number }[] };

/**
 * Keep-together units: a paragraph's first `orphans` lines, each middle line, its
 * last `widows` lines (a paragraph shorter than both together is one unit); a block
 * kept with the next is glued to the next block's first unit.
 */
function unitsOf(blocks: readonly FlowBlock[], frame: PageFrame): (Unit | 'break')[] {
  const out: (Unit | 'break')[] = [];
  let carried: Unit | undefined;
  blocks.forEach((block, b) => {
    const n = block.lines.length;
    const line = (i: number) => ({ block: b, line: i });
    const units: Unit[] = [];
    if (block.groups) {
      let at = 0;
      const lead = block.repeat ? Array.from({ length: block.repeat[1] - block.repeat[0] }, (_, i) => line(block.repeat![0] + i)) : undefined;
      block.groups.forEach((count, g) => {
        const unit: Unit = Array.from({ length: count }, (_, i) => line(at + i));
        if (g > 0 && lead?.length) unit.lead = lead;
        units.push(unit);
        at += count;
      });
    } else if (n > 0 && n < frame.orphans + frame.widows) units.push(Array.from({ length: n }, (_, i) => line(i)));
    else if (n > 0) {
      units.push(Array.from({ length: frame.orphans }, (_, i) => line(i)));
      for (let i = frame.orphans; i < n - frame.widows; i++) units.push([line(i)]);
      units.push(Array.from({ length: frame.widows }, (_, i) => line(n - frame.widows + i)));
    }
    if (carried && units.length) {
      units[0] = carried.concat(units[0]!);
      carried = undefined;
    }
    if (block.keepWithNext && !block.pageBreakAfter) {
      const all: Unit = carried ?? [];
      for (const unit of units) for (const l of unit) all.push(l);
      carried = all;
    } else {
      for (const unit of units) out.push(unit);
    }
    if (block.pageBreakAfter) {
      if (carried) out.push(carried);
      carried = undefined;
      out.push('break');
    }
  });
  if (carried) out.push(carried);
  return out;
}

export function paginate(blocks: readonly FlowBlock[], notes: readonly FlowNote[], frame: PageFrame): Page[] {
  const pages: Page[] = [];
  let page: Page = { body: [], notes: [] };
  /** The body's bottom so far, and the room the notes take at the foot (rule included). */
  let bodyBottom = 0;
  let notesHeight = 0;
  /** Lines of notes still to set, in order: a note continued from an earlier page, then notes called since. */
  let waiting: { note: number; line: number }[] = [];
  /** A note continues on the next page: no other may start on this one (notes keep their order). */
  let notesClosed = false;
  /** Notes called on this page: their first lines must stand on it. */
  const calledHere = new Set<number>();
  /** Notes whose call is placed already. */
  const placedCalls = new Set<number>();
  /** The last block whose line was placed on this page. */
  let lastBlock = -1;

  const noteLineHeight = (l: { note: number; line: number }) => notes[l.note]!.lines[l.line]!;
  /**
   * The space between two blocks: the larger of the first's space after and the
   * second's space before, as LibreOffice sets the DOCX (measured: a field's 6 pt after
   * and the title's 24 pt before make 24 pt); at a page's top, the space before.
   */
  const spaceBetween = (previous: number, next: number) => Math.max(previous >= 0 ? blocks[previous]!.spaceAfter : 0, blocks[next]!.spaceBefore);
  const newPage = () => {
    pages.push(page);
    page = { body: [], notes: [] };
    bodyBottom = 0;
    notesHeight = 0;
    lastBlock = -1;
    notesClosed = false;
    calledHere.clear();
    setWaitingNotes();
  };
  /**
   * Sets waiting note lines at the foot while they fit and leave the body its minimum
   * (or what it holds); the first two lines of a note called on this page may also take
   * the body's unused minimum. What is left continues on the next page.
   */
  const setWaitingNotes = () => {
    if (!waiting.length) return;
    const continuation = page.notes.length === 0 && waiting[0]!.line > 0;
    const room = frame.height - bodyBottom;
    const soft = frame.height - Math.max(bodyBottom, frame.minBody);
    let height = notesHeight || frame.noteRule;
    let set = 0;
    for (; set < waiting.length; set++) {
      const l = waiting[set]!;
      const h = noteLineHeight(l);
      const required = calledHere.has(l.note) && l.line < 2;
      if (!(height + h <= soft + 1e-6 || (required && height + h <= room + 1e-6))) break;
      height += h;
    }
    // A page holding nothing yet takes at least one line, or the note would wait for ever.
    if (set === 0 && !page.body.length && !page.notes.length) height += noteLineHeight(waiting[set++]!);
    if (set) {
      if (!page.notes.length) page.rule = { y: 0, continuation };
      for (let i = 0; i < set; i++) page.notes.push({ ...waiting[i]!, y: 0 });
      notesHeight = height;
      waiting = waiting.slice(set);
    }
    notesClosed = waiting.length > 0;
  };
  /** The height a unit adds to the body where it stands now: its spaces and lines. */
  const unitHeight = (unit: Unit) => {
    let height = 0;
    let block = lastBlock;
    for (const { block: b, line } of unit) {
      if (b !== block) {
        height += spaceBetween(block, b) + (blocks[b]!.ruleAbove && line === 0 ? frame.noteRule : 0);
        block = b;
      }
      height += blocks[b]!.lines[line]!.height;
    }
    return height;
  };
  /** The notes a unit calls: their whole height, and that of their first two lines. */
  const notesOf = (unit: Unit) => {
    let whole = 0;
    let firstLines = 0;
    for (const { block, line } of unit) {
      for (const note of blocks[block]!.lines[line]!.notes) {
        notes[note]!.lines.forEach((h, i) => {
          whole += h;
          if (i < 2) firstLines += h;
        });
      }
    }
    const rule = whole && !page.notes.length ? frame.noteRule : 0;
    return { whole: whole && whole + rule, firstLines: firstLines && firstLines + rule };
  };
  /**
   * A unit fits with the notes it calls whole; or with their first two lines, the rest
   * continuing on the next page, where the page's body is still short of its minimum
   * or the notes could not stand whole on any page.
   */
  const fits = (unit: Unit) => {
    const body = bodyBottom + unitHeight(unit) + notesHeight;
    const called = notesOf(unit);
    if (!called.whole) return body <= frame.height + 1e-6;
    if (notesClosed) return false;
    if (body + called.whole <= frame.height + 1e-6) return true;
    const splitting = bodyBottom < frame.minBody || called.whole > frame.height - frame.minBody;
    return splitting && body + called.firstLines <= frame.height + 1e-6;
  };
  const place = (unit: Unit) => {
    for (const { block, line } of unit) {
      if (block !== lastBlock) {
        bodyBottom += spaceBetween(lastBlock, block);
        if (blocks[block]!.ruleAbove && line === 0) {
          page.rule = { y: bodyBottom, continuation: false };
          bodyBottom += frame.noteRule;
        }
        lastBlock = block;
      }
      page.body.push({ block, line, y: bodyBottom });
      bodyBottom += blocks[block]!.lines[line]!.height;
      for (const note of blocks[block]!.lines[line]!.notes) {
        // A repeated header row calls its notes once, where it is first set.
        if (placedCalls.has(note)) continue;
        placedCalls.add(note);
        calledHere.add(note);
        for (let i = 0; i < notes[note]!.lines.length; i++) waiting.push({ note, line: i });
      }
    }
    setWaitingNotes();
  };

  /** A unit as it is set where it stands now: after its lead (a table's header row) at a page's top. */
  const led = (unit: Unit): Unit => (unit.lead && !page.body.length ? unit.lead.concat(unit) : unit);
  for (const unit of unitsOf(blocks, frame)) {
    if (unit === 'break') {
      if (page.body.length || page.notes.length) newPage();
      continue;
    }
    if (fits(led(unit))) {
      place(led(unit));
      continue;
    }
    if (page.body.length) newPage();
    if (fits(led(unit))) {
      place(led(unit));
      continue;
    }
    // Taller than an empty page (with its notes): set line by line, never dropped.
    for (const line of led(unit)) {
      if (page.body.length && !fits([line])) newPage();
      place([line]);
    }
  }
  while (waiting.length) newPage();
  if (page.body.length || page.notes.length || !pages.length) pages.push(page);

  // The notes stand at the foot of the text block, the rule over them.
  for (const p of pages) {
    if (!p.notes.length) continue;
    let height = 0;
    for (const l of p.notes) height += noteLineHeight(l);
    let y = frame.height - height;
    if (p.rule) p.rule.y = y - frame.noteRule;
    for (const l of p.notes) {
      l.y = y;
      y += noteLineHeight(l);
    }
  }
  return pages;
}
