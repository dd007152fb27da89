import { posix } from 'node:path';
import { arr, at, isRecord, parseYaml, parseYamlDocuments, rec, str, Data } from './data';
import { Workspace } from './workspace';

/** A Kubernetes object and the file it came from. */
export interface Resource {
  obj: Data;
  file: string;
}

export interface Kustomization {
  dir: string;
  file: string;
  spec: Data;
  /** The objects `kustomize build <dir>` would print (for the subset below). */
  resources: Resource[];
  problems: string[];
}

/**
 * The kustomization fields this loader understands. Anything else is reported
 * instead of being silently ignored, so the checks never pass on a build
 * they did not model.
 */
const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'resources', 'images', 'replicas', 'patches']);

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume', 'IngressClass']);

export function describe(obj: Data): string {
  return `${str(obj['kind']) ?? '?'}/${str(at(obj, 'metadata', 'name')) ?? '?'}`;
}

/** Every container (init containers included) of a workload object. */
export function containersOf(obj: Data): Data[] {
  const pod = str(obj['kind']) === 'Job' || str(obj['kind']) === 'Deployment' ? at(obj, 'spec', 'template', 'spec') : undefined;
  return [...arr(at(pod, 'initContainers')), ...arr(at(pod, 'containers'))].filter(isRecord);
}

/** "registry/name:tag" -> "registry/name" (a digest or tag removed). */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/**
 * Strategic merge, simplified: maps merge key by key, lists of named items
 * (containers, env, ports, volumes) merge by name, anything else is replaced.
 */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (isRecord(target) && isRecord(patch)) {
    const out: Data = { ...target };
    for (const [key, value] of Object.entries(patch)) out[key] = key in out ? strategicMerge(out[key], value) : value;
    return out;
  }
  const named = (list: unknown[]) => list.every((item) => isRecord(item) && typeof item['name'] === 'string');
  if (Array.isArray(target) && Array.isArray(patch) && named(target) && named(patch)) {
    const out = [...target] as Data[];
    for (const item of patch as Data[]) {
      const index = out.findIndex((existing) => existing['name'] === item['name']);
      if (index >= 0) out[index] = strategicMerge(out[index], item) as Data;
      else out.push(item);
    }
    return out;
  }
  return patch;
}

function kustomizationFile(ws: Workspace, dir: string): string | undefined {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((f) => posix.join(dir, f)).find((f) => ws.exists(f));
}

export function loadKustomization(ws: Workspace, dir: string): Kustomization {
  const file = kustomizationFile(ws, dir);
  if (!file) return { dir, file: posix.join(dir, 'kustomization.yaml'), spec: {}, resources: [], problems: [`${dir}: no kustomization.yaml`] };
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${file}: ${message}`);
  let spec: Data;
  try {
    spec = rec(parseYaml(ws.read(file), file));
  } catch (error) {
    return { dir, file, spec: {}, resources: [], problems: [(error as Error).message] };
  }
  for (const key of Object.keys(spec)) if (!SUPPORTED.has(key)) p(`field '${key}' is not modelled by libs/deploy-check; extend it`);

  // resources: files or directories with their own kustomization
  let resources: Resource[] = [];
  for (const entry of arr(spec['resources'])) {
    const path = posix.normalize(posix.join(dir, String(entry)));
    if (ws.isDirectory(path)) {
      const nested = loadKustomization(ws, path);
      problems.push(...nested.problems);
      resources.push(...nested.resources);
    } else if (ws.exists(path)) {
      try {
        for (const doc of parseYamlDocuments(ws.read(path), path)) {
          if (isRecord(doc)) resources.push({ obj: doc, file: path });
          else p(`${path} holds a document that is not an object`);
        }
      } catch (error) {
        problems.push((error as Error).message);
      }
    } else {
      p(`resource '${String(entry)}' does not exist (${path})`);
    }
  }

  // patches (strategic merge, from files)
  for (const entry of arr(spec['patches'])) {
    const patchSpec = rec(entry);
    const patchPath = str(patchSpec['path']);
    if (!patchPath || patchSpec['target'] || patchSpec['patch']) {
      p(`patch ${JSON.stringify(entry)}: only 'path:' strategic-merge patches are modelled`);
      continue;
    }
    const path = posix.normalize(posix.join(dir, patchPath));
    if (!ws.exists(path)) {
      p(`patch '${patchPath}' does not exist`);
      continue;
    }
    for (const doc of parseYamlDocuments(ws.read(path), path)) {
      const patch = rec(doc);
      const index = resources.findIndex(
        (r) => r.obj['kind'] === patch['kind'] && at(r.obj, 'metadata', 'name') === at(patch, 'metadata', 'name'),
      );
      if (index < 0) {
        p(`patch ${path} targets ${describe(patch)}, which is not among the resources`);
        continue;
      }
      resources[index] = { obj: strategicMerge(resources[index].obj, patch) as Data, file: resources[index].file };
    }
  }

  // replicas
  for (const entry of arr(spec['replicas'])) {
    const name = str(rec(entry)['name']);
    const target = resources.find((r) => r.obj['kind'] === 'Deployment' && at(r.obj, 'metadata', 'name') === name);
    if (!target) p(`replicas: no Deployment '${name}'`);
    else target.obj = strategicMerge(target.obj, { spec: { replicas: rec(entry)['count'] } }) as Data;
  }

  // images
  for (const entry of arr(spec['images'])) {
    const image = rec(entry);
    const name = str(image['name']);
    let used = false;
    resources = resources.map((r) => {
      const obj = structuredClone(r.obj);
      for (const container of containersOf(obj)) {
        const current = str(container['image']);
        if (!current || imageName(current) !== name) continue;
        used = true;
        const newName = str(image['newName']) ?? name;
        const tag = str(image['newTag']) ?? (current.includes(':') ? current.slice(current.lastIndexOf(':') + 1) : 'latest');
        container['image'] = str(image['digest']) ? `${newName}@${str(image['digest'])}` : `${newName}:${tag}`;
      }
      return { obj, file: r.file };
    });
    if (!used) p(`images: '${name}' is the image of no container`);
  }

  // namespace and labels
  const namespace = str(spec['namespace']);
  for (const r of resources) {
    const metadata = rec(r.obj['metadata']);
    if (namespace && !CLUSTER_SCOPED.has(str(r.obj['kind']) ?? '')) metadata['namespace'] = namespace;
    for (const label of arr(spec['labels'])) {
      const pairs = rec(rec(label)['pairs']);
      metadata['labels'] = { ...rec(metadata['labels']), ...pairs };
      const template = at(r.obj, 'spec', 'template', 'metadata');
      if (rec(label)['includeTemplates'] === true && isRecord(template)) template['labels'] = { ...rec(template['labels']), ...pairs };
    }
    r.obj['metadata'] = metadata;
  }
  return { dir, file, spec, resources, problems };
}
