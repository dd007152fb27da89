import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './logger';
import { runWithContext, sanitiseCorrelationId } from './context';

function capture(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const logger = pino(loggerOptions('test-service', 'info'), stream);
  return { logger, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('adds the service and the correlation id of the current context', () => {
    const { logger, lines } = capture();
    runWithContext({ correlationId: 'corr-1234567' }, () => logger.info('inside'));
    logger.info('outside');
    const [inside, outside] = lines();
    expect(inside).toMatchObject({ service: 'test-service', correlationId: 'corr-1234567', msg: 'inside' });
    expect(outside).not.toHaveProperty('correlationId');
  });

  it('never writes passwords, tokens, personal numbers or chat questions', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'hunter2',
        user: { password: 'x', personnummer: '19121212-1212' },
        body: { question: 'Hur säger jag upp min kollega?', refreshToken: 'rt' },
        req: { headers: { authorization: 'Bearer abc' } },
      },
      'login',
    );
    const text = JSON.stringify(lines()[0]);
    for (const secret of ['hunter2', '19121212-1212', 'Hur säger jag', 'Bearer abc', '"rt"']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('accepts only well-formed correlation ids from outside', () => {
    expect(sanitiseCorrelationId('abc-12345678')).toBe('abc-12345678');
    expect(sanitiseCorrelationId('short')).toBeUndefined();
    expect(sanitiseCorrelationId('bad\nlog line injection')).toBeUndefined();
    expect(sanitiseCorrelationId(42)).toBeUndefined();
  });
});
