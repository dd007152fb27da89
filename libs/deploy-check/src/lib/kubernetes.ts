import { posix } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { APPS, AppSpec } from './apps';
import { arr, at, isRecord, parseYamlDocuments, rec, str, Data } from './data';
import { containersOf, describe, imageName, Kustomization, loadKustomization, Resource } from './kustomize';
import { Workspace } from './workspace';

export const K8S_BASE = 'k8s/base';
export const K8S_PRODUCTION = 'k8s/overlays/production';
export const SECRET_EXAMPLE = `${K8S_BASE}/secret.example.yaml`;
const NAMESPACE = 'laglig';
const SECRET_NAME = 'laglig-secrets';
const PLACEHOLDER = 'CHANGE_ME';

// Schema validation (types, required fields, enums) of the Kubernetes API
// version each kind is written for. A kind missing here is reported, so a
// new kind cannot go unvalidated.
type Validate = (data: Data) => void;
const VALIDATORS: Record<string, Validate> = {
  'v1/Namespace': (d) => new Namespace(d as ConstructorParameters<typeof Namespace>[0]).validate(),
  'v1/ConfigMap': (d) => new ConfigMap(d as ConstructorParameters<typeof ConfigMap>[0]).validate(),
  'v1/Secret': (d) => new Secret(d as ConstructorParameters<typeof Secret>[0]).validate(),
  'v1/Service': (d) => new Service(d as ConstructorParameters<typeof Service>[0]).validate(),
  'v1/PersistentVolumeClaim': (d) => new PersistentVolumeClaim(d as ConstructorParameters<typeof PersistentVolumeClaim>[0]).validate(),
  'apps/v1/Deployment': (d) => new Deployment(d as ConstructorParameters<typeof Deployment>[0]).validate(),
  'autoscaling/v2/HorizontalPodAutoscaler': (d) =>
    new HorizontalPodAutoscaler(d as ConstructorParameters<typeof HorizontalPodAutoscaler>[0]).validate(),
  'batch/v1/Job': (d) => new Job(d as ConstructorParameters<typeof Job>[0]).validate(),
  'networking.k8s.io/v1/Ingress': (d) => new Ingress(d as ConstructorParameters<typeof Ingress>[0]).validate(),
  'policy/v1/PodDisruptionBudget': (d) => new PodDisruptionBudget(d as ConstructorParameters<typeof PodDisruptionBudget>[0]).validate(),
};

export function validateObject(resource: Resource): string[] {
  const key = `${str(resource.obj['apiVersion']) ?? '?'}/${str(resource.obj['kind']) ?? '?'}`;
  const validate = VALIDATORS[key];
  if (!validate) return [`${resource.file}: ${describe(resource.obj)}: no schema for ${key} in libs/deploy-check`];
  try {
    validate(resource.obj);
    return [];
  } catch (error) {
    return [`${resource.file}: ${describe(resource.obj)}: schema: ${(error as Error).message}`];
  }
}

const name = (obj: Data) => str(at(obj, 'metadata', 'name'));
const find = (resources: Resource[], kind: string, objName: string) =>
  resources.find((r) => r.obj['kind'] === kind && name(r.obj) === objName);

function labelsMatch(selector: Data, labels: Data): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** A probe or Service port (number or name) resolved to the container port number. */
function resolvePort(container: Data, port: unknown): number | undefined {
  const ports = arr(container['ports']).filter(isRecord);
  if (typeof port === 'number') return ports.some((p) => p['containerPort'] === port) ? port : undefined;
  const named = ports.find((p) => p['name'] === port);
  return typeof named?.['containerPort'] === 'number' ? named['containerPort'] : undefined;
}

function envValue(container: Data, key: string): unknown {
  return arr(container['env']).filter(isRecord).find((e) => e['name'] === key)?.['value'];
}

