import { describe, expect, it } from 'vitest';
import { ImportCollector } from './collector';

const draft = (name: string, localPort: number | 'auto' = 'auto') => ({
  name,
  target: `svc/${name}`,
  remotePort: 80,
  localPort,
});

describe('ImportCollector', () => {
  it('keeps errors and drafts in file order', () => {
    const out = new ImportCollector('tether', {});
    out.error('first', 'broken');
    out.add({ entry: 'second', draft: { ...draft('second'), context: 'k', remotePort: 0 } });
    out.error('third', 'broken too');
    expect(out.finish().errors.map((e) => e.entry)).toEqual(['first', 'second', 'third']);
  });

  it('reports a missing context together with the entry’s other problems', () => {
    const out = new ImportCollector('kftray', {});
    const choice = out.chooseContext(undefined);
    expect(choice).toEqual({ problem: 'No context is given and the current kube context is not known' });
    out.add({ entry: 'a', draft: { ...draft('a'), namespace: 'Bad' }, contextProblem: 'needs a context' });
    expect(out.finish().errors).toEqual([
      { entry: 'a', message: 'needs a context' },
      { entry: 'a', message: expect.stringContaining('Namespace "Bad"') },
    ]);
  });

  it('counts entries bound to the current context in one warning', () => {
    const out = new ImportCollector('kftray', { currentContext: 'kind' });
    for (const name of ['a', 'b']) {
      const choice = out.chooseContext(' ');
      out.add({
        entry: name,
        draft: { ...draft(name), ...('context' in choice ? { context: choice.context } : {}) },
      });
    }
    const result = out.finish();
    expect(result.forwards.map((f) => f.context)).toEqual(['kind', 'kind']);
    expect(result.warnings).toEqual([
      '2 entries name no context and were bound to the current context "kind"',
    ]);
  });

  it('maps contexts only through own keys of the map', () => {
    const out = new ImportCollector('kftray', { contextMap: { a: 'b' } });
    expect(out.chooseContext('a')).toEqual({ context: 'b', source: 'a' });
    expect(out.chooseContext('toString')).toEqual({ context: 'toString', source: 'toString' });
    expect(out.mappedContext('constructor')).toBeUndefined();
  });

  it('says a repeated warning once and hands the forwards to the extra step', () => {
    const out = new ImportCollector('localport', {});
    out.warn('same');
    out.warn('same');
    out.add({ entry: 'a', draft: { ...draft('a', 1), context: 'k' } });
    const result = out.finish((forwards) => {
      out.warn(`saw ${forwards.length}`);
      return {};
    });
    expect(result.warnings).toEqual(['same', 'saw 1']);
    expect(result.clusterHealth).toBeUndefined();
  });
});
