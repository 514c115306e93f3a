/**
 * Where Chinese meets Latin letters or digits, typesetters put a gap of about a
 * quarter em ("2005 年", "NGO 书面"), as Word's autospace does. The gap is spacing,
 * never a character: the tree keeps "2005年", and each renderer decides how to draw it.
 * Punctuation takes no gap on either side (CLREQ 3.2).
 */
const ideograph = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
const latinOrDigit = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]/u;

/** True when a gap belongs between these two neighbouring characters. */
export function needsGap(before: string, after: string): boolean {
  return (ideograph.test(before) && latinOrDigit.test(after)) || (latinOrDigit.test(before) && ideograph.test(after));
}

/**
 * Splits text at every point that takes a gap: the pieces, in order, each but the
 * last followed by a gap. "成立于2005年" -> ["成立于", "2005", "年"].
 */
export function splitAtGaps(text: string): string[] {
  const pieces: string[] = [];
  const chars = [...text];
  let start = 0;
  for (let i = 1; i < chars.length; i++) {
    if (needsGap(chars[i - 1]!, chars[i]!)) {
      pieces.push(chars.slice(start, i).join(''));
      start = i;
    }
  }
  pieces.push(chars.slice(start).join(''));
  return pieces;
}
