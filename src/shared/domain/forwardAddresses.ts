import { z } from 'zod';
import { isIanaSvcName } from './kubeNames';

// A forward's ports and bind addresses: port ranges, IPv4/IPv6 literals, loopback and wildcard.

const PORT_RANGE = 'must be a whole number from 1 to 65535';

/** The remote side: a port number, or a named container port (IANA_SVC_NAME, e.g. `http`). */
export const RemotePortSchema = z.union(
  [
    z
      .int({ error: `Remote port ${PORT_RANGE} or a port name` })
      .min(1, { error: `Remote port ${PORT_RANGE}` })
      .max(65535, { error: `Remote port ${PORT_RANGE}` }),
    z.string().refine(isIanaSvcName, {
      error: (i) =>
        `Remote port name "${String(i.input)}" is invalid: use 1–15 lowercase letters, digits or "-" with at least one letter, no leading, trailing or double "-"`,
    }),
  ],
  { error: `Remote port ${PORT_RANGE}, or a port name such as "http"` },
);

/** The local side: a fixed port 1–65535, or `auto` (the engine picks a free port). */
export const LocalPortSchema = z.union(
  [
    z.literal('auto'),
    z
      .int({ error: `Local port ${PORT_RANGE}, or "auto"` })
      .min(1, { error: `Local port ${PORT_RANGE}, or "auto"` })
      .max(65535, { error: `Local port ${PORT_RANGE}, or "auto"` }),
  ],
  { error: `Local port ${PORT_RANGE}, or "auto"` },
);
export type LocalPort = z.infer<typeof LocalPortSchema>;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for a dotted-quad IPv4 address. */
export function isIPv4(value: string): boolean {
  return IPV4.test(value);
}

// The eight 16-bit groups of an IPv6 literal (embedded IPv4 allowed), or undefined if invalid.
function ipv6Groups(value: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(value)) return undefined;
  const halves = value.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        if (!isIPv4(piece)) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** True for an IPv6 literal without a zone (`::1`, `fe80::1`, `::ffff:127.0.0.1`). */
export function isIPv6(value: string): boolean {
  return ipv6Groups(value) !== undefined;
}

/** True when binding here keeps the forward on this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackAddress(address: string): boolean {
  if (address === 'localhost') return true;
  if (isIPv4(address)) return address.startsWith('127.');
  const groups = ipv6Groups(address);
  if (!groups) return false;
  const prefixZero = groups.slice(0, 5).every((g) => g === 0);
  if (prefixZero && groups[5] === 0 && groups[6] === 0 && groups[7] === 1) return true; // ::1
  return prefixZero && groups[5] === 0xffff && (groups[6] ?? 0) >> 8 === 127; // ::ffff:127.x.x.x
}

/** True for an address that listens on every interface (`0.0.0.0`, `::`). */
export function isWildcardAddress(address: string): boolean {
  if (address === '0.0.0.0') return true;
  const groups = ipv6Groups(address);
  return groups !== undefined && groups.every((g) => g === 0);
}

/** Where the local listener binds: `localhost`, an IPv4 or an IPv6 literal. */
export const BindAddressSchema = z.string().refine((v) => v === 'localhost' || isIPv4(v) || isIPv6(v), {
  error: (i) => `Bind address "${String(i.input)}" must be "localhost" or an IPv4/IPv6 address`,
});

/** The default bind address: loopback only. */
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';
