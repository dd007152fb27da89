import { Workspace } from './workspace';
import { parseYaml, rec, str } from './data';

/** What every deployment path (scripts/up.sh, compose, k8s) must agree on. */
export interface AppSpec {
  name: string;
  port: number;
  /** HTTP path that answers 2xx when the app is healthy. */
  health: string;
  kind: 'gateway' | 'web' | 'worker';
  /** Owns a database schema: has a `migrate` subcommand. */
  migrates: boolean;
}

export const APPS: readonly AppSpec[] = [
  { name: 'api-gateway', port: 3000, health: '/api/v1/health', kind: 'gateway', migrates: false },
  { name: 'web', port: 4000, health: '/', kind: 'web', migrates: false },
  { name: 'law-catalog', port: 3001, health: '/health', kind: 'worker', migrates: true },
  { name: 'rag', port: 3002, health: '/health', kind: 'worker', migrates: true },
  { name: 'compliance-workflow', port: 3003, health: '/health', kind: 'worker', migrates: true },
  { name: 'notifier', port: 3004, health: '/health', kind: 'worker', migrates: true },
];

/**
 * The deployable apps are the application projects in apps/ (test-only
 * projects such as an e2e suite excepted); scripts/up.sh must start each on
 * the same port as the deployment files.
 */
export function checkAppInventory(ws: Workspace): string[] {
  const problems: string[] = [];
  const deployable = ws
    .list('apps')
    .filter((dir) => ws.exists(`apps/${dir}/project.json`))
    .filter((dir) => {
      const project = rec(parseYaml(ws.read(`apps/${dir}/project.json`), `apps/${dir}/project.json`));
      const name = str(project['name']) ?? dir;
      return str(project['projectType']) === 'application' && !/(^|-)e2e$/.test(name);
    })
    .sort();
  const known = APPS.map((a) => a.name).sort();
  for (const dir of deployable) {
    if (!known.includes(dir)) problems.push(`apps/${dir} is an application without deployment files (add it to APPS in libs/deploy-check)`);
  }
  for (const name of known) {
    if (!deployable.includes(name)) problems.push(`${name} is deployed but apps/${name} is not an application project`);
  }

  const upSh = ws.read('scripts/up.sh');
  const ports = new Map<string, number>();
  for (const match of upSh.matchAll(/^\s*\[([a-z-]+)\]=(\d+)\s*$/gm)) ports.set(match[1], Number(match[2]));
  for (const app of APPS) {
    const port = ports.get(app.name);
    if (port !== app.port) problems.push(`scripts/up.sh starts ${app.name} on port ${port ?? '(none)'}, expected ${app.port}`);
  }
  return problems;
}
