import { join, resolve } from 'node:path';
import { z } from 'zod';
import { EVIDENCE_MAX_BYTES } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';

/**
 * The register's settings, read from the environment once when the module
 * starts. Paths are relative to the working directory, like law-catalog's
 * `ingest --dir data/sfs`: a checkout locally, /app in the Docker image.
 */
export const RegisterConfigSchema = z.object({
  /** Folder holding sni/sni2007.json and afs/index.json. */
  REGISTER_DATA_DIR: z.string().min(1).default('data'),
  /** Where evidence files are stored (file-system storage). */
  EVIDENCE_DIR: z.string().min(1).default(join('var', 'evidence')),
  /** Largest evidence file in bytes; never above the contract's limit. */
  EVIDENCE_MAX_BYTES: z.coerce.number().int().positive().max(EVIDENCE_MAX_BYTES).default(EVIDENCE_MAX_BYTES),
  /**
   * Virus scanner hook: a command that reads the file on stdin and exits 0
   * (clean) or 1 (infected), e.g. `clamdscan --no-summary -`. Unset: no scan,
   * files are stored as 'unscanned'.
   */
  EVIDENCE_SCAN_COMMAND: z.string().trim().optional(),
  EVIDENCE_SCAN_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});
export type RegisterConfig = z.output<typeof RegisterConfigSchema> & { dataDir: string; evidenceDir: string };

export const REGISTER_CONFIG = Symbol('REGISTER_CONFIG');

export function loadRegisterConfig(env: NodeJS.ProcessEnv = process.env): RegisterConfig {
  const config = loadConfig(RegisterConfigSchema, env);
  return { ...config, dataDir: resolve(config.REGISTER_DATA_DIR), evidenceDir: resolve(config.EVIDENCE_DIR) };
}
