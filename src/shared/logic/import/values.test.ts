import { describe, expect, it } from 'vitest';
import { isRecord, joinNames, readBool, readPort, readStringList, requireString, show } from './values';

describe('value readers', () => {
  it('tells maps from lists and null', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
  });

  it('renders values briefly', () => {
    expect(show(undefined)).toBe('nothing');
    expect(show([1])).toBe('a list');
    expect(show({ a: 1 })).toBe('a map');
    expect(show('x')).toBe('"x"');
    expect(show('y'.repeat(100))).toHaveLength(58);
  });

  it('reads ports, with 0 only when allowed', () => {
    const problems: string[] = [];
    expect(readPort({ p: 8080 }, 'p', problems)).toBe(8080);
    expect(readPort({ p: 0 }, 'p', problems, { allowZero: true })).toBe(0);
    expect(readPort({}, 'p', problems)).toBeUndefined();
    expect(problems).toEqual([]);
    expect(readPort({ p: 0 }, 'p', problems)).toBeUndefined();
    expect(readPort({ p: '80' }, 'p', problems)).toBeUndefined();
    expect(problems).toEqual([
      'p must be a whole number from 1 to 65535, got 0',
      'p must be a whole number from 1 to 65535, got "80"',
    ]);
  });

  it('reads booleans, optionally from "true"/"false" strings', () => {
    const problems: string[] = [];
    expect(readBool({ b: 'true' }, 'b', problems, { allowStrings: true })).toBe(true);
    expect(readBool({ b: 'false' }, 'b', problems, { allowStrings: true })).toBe(false);
    expect(problems).toEqual([]);
    expect(readBool({ b: 'yes' }, 'b', problems, { allowStrings: true })).toBeUndefined();
    expect(readBool({ b: 'true' }, 'b', problems)).toBeUndefined();
    expect(problems).toHaveLength(2);
  });

  it('requires non-blank strings with one message per problem', () => {
    const problems: string[] = [];
    expect(requireString({ s: 'x' }, 's', problems, 'S is required')).toBe('x');
    expect(requireString({ s: ' ' }, 's', problems, 'S is required')).toBeUndefined();
    expect(requireString({}, 's', problems, 'S is required')).toBeUndefined();
    expect(requireString({ s: 3 }, 's', problems, 'S is required')).toBeUndefined();
    expect(problems).toEqual(['S is required', 'S is required', 's must be text, got 3']);
  });

  it('reads string lists, turning scalars into text', () => {
    const problems: string[] = [];
    expect(readStringList({ t: ['a', 2024, true] }, 't', problems)).toEqual(['a', '2024', 'true']);
    expect(readStringList({ t: 'a' }, 't', problems)).toBeUndefined();
    expect(problems).toEqual(['t must be a list, got "a"']);
  });

  it('joins names for sentences', () => {
    expect(joinNames([])).toBe('');
    expect(joinNames(['a'])).toBe('a');
    expect(joinNames(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
