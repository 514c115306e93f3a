/** Word measures in twentieths of a point (twips) and half-points. */
export const twips = (pt: number) => Math.round(pt * 20);
export const halfPoints = (pt: number) => Math.round(pt * 2);
