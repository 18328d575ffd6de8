import { describe, expect, it } from 'vitest';
import {
  LocalPortSchema,
  RemotePortSchema,
  isIPv4,
  isIPv6,
  isLoopbackAddress,
  isWildcardAddress,
} from './forwardAddresses';

describe('ports', () => {
  it('takes remote ports as numbers or names', () => {
    expect(RemotePortSchema.safeParse(80).success).toBe(true);
    expect(RemotePortSchema.safeParse('http').success).toBe(true);
    expect(RemotePortSchema.safeParse(0).error?.issues[0]?.message).toBe(
      'Remote port must be a whole number from 1 to 65535',
    );
    expect(RemotePortSchema.safeParse(65536).success).toBe(false);
    expect(RemotePortSchema.safeParse(80.5).error?.issues[0]?.message).toContain('Remote port');
    expect(RemotePortSchema.safeParse('HTTP').error?.issues[0]?.message).toContain(
      'Remote port name "HTTP" is invalid',
    );
  });

  it('takes local ports as 1–65535 or "auto"', () => {
    expect(LocalPortSchema.safeParse('auto').success).toBe(true);
    expect(LocalPortSchema.safeParse(1).success).toBe(true);
    expect(LocalPortSchema.safeParse(65535).success).toBe(true);
    for (const bad of [0, 65536, 'any', 1.5, null]) {
      expect(LocalPortSchema.safeParse(bad).error?.issues[0]?.message).toContain('Local port');
    }
  });
});

describe('addresses', () => {
  it('recognises IPv4 and IPv6 literals', () => {
    expect(isIPv4('127.0.0.1')).toBe(true);
    expect(isIPv4('256.0.0.1')).toBe(false);
    expect(isIPv4('01.2.3.4')).toBe(false);
    for (const ok of [
      '::1',
      '::',
      'fe80::1',
      '2001:db8:0:0:0:0:2:1',
      '::ffff:127.0.0.1',
      '1:2:3:4:5:6:7:8',
    ]) {
      expect(isIPv6(ok)).toBe(true);
    }
    for (const bad of [':::1', '1:2:3:4:5:6:7:8:9', 'fe80::1%en0', '12345::', '1::2::3', 'localhost']) {
      expect(isIPv6(bad)).toBe(false);
    }
  });

  it('tells loopback and wildcard addresses apart', () => {
    for (const a of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(a)).toBe(true);
    }
    for (const a of ['0.0.0.0', '192.168.1.10', '::', 'fe80::1', '::ffff:10.0.0.1']) {
      expect(isLoopbackAddress(a)).toBe(false);
    }
    expect(isWildcardAddress('0.0.0.0')).toBe(true);
    expect(isWildcardAddress('::')).toBe(true);
    expect(isWildcardAddress('127.0.0.1')).toBe(false);
  });
});
