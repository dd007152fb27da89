import {
  APPS,
  checkAppInventory,
  checkCompose,
  checkDockerfile,
  checkKubernetes,
  findWorkspaceRoot,
  fsWorkspace,
  loadKustomization,
  withOverrides,
  Workspace,
} from './index';

/**
 * The deployment files cannot be run here (no Docker engine, no cluster), so
 * they are parsed and checked for the properties that make them work:
 * schemas, names, ports, selectors, probes, dependencies and secrets.
 */
const ws = fsWorkspace(findWorkspaceRoot());

describe('deployment files of the repository', () => {
  it('deploy every application in apps/ on the ports scripts/up.sh uses', () => {
    expect(checkAppInventory(ws)).toEqual([]);
  });

  it('docker/Dockerfile builds any app as a small non-root image', () => {
    expect(checkDockerfile(ws)).toEqual([]);
  });

  it('docker-compose.yml is valid and wires every app to healthy data stores', () => {
    expect(checkCompose(ws)).toEqual([]);
  });

  it('k8s/ base and production overlay are valid and consistent', () => {
    expect(checkKubernetes(ws)).toEqual([]);
  });

  it('the production overlay keeps every base object and adds only disruption budgets', () => {
    const base = loadKustomization(ws, 'k8s/base').resources.map((r) => `${r.obj['kind']}/${JSON.stringify(r.obj['metadata'] && (r.obj['metadata'] as Record<string, unknown>)['name'])}`);
    const prod = loadKustomization(ws, 'k8s/overlays/production').resources.map((r) => `${r.obj['kind']}/${JSON.stringify(r.obj['metadata'] && (r.obj['metadata'] as Record<string, unknown>)['name'])}`);
    expect(prod.filter((k) => !base.includes(k))).toEqual(['PodDisruptionBudget/"api-gateway"', 'PodDisruptionBudget/"web"']);
    expect(base.filter((k) => !prod.includes(k))).toEqual([]);
    // 6 Deployments + 6 Services + 4 HPAs + Job + Ingress + ConfigMap + Namespace + the evidence claim
    expect(base).toHaveLength(APPS.length * 2 + 4 + 4 + 1);
  });
});

/** The workspace with one text replacement in one file (which must match). */
function mutate(file: string, from: string | RegExp, to: string): Workspace {
  const text = ws.read(file);
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`mutation did not apply to ${file}: ${String(from)}`);
  return withOverrides(ws, { [file]: changed });
}