function checkApp(app: AppSpec, resources: Resource[], configs: Map<string, Data>): string[] {
  const problems: string[] = [];
  const deployment = find(resources, 'Deployment', app.name);
  const p = (message: string) => problems.push(`${deployment?.file ?? K8S_BASE}: ${app.name}: ${message}`);
  if (!deployment) return [`${K8S_BASE}: no Deployment for app '${app.name}'`];
  const obj = deployment.obj;
  const template = rec(at(obj, 'spec', 'template'));
  const podLabels = rec(at(template, 'metadata', 'labels'));
  if (!labelsMatch(rec(at(obj, 'spec', 'selector', 'matchLabels')), podLabels)) p('spec.selector.matchLabels does not match the pod template labels');

  const containers = arr(at(template, 'spec', 'containers')).filter(isRecord);
  const container = containers.find((c) => c['name'] === app.name);
  if (!container) return [...problems, `${deployment.file}: ${app.name}: no container named '${app.name}'`];
  const image = str(container['image']) ?? '';
  if (imageName(image) !== `laglig/${app.name}`) p(`container image '${image}' should be laglig/${app.name} (overlays rename it)`);
  if (resolvePort(container, 'http') !== app.port) p(`container port 'http' must be ${app.port}`);
  if (envValue(container, 'PORT') !== String(app.port)) p(`env PORT must be "${app.port}" (the port the app listens on)`);

  for (const kind of ['readinessProbe', 'livenessProbe']) {
    const probe = rec(container[kind]);
    const get = rec(probe['httpGet']);
    if (!probe['httpGet']) {
      p(`${kind} must be an httpGet probe`);
      continue;
    }
    if (get['path'] !== app.health) p(`${kind} path is '${String(get['path'])}', expected '${app.health}'`);
    if (resolvePort(container, get['port']) !== app.port) p(`${kind} port '${String(get['port'])}' is not the app's port ${app.port}`);
    if (app.kind === 'web') {
      const host = arr(get['httpHeaders']).filter(isRecord).find((h) => String(h['name']).toLowerCase() === 'host');
      const allowed = str(configs.get('laglig-config')?.['NG_ALLOWED_HOSTS']) ?? '';
      if (!host || !allowed.split(',').map((h) => h.trim()).includes(String(host['value']))) {
        p(`${kind} must send a Host header listed in NG_ALLOWED_HOSTS (Angular SSR refuses other hosts)`);
      }
    }
  }

  // Service: selects exactly this app's pods, on the container's port.
  const service = find(resources, 'Service', app.name);
  if (!service) p('no Service');
  else {
    const selector = rec(at(service.obj, 'spec', 'selector'));
    if (!labelsMatch(selector, podLabels)) problems.push(`${service.file}: Service ${app.name}: selector does not match the pods of Deployment ${app.name}`);
    const others = resources.filter(
      (r) => r.obj['kind'] === 'Deployment' && r !== deployment && labelsMatch(selector, rec(at(r.obj, 'spec', 'template', 'metadata', 'labels'))),
    );
    if (others.length > 0) problems.push(`${service.file}: Service ${app.name}: selector also matches ${others.map((r) => describe(r.obj)).join(', ')}`);
    const ports = arr(at(service.obj, 'spec', 'ports')).filter(isRecord);
    if (ports.length === 0) problems.push(`${service.file}: Service ${app.name}: no ports`);
    for (const port of ports) {
      if (resolvePort(container, port['targetPort'] ?? port['port']) === undefined) {
        problems.push(`${service.file}: Service ${app.name}: targetPort '${String(port['targetPort'])}' is no port of container ${app.name}`);
      }
    }
  }

  // Workers scale with an HPA (which then owns the replica count).
  const hpa = resources.find((r) => r.obj['kind'] === 'HorizontalPodAutoscaler' && at(r.obj, 'spec', 'scaleTargetRef', 'name') === app.name);
  if (app.kind === 'worker') {
    if (!hpa) p('workers need a HorizontalPodAutoscaler');
    else if (at(hpa.obj, 'spec', 'scaleTargetRef', 'kind') !== 'Deployment') p('the HPA must target the Deployment');
    if (hpa && at(obj, 'spec', 'replicas') !== undefined) p('spec.replicas is set although an HPA scales this Deployment (each apply would reset it)');
  }
  return problems;
}

function checkWorkloadHygiene(resources: Resource[], secretKeys: Set<string>, configMaps: Set<string>): string[] {
  const problems: string[] = [];
  for (const r of resources) {
    const kind = str(r.obj['kind']);
    if (kind !== 'Deployment' && kind !== 'Job') continue;
    const where = `${r.file}: ${describe(r.obj)}`;
    const podSpec = rec(at(r.obj, 'spec', 'template', 'spec'));
    if (at(podSpec, 'securityContext', 'runAsNonRoot') !== true) problems.push(`${where}: pod securityContext.runAsNonRoot must be true`);
    for (const container of containersOf(r.obj)) {
      const cname = `${where} container ${String(container['name'])}`;
      for (const bound of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (at(container, 'resources', bound, resource) === undefined) problems.push(`${cname}: resources.${bound}.${resource} missing`);
        }
      }
      if (at(container, 'securityContext', 'allowPrivilegeEscalation') !== false) {
        problems.push(`${cname}: securityContext.allowPrivilegeEscalation must be false`);
      }
      for (const env of arr(container['env']).filter(isRecord)) {
        const ref = rec(at(env, 'valueFrom', 'secretKeyRef'));
        if (Object.keys(ref).length === 0) continue;
        if (ref['name'] !== SECRET_NAME) problems.push(`${cname}: secretKeyRef to '${String(ref['name'])}', expected '${SECRET_NAME}'`);
        if (!secretKeys.has(String(ref['key']))) problems.push(`${cname}: secret key '${String(ref['key'])}' is not in ${SECRET_EXAMPLE}`);
      }
      for (const from of arr(container['envFrom']).filter(isRecord)) {
        const cm = str(at(from, 'configMapRef', 'name'));
        if (cm && !configMaps.has(cm)) problems.push(`${cname}: envFrom ConfigMap '${cm}' does not exist`);
        if (at(from, 'secretRef')) problems.push(`${cname}: use secretKeyRef for the keys it needs, not the whole Secret`);
      }
    }
  }
  return problems;
}

