import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's baseline: 19 MiB of
 * memory, 2 iterations, 1 lane (about 20–40 ms on one core of this machine;
 * the parameters travel inside every hash, so raising them later only needs
 * `needsRehash` on the next login).
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** A hash of a random secret nobody knows: unknown addresses are verified against it, so they take as long as known ones. */
  private dummyHash: Promise<string> | null = null;

  onModuleInit(): void {
    this.dummyHash = argon2.hash(randomBytes(32).toString('base64'), ARGON2_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /** True when the password matches; a malformed stored hash is a mismatch, never an error. */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** The same work as `verify` for an address without an account; always false. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= argon2.hash(randomBytes(32).toString('base64'), ARGON2_OPTIONS);
    await this.verify(await this.dummyHash, password);
    return false;
  }

  /** A hash made with older (weaker) parameters, to be replaced after a successful login. */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, { memoryCost: ARGON2_OPTIONS.memoryCost, timeCost: ARGON2_OPTIONS.timeCost, parallelism: ARGON2_OPTIONS.parallelism });
    } catch {
      return false;
    }
  }
}
