import { assertHandlers } from './registry';
import { ContractViolationError } from './errors';
import { contracts, eventsSubscribedBy } from '@laglig/contracts';

const all = (names: string[]) => names.map((name) => ({ name, owner: `H.${name}` }));
const lawCatalogMethods = Object.keys(contracts['law-catalog'].methods);

describe('assertHandlers (startup contract check)', () => {
  it('accepts exactly one handler per owned method and subscribed event', () => {
    expect(() => assertHandlers('law-catalog', all(lawCatalogMethods), [])).not.toThrow();
    expect(() => assertHandlers('rag', all(Object.keys(contracts.rag.methods)), all(eventsSubscribedBy('rag')))).not.toThrow();
  });

  it('refuses a missing handler', () => {
    const without = lawCatalogMethods.filter((m) => m !== 'laws.get');
    expect(() => assertHandlers('law-catalog', all(without), [])).toThrow(/"laws.get" has no handler/);
  });

  it('refuses two handlers for one method, naming both', () => {
    const twice = [...all(lawCatalogMethods), { name: 'laws.get', owner: 'Other.get' }];
    expect(() => assertHandlers('law-catalog', twice, [])).toThrow(/"laws.get" has 2 handlers: H.laws.get, Other.get/);
  });

  it('refuses handlers for methods or events the contracts do not give the service', () => {
    let error: unknown;
    try {
      assertHandlers('api-gateway', all(['laws.get']), all(['law.ingested', 'no.such']));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolationError);
    const problems = (error as ContractViolationError).problems.join('\n');
    expect(problems).toMatch(/"laws.get" is not in libs\/contracts/);
    expect(problems).toMatch(/handles event law.ingested but is not one of its subscribers/);
    expect(problems).toMatch(/unknown event no.such/);
    expect(problems).toMatch(/event for api-gateway "law.changed" has no handler/);
  });
});
