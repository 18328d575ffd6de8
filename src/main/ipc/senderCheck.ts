/**
 * What we need to know about the frame that sent an IPC message — a structural subset of
 * Electron's WebFrameMain, so the check is a pure function tested without Electron.
 */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

/**
 * True only for the app's own top frame showing the app's own page. Checked once, in the
 * single IPC wrapper, before any payload is parsed or any handler runs. A null frame (a
 * frame navigated away or destroyed), a sub-frame, or any other URL is refused — no
 * exception for empty or about:blank URLs.
 */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, appUrl: string): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  let sent: URL;
  let ours: URL;
  try {
    sent = new URL(frame.url);
    ours = new URL(appUrl);
  } catch {
    return false;
  }
  if (sent.protocol !== ours.protocol) return false;
  if (ours.protocol === 'file:') return sent.pathname === ours.pathname;
  return sent.origin === ours.origin && sent.pathname === ours.pathname;
}
