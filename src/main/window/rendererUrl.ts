import { pathToFileURL } from 'node:url';

/**
 * The page the popover loads, and the only one its IPC trusts. ELECTRON_RENDERER_URL (the
 * electron-vite dev server) counts only in development: in the packaged app an environment
 * variable — set in a shell rc file, or by launchd — must never swap in another page.
 */
export function rendererUrl(o: {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  file: string;
}): string {
  const dev = o.isPackaged ? undefined : o.env.ELECTRON_RENDERER_URL;
  return dev ? dev : pathToFileURL(o.file).toString();
}
