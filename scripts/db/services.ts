/**
 * Every service's persistence declaration, discovered from
 * `apps/<svc>/src/data-source.ts` (`export const persistence = { schema, entities, migrations }`).
 *
 * Lives outside libs/ so that no library imports application code: the
 * drift check and the integration-test global setup load it at run time.
 * Modules are loaded with require(), so the caller must have a TypeScript
 * loader with the tsconfig paths registered (Jest's transform, @swc-node/register).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServicePersistence } from '@laglig/persistence';

export interface DiscoveredService {
  /** App folder name ("law-catalog"). */
  name: string;
  file: string;
  persistence: ServicePersistence;
}

export const WORKSPACE_ROOT = resolve(__dirname, '..', '..');

export function discoverServices(root: string = WORKSPACE_ROOT): DiscoveredService[] {
  const appsDir = join(root, 'apps');
  const services: DiscoveredService[] = [];
  for (const name of readdirSync(appsDir).sort()) {
    const file = join(appsDir, name, 'src', 'data-source.ts');
    if (!existsSync(file)) continue;
        const loaded = require(file) as { persistence?: ServicePersistence };
    if (!loaded.persistence) throw new Error(`${file} does not export "persistence"`);
    services.push({ name, file, persistence: loaded.persistence });
  }
  const schemas = services.map((s) => s.persistence.schema);
  const duplicate = schemas.find((schema, index) => schemas.indexOf(schema) !== index);
  if (duplicate) throw new Error(`Two services claim schema "${duplicate}"`);
  return services;
}