type Check = (w: Workspace) => string[];
const cases: [string, Check, () => Workspace, string][] = [
  // docker-compose.yml
  ['compose: a misspelt key', checkCompose, () => mutate('docker-compose.yml', 'healthcheck:\n      test: ["CMD", "redis-cli", "ping"]', 'helthcheck:\n      test: ["CMD", "redis-cli", "ping"]'), 'must NOT have additional properties'],
  ['compose: plain postgres instead of pgvector', checkCompose, () => mutate('docker-compose.yml', 'pgvector/pgvector:0.8.0-pg15', 'postgres:15'), 'pgvector image'],
  ['compose: PostgreSQL 14', checkCompose, () => mutate('docker-compose.yml', 'pgvector/pgvector:0.8.0-pg15', 'pgvector/pgvector:0.8.0-pg14'), 'older than PostgreSQL 15'],
  ['compose: Redis that may evict jobs', checkCompose, () => mutate('docker-compose.yml', '"--maxmemory-policy", "noeviction"', '"--maxmemory-policy", "allkeys-lru"'), 'noeviction'],
  ['compose: an app without its migration', checkCompose, () => mutate('docker-compose.yml', / {6}migrate-notifier:\n {8}condition: service_completed_successfully\n/, ''), "service 'notifier' must depend on migrate-notifier"],
  ['compose: an app not waiting for Redis health', checkCompose, () => mutate('docker-compose.yml', /x-needs-data: &needs-data\n {2}postgres:\n {4}condition: service_healthy\n {2}redis:\n {4}condition: service_healthy/, 'x-needs-data: &needs-data\n  postgres:\n    condition: service_healthy\n  redis:\n    condition: service_started'), 'must depend on redis with condition service_healthy'],
  ['compose: a wrong PORT', checkCompose, () => mutate('docker-compose.yml', 'PORT: "3002"', 'PORT: "3005"'), "service 'rag' PORT is '3005', expected 3002"],
  ['compose: a healthcheck on the wrong port', checkCompose, () => mutate('docker-compose.yml', "127.0.0.1:3003/health", '127.0.0.1:3030/health'), "service 'compliance-workflow' healthcheck"],
  ['compose: an app missing', checkCompose, () => mutate('docker-compose.yml', /\n {2}notifier:\n( {4}.*\n| {6}.*\n| {8}.*\n)+/, '\n'), "no service for app 'notifier'"],
  ['compose: built for the wrong app', checkCompose, () => mutate('docker-compose.yml', 'APP: api-gateway', 'APP: web'), 'must build with APP=api-gateway'],
  ['compose: a committed secret', checkCompose, () => mutate('docker-compose.yml', 'JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET in .env}', 'JWT_SECRET: hunter2hunter2'), 'JWT_SECRET must come from .env'],
  ['compose: a secret with a default', checkCompose, () => mutate('docker-compose.yml', 'JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET in .env}', 'JWT_SECRET: ${JWT_SECRET:-dev}'), 'no literal or default secret'],
  ['compose: a password in a URL', checkCompose, () => mutate('docker-compose.yml', 'postgres://laglig:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@postgres', 'postgres://laglig:secret@postgres'), 'literal password'],
  ['compose: migration on another image', checkCompose, () => mutate('docker-compose.yml', /(migrate-rag:\n {4}<<: \*one-shot\n {4}image: \$\{LAGLIG_REGISTRY:-laglig\}\/)rag/, '$1law-catalog'), "'migrate-rag' must use the image of 'rag'"],
  ['.env.example: a filled-in secret', checkCompose, () => mutate('.env.example', /^JWT_SECRET=$/m, 'JWT_SECRET=s3cr3t'), 'JWT_SECRET must be empty'],
  ['.env.example: a required variable missing', checkCompose, () => mutate('.env.example', /^POSTGRES_PASSWORD=\n/m, ''), 'POSTGRES_PASSWORD is required'],

  // k8s base
  ['k8s: a Service targeting a port the container lacks', checkKubernetes, () => mutate('k8s/base/rag.yaml', 'targetPort: http', 'targetPort: web'), "Service rag: targetPort 'web'"],
  ['k8s: a Service selector matching no pods', checkKubernetes, () => mutate('k8s/base/notifier.yaml', /(kind: Service[\s\S]*selector:\n {4}app.kubernetes.io\/name: )notifier/, '$1notifer'), 'Service notifier: selector does not match'],
  ['k8s: a Deployment selector not matching its template', checkKubernetes, () => mutate('k8s/base/web.yaml', /(matchLabels:\n {6}app.kubernetes.io\/name: )web/, '$1webb'), 'spec.selector.matchLabels does not match'],
  ['k8s: a port given as a string (schema)', checkKubernetes, () => mutate('k8s/base/law-catalog.yaml', 'containerPort: 3001', 'containerPort: "3001"'), 'schema:'],
  ['k8s: a wrong container port', checkKubernetes, () => mutate('k8s/base/law-catalog.yaml', 'containerPort: 3001', 'containerPort: 3011'), "container port 'http' must be 3001"],
  ['k8s: the gateway probed on the wrong path', checkKubernetes, () => mutate('k8s/base/api-gateway.yaml', /path: \/api\/v1\/health/g, 'path: /health'), "readinessProbe path is '/health'"],
  ['k8s: the web probe without an allowed Host', checkKubernetes, () => mutate('k8s/base/web.yaml', /value: localhost/g, 'value: web'), 'Host header listed in NG_ALLOWED_HOSTS'],
  ['k8s: a missing resource file', checkKubernetes, () => withOverrides(ws, { 'k8s/base/ingress.yaml': null }), "resource 'ingress.yaml' does not exist"],
  ['k8s: a file left out of the kustomization', checkKubernetes, () => mutate('k8s/base/kustomization.yaml', '  - ingress.yaml\n', ''), 'k8s/base/ingress.yaml is not listed'],
  ['k8s: the example Secret applied', checkKubernetes, () => mutate('k8s/base/kustomization.yaml', '  - ingress.yaml\n', '  - ingress.yaml\n  - secret.example.yaml\n'), 'must not be a resource'],
  ['k8s: a real value in the example Secret', checkKubernetes, () => mutate('k8s/base/secret.example.yaml', 'JWT_SECRET: CHANGE_ME', 'JWT_SECRET: 9f8e7d6c5b4a'), 'JWT_SECRET must be a placeholder'],
  ['k8s: a secret key the example lacks', checkKubernetes, () => mutate('k8s/base/api-gateway.yaml', 'key: JWT_SECRET', 'key: JWT_SIGNING_KEY'), "secret key 'JWT_SIGNING_KEY' is not in"],
  ['k8s: a worker without its HPA', checkKubernetes, () => mutate('k8s/base/notifier.yaml', /---\n# CPU is a stand-in[\s\S]*$/, ''), 'workers need a HorizontalPodAutoscaler'],
  ['k8s: replicas fighting the HPA', checkKubernetes, () => mutate('k8s/base/rag.yaml', '  revisionHistoryLimit: 5', '  replicas: 2\n  revisionHistoryLimit: 5'), 'although an HPA scales'],
  ['k8s: a container without limits', checkKubernetes, () => mutate('k8s/base/compliance-workflow.yaml', / {12}limits:\n {14}cpu: "1"\n {14}memory: 512Mi\n/, ''), 'resources.limits.cpu missing'],
  ['k8s: a migration missing from the Job', checkKubernetes, () => mutate('k8s/base/migrate-job.yaml', 'image: laglig/notifier:latest', 'image: laglig/rag:latest'), "no init container running 'migrate' with image laglig/notifier"],
  ['k8s: the Ingress routing /api to web', checkKubernetes, () => mutate('k8s/base/ingress.yaml', 'name: api-gateway', 'name: web'), 'must route /api to api-gateway'],
  ['k8s: an app without a Deployment', checkKubernetes, () => mutate('k8s/base/kustomization.yaml', '  - notifier.yaml\n', ''), "no Deployment for app 'notifier'"],

  // k8s production overlay
  ['k8s prod: a patch for an object that does not exist', checkKubernetes, () => mutate('k8s/overlays/production/hpa-workers.yaml', 'name: notifier', 'name: mailer'), 'targets HorizontalPodAutoscaler/mailer'],
  ['k8s prod: an image entry matching no container', checkKubernetes, () => mutate('k8s/overlays/production/kustomization.yaml', 'name: laglig/web\n', 'name: laglig/frontend\n'), "images: 'laglig/frontend' is the image of no container"],
  ['k8s prod: an unpinned image', checkKubernetes, () => mutate('k8s/overlays/production/kustomization.yaml', /(newName: registry.example.com\/laglig\/rag\n {4}newTag: )"0.1.0"/, '$1latest'), "runs 'registry.example.com/laglig/rag:latest'"],
  ['k8s prod: a single web replica', checkKubernetes, () => mutate('k8s/overlays/production/kustomization.yaml', /(- name: web\n {4}count: )3/, '$11'), 'web needs at least 2 replicas'],
  ['k8s prod: HPA min above max', checkKubernetes, () => mutate('k8s/overlays/production/hpa-workers.yaml', 'maxReplicas: 6', 'maxReplicas: 1'), 'minReplicas 2 / maxReplicas 1'],
  ['k8s prod: a kustomize feature the checker does not model', checkKubernetes, () => mutate('k8s/overlays/production/kustomization.yaml', 'patches:', 'commonAnnotations:\n  team: laglig\npatches:'), "field 'commonAnnotations' is not modelled"],

  // Dockerfile
  ['Dockerfile: running as root', checkDockerfile, () => mutate('docker/Dockerfile', /^USER node$/m, 'USER root'), 'non-root USER'],
  ['Dockerfile: another Node version', checkDockerfile, () => mutate('docker/Dockerfile', 'ARG NODE_IMAGE=node:20-bookworm-slim', 'ARG NODE_IMAGE=node:22-bookworm-slim'), "base image 'node:22-bookworm-slim'"],
  ['Dockerfile: dev dependencies in the runtime', checkDockerfile, () => mutate('docker/Dockerfile', 'npm install --omit=dev', 'npm install'), '--omit=dev'],
  ['entrypoint: an app it cannot start', checkDockerfile, () => mutate('docker/entrypoint.sh', ' | notifier)', ')'), "does not start 'notifier'"],
  ['.dockerignore: .env sent to the build', checkDockerfile, () => mutate('.dockerignore', /^\.env$/m, ''), '.dockerignore must exclude .env'],

  // inventory
  ['inventory: up.sh on another port', checkAppInventory, () => mutate('scripts/up.sh', '[rag]=3002', '[rag]=3012'), 'starts rag on port 3012'],
];

describe('the checks catch broken deployment files', () => {
  it.each(cases)('%s', (_label, check, broken, expected) => {
    const problems = check(broken());
    expect(problems.join('\n')).toContain(expected);
  });
});
