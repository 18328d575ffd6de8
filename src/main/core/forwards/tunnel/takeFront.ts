/**
 * Removes the first `n` bytes from a reader's queue of received chunks and returns them (n at
 * least 1 and at most what the queue holds): a view into the first chunk when they lie in it,
 * a copy only when they span chunks. The SPDY and WebSocket frame readers both keep their
 * unread bytes this way.
 */
export function takeFront(chunks: Buffer[], n: number): Buffer {
  const first = chunks[0]!;
  if (first.length > n) {
    chunks[0] = first.subarray(n);
    return first.subarray(0, n);
  }
  if (first.length === n) {
    chunks.shift();
    return first;
  }
  const out = Buffer.allocUnsafe(n);
  let at = 0;
  while (at < n) {
    const c = chunks[0]!;
    const want = n - at;
    if (c.length <= want) {
      out.set(c, at);
      at += c.length;
      chunks.shift();
    } else {
      out.set(c.subarray(0, want), at);
      chunks[0] = c.subarray(want);
      at = n;
    }
  }
  return out;
}
