/** "1 page", "3 pages", "1,664 words": a count and its noun. */
export const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
