import { describe, expect, it } from 'vitest';
import { createEventBus } from './bus';

function bus() {
  const errors: string[] = [];
  const log = { warn: () => undefined, error: (m: string) => void errors.push(m) };
  return { bus: createEventBus(log), errors };
}

describe('createEventBus', () => {
  it('on(channel) hears that channel only, with the payload as its schema parsed it', () => {
    const { bus: b } = bus();
    const views: string[] = [];
    b.on('ui:navigate', (nav) => views.push(nav.view));
    b.emit('contexts:changed', { files: [], contexts: [], problems: [] });
    b.emit('ui:navigate', { view: 'settings' });
    expect(views).toEqual(['settings']);
  });

  it('on() returns its unsubscribe; subscribe() still hears every channel', () => {
    const { bus: b } = bus();
    const typed: string[] = [];
    const all: string[] = [];
    const off = b.on('ui:navigate', (nav) => typed.push(nav.view));
    b.subscribe((channel) => all.push(channel));
    b.emit('ui:navigate', { view: 'home' });
    off();
    b.emit('ui:navigate', { view: 'settings' });
    expect(typed).toEqual(['home']);
    expect(all).toEqual(['ui:navigate', 'ui:navigate']);
  });

  it('a payload outside the contract reaches no listener and is logged', () => {
    const { bus: b, errors } = bus();
    const heard: unknown[] = [];
    b.on('ui:navigate', (nav) => heard.push(nav));
    b.emit('ui:navigate', { view: '' });
    expect(heard).toEqual([]);
    expect(errors).toEqual(['engine emitted an event outside the contract']);
  });
});
