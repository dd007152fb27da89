import { APPS } from './apps';
import { Workspace } from './workspace';

export const DOCKERFILE = 'docker/Dockerfile';
export const ENTRYPOINT = 'docker/entrypoint.sh';

/** Instructions of a Dockerfile, continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

export function checkDockerfile(ws: Workspace): string[] {
  if (!ws.exists(DOCKERFILE)) return [`${DOCKERFILE} is missing`];
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${DOCKERFILE}: ${message}`);
  const steps = instructions(ws.read(DOCKERFILE));

  const globalArgs = new Map<string, string>();
  for (const step of steps) {
    if (step.op === 'FROM') break;
    const match = /^(\w+)=(\S+)$/.exec(step.args);
    if (step.op === 'ARG' && match) globalArgs.set(match[1], match[2]);
  }
  const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.args.replace(/\$\{(\w+)\}/g, (_, v: string) => globalArgs.get(v) ?? `\${${v}}`));
  if (froms.length < 2) p('must be a multi-stage build');
  for (const from of froms) {
    const image = from.split(/\s+/)[0];
    if (!image.includes('/') && !image.includes(':') && froms.some((f) => f.endsWith(` AS ${image}`))) continue; // a stage
    if (image.includes(':') && image !== 'node:20-bookworm-slim') p(`base image '${image}' (expected node:20-bookworm-slim, Node 20 like the project)`);
  }
  const lastFrom = steps.map((s) => s.op).lastIndexOf('FROM');
  const runtime = steps.slice(lastFrom);
  if (!runtime.some((s) => s.op === 'ARG' && /^APP\b/.test(s.args))) p('the runtime stage must declare ARG APP');
  const user = runtime.filter((s) => s.op === 'USER').pop();
  if (!user || /^(root|0)(:|$)/.test(user.args)) p('the runtime stage must switch to a non-root USER');
  if (!runtime.some((s) => s.op === 'COPY' && s.args.includes('--from=build'))) p('the runtime stage must copy the build output from the build stage');
  if (runtime.some((s) => s.op === 'COPY' && /(^|\s)\.\s+\.?\/?$/.test(s.args.replace(/--\S+/g, '').trim()))) p('the runtime stage must not copy the whole context');
  if (!steps.some((s) => s.op === 'RUN' && /npm install(?![^&]*--(?:global|omit=dev))/.test(s.args))) p('must install with npm install');
  if (!steps.some((s) => s.op === 'RUN' && /npm install\b.*--omit=dev/.test(s.args))) p('must install production dependencies with npm install --omit=dev');
  if (!steps.some((s) => s.op === 'RUN' && /nx build "?\$\{?APP\}?"?/.test(s.args))) p('must build with nx build $APP');
  const entry = runtime.find((s) => s.op === 'ENTRYPOINT');
  if (!entry || !entry.args.includes('laglig-entrypoint')) p(`ENTRYPOINT must run ${ENTRYPOINT}`);

  if (!ws.exists(ENTRYPOINT)) problems.push(`${ENTRYPOINT} is missing`);
  else {
    const script = ws.read(ENTRYPOINT);
    for (const app of APPS) {
      const entryFile = app.kind === 'web' ? 'dist/apps/web/server/server.mjs' : 'dist/apps/${APP}/main.js';
      if (!new RegExp(`(^|[\\s|(])${app.name}(\\s*[|)])`, 'm').test(script)) problems.push(`${ENTRYPOINT}: does not start '${app.name}'`);
      if (!script.includes(entryFile)) problems.push(`${ENTRYPOINT}: does not run ${entryFile}`);
    }
    if (!/exec node/.test(script)) problems.push(`${ENTRYPOINT}: must exec node (signals reach the app)`);
  }

  if (!ws.exists('.dockerignore')) problems.push('.dockerignore is missing');
  else {
    const ignored = ws.read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['**/node_modules', 'dist', '.env', '.git']) {
      if (!ignored.includes(entry)) problems.push(`.dockerignore must exclude ${entry}`);
    }
  }
  return problems;
}