function checkMigrationJob(resources: Resource[]): string[] {
  const jobs = resources.filter((r) => r.obj['kind'] === 'Job');
  if (jobs.length !== 1) return [`${K8S_BASE}: expected one migration Job, found ${jobs.length}`];
  const job = jobs[0];
  const where = `${job.file}: ${describe(job.obj)}`;
  const problems: string[] = [];
  const podSpec = rec(at(job.obj, 'spec', 'template', 'spec'));
  if (podSpec['restartPolicy'] !== 'Never' && podSpec['restartPolicy'] !== 'OnFailure') problems.push(`${where}: restartPolicy must be Never or OnFailure`);
  const init = arr(podSpec['initContainers']).filter(isRecord);
  const migrating = APPS.filter((a) => a.migrates);
  for (const app of migrating) {
    const step = init.find((c) => imageName(str(c['image']) ?? '') === `laglig/${app.name}` && arr(c['args']).join(' ') === 'migrate');
    if (!step) problems.push(`${where}: no init container running 'migrate' with image laglig/${app.name}`);
  }
  const main = arr(podSpec['containers']).filter(isRecord);
  const ingest = main.find((c) => arr(c['args']).join(' ') === 'ingest --dir data/sfs');
  if (!ingest) problems.push(`${where}: no container running 'ingest --dir data/sfs'`);
  else if (imageName(str(ingest['image']) ?? '') !== 'laglig/law-catalog') problems.push(`${where}: ingest must use the law-catalog image`);
  return problems;
}

function checkIngress(resources: Resource[]): string[] {
  const ingresses = resources.filter((r) => r.obj['kind'] === 'Ingress');
  if (ingresses.length === 0) return [`${K8S_BASE}: no Ingress`];
  const problems: string[] = [];
  const routes = new Map<string, Data>();
  for (const ingress of ingresses) {
    for (const rule of arr(at(ingress.obj, 'spec', 'rules'))) {
      for (const path of arr(at(rule, 'http', 'paths')).filter(isRecord)) {
        routes.set(String(path['path']), rec(at(path, 'backend', 'service')));
        const service = find(resources, 'Service', String(at(path, 'backend', 'service', 'name')));
        const port = rec(at(path, 'backend', 'service', 'port'));
        const servicePorts = arr(at(service?.obj, 'spec', 'ports')).filter(isRecord);
        if (!service) problems.push(`${ingress.file}: path ${String(path['path'])} routes to a missing Service`);
        else if (!servicePorts.some((sp) => (port['name'] !== undefined ? sp['name'] === port['name'] : sp['port'] === port['number']))) {
          problems.push(`${ingress.file}: path ${String(path['path'])}: Service ${name(service.obj)} has no port ${JSON.stringify(port)}`);
        }
      }
    }
  }
  if (routes.get('/api')?.['name'] !== 'api-gateway') problems.push(`${K8S_BASE}: the Ingress must route /api to api-gateway`);
  if (routes.get('/')?.['name'] !== 'web') problems.push(`${K8S_BASE}: the Ingress must route / to web`);
  return problems;
}

/** The example Secret: every key the workloads use, placeholders only. */
function readSecretExample(ws: Workspace): { keys: Set<string>; problems: string[] } {
  const keys = new Set<string>();
  if (!ws.exists(SECRET_EXAMPLE)) return { keys, problems: [`${SECRET_EXAMPLE} is missing`] };
  const problems: string[] = [];
  const docs = parseYamlDocuments(ws.read(SECRET_EXAMPLE), SECRET_EXAMPLE).filter(isRecord);
  const secret = docs.find((d) => d['kind'] === 'Secret');
  if (!secret || name(secret) !== SECRET_NAME) return { keys, problems: [`${SECRET_EXAMPLE}: must hold the Secret '${SECRET_NAME}'`] };
  problems.push(...validateObject({ obj: secret, file: SECRET_EXAMPLE }));
  if (secret['data'] !== undefined) problems.push(`${SECRET_EXAMPLE}: use stringData with placeholders, not data`);
  for (const [key, value] of Object.entries(rec(secret['stringData']))) {
    keys.add(key);
    if (typeof value !== 'string' || !value.includes(PLACEHOLDER)) {
      problems.push(`${SECRET_EXAMPLE}: ${key} must be a placeholder containing ${PLACEHOLDER}, never a real value`);
    }
  }
  return { keys, problems };
}

