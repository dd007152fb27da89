export { APPS, checkAppInventory } from './lib/apps';
export type { AppSpec } from './lib/apps';
export { checkCompose, validateComposeSchema } from './lib/compose';
export { checkDockerfile } from './lib/docker';
export { checkKubernetes, validateObject } from './lib/kubernetes';
export { loadKustomization, strategicMerge } from './lib/kustomize';
export { findWorkspaceRoot, fsWorkspace, withOverrides } from './lib/workspace';
export type { Workspace } from './lib/workspace';
