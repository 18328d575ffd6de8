import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../../../test/support/memoryLogger';
import { ErrorCounts } from '../watchdog/errorCounts';
import { installLastResort, UNHANDLED_REJECTION } from './lastResort';

function setup() {
  const proc = new EventEmitter();
  const log = memoryLogger();
  const errors = new ErrorCounts();
  const onFatal = vi.fn();
  const uninstall = installLastResort(proc, { log, errors, onFatal });
  return { proc, log, errors, onFatal, uninstall };
}

describe('installLastResort (entry points only)', () => {
  it('an unhandled rejection is logged with its stack, counted, and the process keeps running', () => {
    const { proc, log, errors, onFatal } = setup();
    const err = new Error('lost promise');
    proc.emit('unhandledRejection', err, Promise.resolve());
    proc.emit('unhandledRejection', 'a bare string', Promise.resolve());
    expect(errors.snapshot()[UNHANDLED_REJECTION]).toBe(2);
    const rec = log.records.find((r) => r.msg === 'unhandled promise rejection');
    expect(rec?.level).toBe('error');
    expect(String(rec?.fields.error)).toContain('lost promise');
    expect(String(rec?.fields.error)).toContain('lastResort.test.ts');
    expect(onFatal).not.toHaveBeenCalled();
  });

  it('an uncaught exception is logged with its stack and ends the process cleanly through onFatal', () => {
    const { proc, log, errors, onFatal } = setup();
    const err = new TypeError('boom');
    proc.emit('uncaughtException', err, 'uncaughtException');
    expect(onFatal).toHaveBeenCalledWith(err);
    expect(errors.snapshot()['uncaught-exception']).toBe(1);
    const rec = log.records.find((r) => r.msg === 'uncaught exception: exiting');
    expect(String(rec?.fields.error)).toContain('TypeError: boom');
  });

  it('uninstall removes both handlers', () => {
    const { proc, uninstall } = setup();
    expect(proc.listenerCount('unhandledRejection')).toBe(1);
    expect(proc.listenerCount('uncaughtException')).toBe(1);
    uninstall();
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
    expect(proc.listenerCount('uncaughtException')).toBe(0);
  });

  it('a logger that throws does not turn the handler into a second failure', () => {
    const proc = new EventEmitter();
    const errors = new ErrorCounts();
    const broken = memoryLogger();
    broken.error = () => {
      throw new Error('disk full');
    };
    installLastResort(proc, { log: broken, errors, onFatal: () => {} });
    expect(() => proc.emit('unhandledRejection', new Error('x'), Promise.resolve())).not.toThrow();
    expect(errors.snapshot()[UNHANDLED_REJECTION]).toBe(1);
  });
});
