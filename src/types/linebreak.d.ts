declare module 'linebreak' {
  /** UAX #14 line breaking (Devon Govett's, pdfkit's own): each opportunity in turn. */
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}
