/** What stands for the characters left out. */
export const ELLIPSIS = '…';

/**
 * Separators that end the part of a name that tells it apart, strongest first: an EKS ARN's
 * cluster name follows the last `/`, a GKE context's the last `_`, other names end in a
 * `:`, `.` or `-` word (`tether-demo-healthy-badtoken`, `prod.eu-west-1`).
 */
const SEPARATORS = ['/', '_', ':', '.', '-'];

/** The fewest characters of the start kept, so the name stays recognisable. */
const MIN_HEAD = 3;

/**
 * The end of `text` worth keeping whole: the shortest tail that starts at the strongest
 * separator and fits in `room` characters, else an even cut (`half` characters).
 */
function distinguishingTail(text: string, room: number, half: number): string {
  for (const sep of SEPARATORS) {
    const at = text.lastIndexOf(sep);
    // A separator at index 0 would keep the whole text, which is not a tail.
    if (at > 0 && text.length - at <= room) return text.slice(at);
  }
  return text.slice(text.length - half);
}

/**
 * Shortens `text` to at most `max` characters by cutting its middle, keeping the start and the
 * distinguishing end whole where possible: `middleTruncate('tether-demo-healthy-badtoken', 22)`
 * is `tether-demo-…-badtoken`. Text that fits is returned as it is; below 5 characters only
 * the start is kept (`abc…`).
 */
export function middleTruncate(text: string, max: number): string {
  const limit = Math.floor(max);
  if (text.length <= limit) return text;
  if (limit < 1) return '';
  if (limit < 5) return text.slice(0, limit - 1) + ELLIPSIS;
  const budget = limit - 1;
  const tail = distinguishingTail(text, budget - MIN_HEAD, Math.floor(budget / 2));
  return text.slice(0, budget - tail.length) + ELLIPSIS + tail;
}
