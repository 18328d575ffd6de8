/** Tether's version, stamped at build time from package.json (vite `define`). */
declare const __TETHER_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __TETHER_VERSION__ === 'string' ? __TETHER_VERSION__ : '0.0.0-dev';
