import { isStaleTestDatabase, newRunId, TEMPLATE_PREFIX, TEST_DATABASE_PREFIX } from './database';

describe('test database names', () => {
  const now = Date.UTC(2026, 10, 22, 12);
  const old = newRunId(now - 7 * 3600 * 1000);
  const fresh = newRunId(now - 60 * 1000);

  it('are identifier-safe and sortable by start time', () => {
    expect(newRunId(now)).toMatch(/^[0-9a-z]{8,9}_[0-9a-f]{6}$/);
  });

  it('are dropped as stale only when generated here and older than six hours', () => {
    expect(isStaleTestDatabase(`${TEMPLATE_PREFIX}${old}`, now)).toBe(true);
    expect(isStaleTestDatabase(`${TEST_DATABASE_PREFIX}${old}_0a1b2c3d`, now)).toBe(true);
    expect(isStaleTestDatabase(`${TEMPLATE_PREFIX}${fresh}`, now)).toBe(false);
    expect(isStaleTestDatabase(`${TEST_DATABASE_PREFIX}${fresh}_0a1b2c3d`, now)).toBe(false);
  });

  it('never match databases named by someone else', () => {
    for (const name of ['laglig_template', 'laglig_t_schema_0a1b2c3d', 'laglig_t_adhoc_0a1b2c3d', 'laglig', 'laglig_t_zzzz']) {
      expect(isStaleTestDatabase(name, now)).toBe(false);
    }
  });
});
