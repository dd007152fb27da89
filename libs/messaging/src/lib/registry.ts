import { contracts, eventsSubscribedBy, events, type ServiceName } from '@laglig/contracts';
import { ContractViolationError } from './errors';

export interface DeclaredHandler {
  /** Method or event name. */
  name: string;
  /** Where it was declared, for error messages: "LawsHandlers.get". */
  owner: string;
}

/**
 * Startup check: a service must answer every method it owns exactly once and
 * handle every event it subscribes to exactly once, and may not declare
 * handlers for anything its contracts do not give it.
 */
export function assertHandlers(
  service: ServiceName,
  rpcHandlers: readonly DeclaredHandler[],
  eventHandlers: readonly DeclaredHandler[],
): void {
  const problems = [
    ...compare(`method of ${service}`, Object.keys(contracts[service].methods), rpcHandlers),
    ...compare(`event for ${service}`, eventsSubscribedBy(service), eventHandlers, (name) =>
      Object.prototype.hasOwnProperty.call(events, name)
        ? `${service} handles event ${name} but is not one of its subscribers in libs/contracts`
        : `unknown event ${name}`,
    ),
  ];
  if (problems.length > 0) throw new ContractViolationError(problems);
}

function compare(
  what: string,
  required: readonly string[],
  declared: readonly DeclaredHandler[],
  unexpected: (name: string) => string = (name) => `${what} "${name}" is not in libs/contracts`,
): string[] {
  const problems: string[] = [];
  const byName = new Map<string, string[]>();
  for (const h of declared) byName.set(h.name, [...(byName.get(h.name) ?? []), h.owner]);
  for (const name of required) {
    const owners = byName.get(name) ?? [];
    if (owners.length === 0) problems.push(`${what} "${name}" has no handler`);
    if (owners.length > 1) problems.push(`${what} "${name}" has ${owners.length} handlers: ${owners.join(', ')}`);
  }
  for (const name of byName.keys()) if (!required.includes(name)) problems.push(unexpected(name));
  return problems;
}
