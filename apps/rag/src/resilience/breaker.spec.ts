import { Breaker, BreakerOpenError, type BreakerState } from './breaker';

describe('Breaker (opossum, consecutive failures)', () => {
  const breakers: Breaker[] = [];
  afterEach(() => breakers.splice(0).forEach((b) => b.shutdown()));
  const breaker = (threshold: number, resetMs = 60_000, isFailure?: (e: unknown) => boolean) => {
    const b = new Breaker({ name: 'test', threshold, resetMs, ...(isFailure ? { isFailure } : {}) });
    breakers.push(b);
    return b;
  };
  const fail = () => Promise.reject(new Error('down'));
  const ok = () => Promise.resolve('ok');
  const nextState = (b: Breaker, wanted: BreakerState) =>
    new Promise<void>((resolve) => {
      const off = b.onStateChange((s) => s === wanted && (off(), resolve()));
    });

  it('opens only after `threshold` consecutive failures; a success resets the count', async () => {
    const b = breaker(3);
    await expect(b.run(fail)).rejects.toThrow('down');
    await expect(b.run(fail)).rejects.toThrow('down');
    await expect(b.run(ok)).resolves.toBe('ok');
    await expect(b.run(fail)).rejects.toThrow('down');
    await expect(b.run(fail)).rejects.toThrow('down');
    expect(b.state).toBe('closed');
    await expect(b.run(fail)).rejects.toThrow('down');
    expect(b.state).toBe('open');
  });

  it('fails fast while open without running the action', async () => {
    const b = breaker(1);
    await expect(b.run(fail)).rejects.toThrow('down');
    const action = jest.fn(ok);
    await expect(b.run(action)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(action).not.toHaveBeenCalled();
  });

  it('errors that are not failures pass through without counting', async () => {
    const b = breaker(1, 60_000, (e) => (e as Error).message !== 'bad request');
    await expect(b.run(() => Promise.reject(new Error('bad request')))).rejects.toThrow('bad request');
    await expect(b.run(() => Promise.reject(new Error('bad request')))).rejects.toThrow('bad request');
    expect(b.state).toBe('closed');
  });

  it('half-open lets one probe through; success closes it', async () => {
    const b = breaker(1, 50);
    await expect(b.run(fail)).rejects.toThrow('down');
    await nextState(b, 'half-open');
    let release: () => void = () => undefined;
    const probe = b.run(() => new Promise<string>((resolve) => (release = () => resolve('probe'))));
    await expect(b.run(ok)).rejects.toBeInstanceOf(BreakerOpenError); // only one probe at a time
    release();
    await expect(probe).resolves.toBe('probe');
    expect(b.state).toBe('closed');
  });
});
