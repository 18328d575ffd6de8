import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expandEnv } from './envExpand';

describe('expandEnv (LocalPort semantics)', () => {
  it('substitutes a set variable', () => {
    expect(expandEnv('ctx: ${KUBE_CONTEXT}', { KUBE_CONTEXT: 'kind-dev' })).toEqual({
      text: 'ctx: kind-dev',
      unresolved: [],
    });
  });

  it('uses the default only when the variable is unset', () => {
    expect(expandEnv('${A:minikube}', {}).text).toBe('minikube');
    expect(expandEnv('${A:minikube}', { A: 'kind' }).text).toBe('kind');
    // set-but-empty is a value (os.getenv returns ""), not a reason for the default
    expect(expandEnv('x${A:minikube}x', { A: '' }).text).toBe('xx');
    expect(expandEnv('${A:minikube}', { A: undefined }).text).toBe('minikube');
  });

  it('splits at the first colon and keeps the default verbatim', () => {
    expect(expandEnv('${URL:http://x:80/p}', {}).text).toBe('http://x:80/p');
    expect(expandEnv('${KEY:~/.ssh/id_rsa}', {}).text).toBe('~/.ssh/id_rsa');
    expect(expandEnv('${A: spaced }', {}).text).toBe(' spaced ');
    expect(expandEnv('${A:}', {}).text).toBe('');
    // there is no ":-" form: the default is "-x"
    expect(expandEnv('${A:-x}', {}).text).toBe('-x');
  });

  it('trims the variable name', () => {
    expect(expandEnv('${ A }/${ B :d}', { A: '1', B: '2' }).text).toBe('1/2');
  });

  it('leaves an unset variable without default literally, and names it once', () => {
    expect(expandEnv('p: ${SECRET} q: ${SECRET} r: ${OTHER}', {})).toEqual({
      text: 'p: ${SECRET} q: ${SECRET} r: ${OTHER}',
      unresolved: ['SECRET', 'OTHER'],
    });
  });

  it('has no escape and ignores things that are not placeholders', () => {
    expect(expandEnv('$${A} ${} $A {A}', { A: 'v' }).text).toBe('$v ${} $A {A}');
  });

  it('ends a placeholder at the first closing brace', () => {
    expect(expandEnv('${A:{x}}', {}).text).toBe('{x}');
  });

  it('inserts values as text, so `$` sequences are not replacement patterns', () => {
    expect(expandEnv('${A}', { A: "$& $1 $$ $'" }).text).toBe("$& $1 $$ $'");
  });

  it('does not read inherited properties of the map', () => {
    expect(expandEnv('${constructor} ${toString:d}', {}).text).toBe('${constructor} d');
  });

  it('expands before YAML typing, so defaults become numbers and values can reshape YAML', () => {
    expect(parse(expandEnv('port: ${DB_PORT:5432}', {}).text)).toEqual({ port: 5432 });
    expect(parse(expandEnv('a: ${V}', { V: 'x\nb: y' }).text)).toEqual({ a: 'x', b: 'y' });
    // comments are rewritten too (harmless, but it is what LocalPort does)
    expect(expandEnv('# uses ${HOME:~}', {}).text).toBe('# uses ~');
  });
});