/** Every YAML file in the base is a resource, the kustomization, or the example Secret. */
function checkBaseFiles(ws: Workspace, base: Kustomization): string[] {
  const problems: string[] = [];
  const listed = new Set(arr(base.spec['resources']).map((r) => posix.normalize(posix.join(K8S_BASE, String(r)))));
  if (listed.has(SECRET_EXAMPLE)) problems.push(`${base.file}: ${SECRET_EXAMPLE} must not be a resource (it is an example)`);
  for (const file of ws.list(K8S_BASE).filter((f) => /\.ya?ml$/.test(f))) {
    const path = `${K8S_BASE}/${file}`;
    if (path !== base.file && path !== SECRET_EXAMPLE && !listed.has(path)) {
      problems.push(`${path} is not listed in ${base.file} resources (forgotten?)`);
    }
  }
  return problems;
}

export function checkKubernetes(ws: Workspace): string[] {
  const base = loadKustomization(ws, K8S_BASE);
  const problems = [...base.problems, ...checkBaseFiles(ws, base)];
  const secret = readSecretExample(ws);
  problems.push(...secret.problems);
  for (const r of base.resources) {
    problems.push(...validateObject(r));
    if (r.obj['kind'] === 'Secret') problems.push(`${r.file}: ${describe(r.obj)}: no Secret may be committed as a resource`);
    if (r.obj['kind'] !== 'Namespace' && at(r.obj, 'metadata', 'namespace') !== NAMESPACE) {
      problems.push(`${r.file}: ${describe(r.obj)} is not in namespace ${NAMESPACE}`);
    }
  }
  const configs = new Map(base.resources.filter((r) => r.obj['kind'] === 'ConfigMap').map((r) => [name(r.obj) ?? '', rec(r.obj['data'])]));
  for (const app of APPS) problems.push(...checkApp(app, base.resources, configs));
  problems.push(...checkWorkloadHygiene(base.resources, secret.keys, new Set(configs.keys())));
  problems.push(...checkMigrationJob(base.resources));
  problems.push(...checkIngress(base.resources));
  problems.push(...checkProduction(ws));
  return problems;
}

function checkProduction(ws: Workspace): string[] {
  const prod = loadKustomization(ws, K8S_PRODUCTION);
  const problems = [...prod.problems];
  for (const r of prod.resources) {
    problems.push(...validateObject(r));
    if (r.obj['kind'] !== 'Namespace' && at(r.obj, 'metadata', 'namespace') !== NAMESPACE) {
      problems.push(`${K8S_PRODUCTION}: ${describe(r.obj)} from ${r.file} is not in namespace ${NAMESPACE}`);
    }
    for (const container of containersOf(r.obj)) {
      const image = str(container['image']) ?? '';
      if (image.startsWith('laglig/') || /:latest$/.test(image) || !/[:@]/.test(image.slice(image.lastIndexOf('/')))) {
        problems.push(`${K8S_PRODUCTION}: ${describe(r.obj)} container ${String(container['name'])} runs '${image}'; production needs a registry image with a fixed tag`);
      }
    }
    if (r.obj['kind'] === 'HorizontalPodAutoscaler') {
      const min = Number(at(r.obj, 'spec', 'minReplicas') ?? 1);
      const max = Number(at(r.obj, 'spec', 'maxReplicas'));
      if (!(min >= 1 && min <= max)) problems.push(`${K8S_PRODUCTION}: ${describe(r.obj)}: minReplicas ${min} / maxReplicas ${max}`);
    }
    if (r.obj['kind'] === 'PodDisruptionBudget') {
      const selector = rec(at(r.obj, 'spec', 'selector', 'matchLabels'));
      const target = prod.resources.some(
        (d) => d.obj['kind'] === 'Deployment' && labelsMatch(selector, rec(at(d.obj, 'spec', 'template', 'metadata', 'labels'))),
      );
      if (!target) problems.push(`${K8S_PRODUCTION}: ${describe(r.obj)} selects no Deployment`);
    }
  }
  for (const app of APPS.filter((a) => a.kind !== 'worker')) {
    const deployment = find(prod.resources, 'Deployment', app.name);
    if (Number(at(deployment?.obj, 'spec', 'replicas') ?? 1) < 2) problems.push(`${K8S_PRODUCTION}: ${app.name} needs at least 2 replicas`);
  }
  return problems;
}
