// The problems of the last build, as the page lists them: where (file:line:column), what,
// the line as written with a caret under the column, the hint, and what it caused.
import { plural } from './words.js';

/** Fills the list with the state's problems (and the watcher's); "None." when there are none. */
export function showProblems(list, counter, state) {
  const all = [...state.problems, ...state.watchProblems];
  const count = all.length + state.moreProblems;
  counter.textContent = count ? `(${count.toLocaleString()})` : '';
  if (!all.length) {
    const none = document.createElement('li');
    none.className = 'none';
    none.textContent = state.ok === undefined ? 'Building…' : 'None.';
    return list.replaceChildren(none);
  }
  const more = document.createElement('li');
  more.className = 'none';
  more.textContent = `…and ${plural(state.moreProblems, 'more problem')}: the first ones above often cause the rest.`;
  list.replaceChildren(
    ...all.map((p) => {
      const item = document.createElement('li');
      item.className = p.severity;
      const severity = document.createElement('span');
      severity.className = 'severity';
      severity.textContent = p.severity;
      const where = document.createElement('span');
      where.className = 'where';
      where.textContent = p.where ? `${p.where}: ` : '';
      const message = document.createElement('span');
      message.textContent = p.message + (p.field ? ` (${p.field})` : '');
      const rule = document.createElement('span');
      rule.className = 'rule';
      rule.textContent = ` [${p.rule}]`;
      item.append(severity, where, message, rule);
      if (p.source !== undefined) {
        // The line as written, and a caret under the column (for the eye: a screen reader has the column in the place).
        const source = document.createElement('pre');
        source.textContent = `${String(p.line).padStart(4)} | ${p.source}`;
        if (p.column) {
          const caret = document.createElement('span');
          caret.setAttribute('aria-hidden', 'true');
          caret.textContent = `\n     | ${' '.repeat(Math.max(p.column - 1, 0))}^`;
          source.append(caret);
        }
        item.append(source);
      }
      if (p.suggestion) {
        const hint = document.createElement('div');
        hint.className = 'hint';
        hint.textContent = `hint: ${p.suggestion}`;
        item.append(hint);
      }
      if (p.causedCount) {
        const caused = document.createElement('div');
        caused.className = 'hint';
        caused.textContent = `…and ${plural(p.causedCount, 'more error')} caused by it`;
        item.append(caused);
      }
      return item;
    }),
    ...(state.moreProblems ? [more] : []),
  );
}
