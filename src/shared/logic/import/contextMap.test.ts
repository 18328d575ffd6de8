import { describe, expect, it } from 'vitest';
import { MAX_CONTEXT_MAPPINGS, parseContextMap } from './contextMap';

describe('parseContextMap', () => {
  it('reads THEIRS=MINE pairs, names with ":" and "/" included', () => {
    const arn = 'arn:aws:eks:eu-west-1:111222333444:cluster/prod';
    expect(parseContextMap(['kind-dev=minikube', `${arn}=prod`])).toEqual({
      ok: true,
      map: { 'kind-dev': 'minikube', [arn]: 'prod' },
    });
  });

  it('splits at the last "=", keeps spaces and dashes inside a Kube Forwarder cluster name', () => {
    expect(parseContextMap(['dev-fss \u2014 nais-user = dev-fss', 'a=b=c'])).toEqual({
      ok: true,
      map: { 'dev-fss \u2014 nais-user': 'dev-fss', 'a=b': 'c' },
    });
  });

  it('refuses a pair without both sides, naming it and the shape it needs', () => {
    for (const bad of ['kind-dev', '=minikube', 'kind-dev=', ' = ']) {
      const r = parseContextMap([bad]);
      expect(r).toEqual({ ok: false, message: expect.stringContaining(`"${bad}" is not a context mapping`) });
    }
  });

  it('refuses one context mapped to two of yours, accepts the same mapping twice', () => {
    expect(parseContextMap(['a=b', 'a=c'])).toEqual({
      ok: false,
      message: '"a" is mapped twice (to "b" and to "c")',
    });
    expect(parseContextMap(['a=b', 'a=b'])).toEqual({ ok: true, map: { a: 'b' } });
  });

  it('keeps "__proto__" an own key, never the prototype', () => {
    const r = parseContextMap(['__proto__=mine']);
    expect(r.ok && Object.prototype.hasOwnProperty.call(r.map, '__proto__')).toBe(true);
    expect(r.ok && Object.getPrototypeOf(r.map)).toBe(Object.prototype);
  });

  it('bounds the number of mappings', () => {
    const many = Array.from({ length: MAX_CONTEXT_MAPPINGS + 1 }, (_, i) => `c${i}=m`);
    expect(parseContextMap(many)).toMatchObject({ ok: false });
  });
});
