import { describe, expect, it } from 'vitest';
import {
  asArray,
  asBoolean,
  asIsoTime,
  asNonEmptyString,
  asNumber,
  asRecord,
  asString,
  asTimeMs,
  dig,
} from './lenient';

describe('lenient readers', () => {
  it('asRecord accepts plain objects only', () => {
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
    expect(asRecord([1])).toBeUndefined();
    expect(asRecord(null)).toBeUndefined();
    expect(asRecord('x')).toBeUndefined();
  });

  it('asArray turns anything else into an empty list', () => {
    expect(asArray([1, 2])).toEqual([1, 2]);
    expect(asArray(null)).toEqual([]);
    expect(asArray({ length: 1 })).toEqual([]);
  });

  it('asString / asNonEmptyString write out numbers and booleans', () => {
    expect(asString(1.5)).toBe('1.5');
    expect(asString(true)).toBe('true');
    expect(asString(Number.NaN)).toBeUndefined();
    expect(asString({})).toBeUndefined();
    expect(asNonEmptyString('  x  ')).toBe('x');
    expect(asNonEmptyString('   ')).toBeUndefined();
  });

  it('asNumber accepts numeric strings', () => {
    expect(asNumber('3')).toBe(3);
    expect(asNumber(' ')).toBeUndefined();
    expect(asNumber('3x')).toBeUndefined();
    expect(asNumber(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('asBoolean accepts "true"/"false" strings', () => {
    expect(asBoolean('TRUE')).toBe(true);
    expect(asBoolean('false')).toBe(false);
    expect(asBoolean('yes')).toBeUndefined();
    expect(asBoolean(1)).toBeUndefined();
  });

  it('asTimeMs / asIsoTime read RFC 3339 strings and Dates', () => {
    expect(asTimeMs('2025-05-21T09:38:56Z')).toBe(Date.parse('2025-05-21T09:38:56Z'));
    expect(asTimeMs(new Date(5))).toBe(5);
    expect(asTimeMs(new Date(Number.NaN))).toBeUndefined();
    expect(asTimeMs('not a time')).toBeUndefined();
    expect(asIsoTime('2025-05-21T09:38:56+02:00')).toBe('2025-05-21T07:38:56.000Z');
    expect(asIsoTime('not a time')).toBe('not a time');
  });

  it('dig walks object keys and stops at anything else', () => {
    expect(dig({ a: { b: { c: 1 } } }, 'a', 'b', 'c')).toBe(1);
    expect(dig({ a: [1] }, 'a', '0')).toBeUndefined();
    expect(dig(undefined, 'a')).toBeUndefined();
  });
});
