// What both panes do with their pages.

/** Swaps a pane's content for new content, keeping where the reader is. */
export function replaceKeepingPlace(pane, children) {
  const { scrollTop, scrollLeft } = pane;
  pane.replaceChildren(...children);
  pane.scrollTop = scrollTop;
  pane.scrollLeft = scrollLeft;
}

/** The width a page may take in a pane: the pane's, less its padding and scroll bar. */
export const room = (pane) => pane.clientWidth - 24;
