import type { ServicePersistence } from '@laglig/persistence';
import { InitialComplianceWorkflow1795318100000 } from './migrations/1795318100000-InitialComplianceWorkflow';

export const persistence = {
  schema: 'compliance',
  entities: [],
  migrations: [InitialComplianceWorkflow1795318100000],
} satisfies ServicePersistence;
