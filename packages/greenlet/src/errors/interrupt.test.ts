import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GreenletExit, Interrupt, TendrilError } from '../index.js';

class Shutdown extends Interrupt {
  static override readonly marker: symbol = Symbol.for('test.Shutdown');
  override readonly name: string = 'Shutdown';
}

describe('Interrupt', () => {
  it('is an Error and a TendrilError, recognised across copies by its markers', () => {
    const exit = new GreenletExit();
    const shutdown = new Shutdown('closing');
    for (const e of [exit, shutdown]) {
      expect(e).toBeInstanceOf(Error);
      expect(TendrilError.isInstance(e)).toBe(true);
      expect(Interrupt.isInstance(e)).toBe(true);
    }
    expect(GreenletExit.isInstance(exit)).toBe(true);
    expect(GreenletExit.isInstance(shutdown)).toBe(false);
    expect(Shutdown.isInstance(shutdown)).toBe(true);
    expect(Interrupt.isInstance(new TendrilError('plain'))).toBe(false);
  });

  it('has a name, a message, a cause and a frameless stack, and prints like an Error', () => {
    const cause = new Error('disk full');
    const e = new Shutdown('closing', { cause });
    expect([e.name, e.message, e.cause]).toEqual(['Shutdown', 'closing', cause]);
    expect(e.stack).toBe('Shutdown: closing');
    expect(String(e)).toBe('Shutdown: closing');
    expect(inspect(e)).toContain('Shutdown: closing');
    expect(new GreenletExit().message).toBe('the greenlet was asked to exit');
  });

  it('takes a stack assigned to it, as tools that rewrite stacks do', () => {
    const e = new GreenletExit('bye');
    e.stack = 'GreenletExit: bye\n    at somewhere';
    expect(e.stack).toBe('GreenletExit: bye\n    at somewhere');
    expect(new GreenletExit('bye').stack).toBe('GreenletExit: bye');
  });

  it('is thrown and caught like any error', () => {
    const e = new Shutdown();
    expect(() => {
      throw e;
    }).toThrow(Shutdown);
    expect(String(e)).toBe('Shutdown');
  });
});
