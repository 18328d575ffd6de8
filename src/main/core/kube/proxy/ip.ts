// IP addresses as Go's net package reads them, for NO_PROXY matching: a 16-byte form where
// an IPv4 address is stored IPv4-mapped (::ffff:a.b.c.d), so "equal" and "in this network"
// compare the same way Go's net.IP.Equal and net.IPNet.Contains do.

/** An address in 16-byte form, and whether it is IPv4 (or IPv4-mapped: Go's To4() != nil). */
export interface Ip {
  readonly bytes: Uint8Array;
  readonly v4: boolean;
}

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses a literal IPv4 or IPv6 address (no brackets, no zone); null for anything else. */
export function parseIp(text: string): Ip | null {
  const v4 = parseV4(text);
  if (v4) return { bytes: Uint8Array.from([...V4_PREFIX, ...v4]), v4: true };
  const v6 = parseV6(text);
  if (!v6) return null;
  return { bytes: v6, v4: V4_PREFIX.every((b, i) => v6[i] === b) };
}

/** Go's IsLoopback: 127.0.0.0/8 (also IPv4-mapped) and ::1. */
export function isLoopback(ip: Ip): boolean {
  if (ip.v4) return ip.bytes[12] === 127;
  return ip.bytes.every((b, i) => b === (i === 15 ? 1 : 0));
}

/** Same address (an IPv4 address equals its IPv4-mapped form, as in Go). */
export function ipEqual(a: Ip, b: Ip): boolean {
  return a.bytes.every((x, i) => x === b.bytes[i]);
}

/** A network from CIDR notation ("10.0.0.0/8", "fd00::/8"); null when it is not one. */
export interface Cidr {
  readonly base: Ip;
  /** Prefix length in the 16-byte form (an IPv4 /8 is 96 + 8). */
  readonly bits: number;
}

/** Parses CIDR notation as Go's net.ParseCIDR does (the prefix must fit the family). */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const base = parseIp(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!base || !/^\d{1,3}$/.test(lenText)) return null;
  const len = Number(lenText);
  // "1.2.3.4/8" is IPv4 (max 32); "::ffff:1.2.3.4/104" is an IPv6 network (max 128).
  const isV4Literal = parseV4(text.slice(0, slash)) !== null;
  if (len > (isV4Literal ? 32 : 128)) return null;
  return { base: { bytes: base.bytes, v4: isV4Literal }, bits: isV4Literal ? 96 + len : len };
}

/**
 * Go's IPNet.Contains: an IPv4 network holds only IPv4 addresses (mapped ones too), an IPv6
 * network only addresses that are not IPv4.
 */
export function cidrContains(net: Cidr, ip: Ip): boolean {
  if (net.base.v4 !== ip.v4) return false;
  for (let bit = 0; bit < net.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    const i = Math.floor(bit / 8);
    if (((net.base.bytes[i] ?? 0) & mask) !== ((ip.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    // Go refuses leading zeros (they would be octal elsewhere) and empty parts.
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseV6(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  let tail: number[] = [];
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    body = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const all = [...head, ...Array<string>(8 - total).fill('0'), ...rest];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = all[i] ?? '';
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  }
  if (tail.length) bytes.set(tail, 12);
  return bytes;
}
