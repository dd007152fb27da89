import { Injectable } from '@nestjs/common';
import { normaliseSfs, type Subscriber } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';

/** compliance-workflow did not answer subscribers.forLaws (down, timed out, refused): retry later, never guess. */
export class SubscribersUnavailableError extends Error {
  constructor(readonly code: string) {
    super(`compliance-workflow subscribers.forLaws failed (${code})`);
    this.name = 'SubscribersUnavailableError';
  }
}

const CHUNK = 5000; // the contract's maximum per call

/**
 * Who must hear about which statutes: compliance-workflow's `subscribers.forLaws`
 * (verified users whose law lists contain the statutes, per workspace and list).
 */
@Injectable()
export class SubscriberDirectory {
  constructor(private readonly rpc: RpcClient) {}

  async forLaws(sfsNumbers: readonly string[]): Promise<Subscriber[]> {
    const sfs = [...new Set(sfsNumbers.map((s) => normaliseSfs(s)).filter((s): s is string => s !== null))].sort();
    const result: Subscriber[] = [];
    for (let i = 0; i < sfs.length; i += CHUNK) {
      const answer = await this.rpc.call('compliance-workflow', 'subscribers.forLaws', { sfs: sfs.slice(i, i + CHUNK) }, { timeoutMs: 30_000 });
      if (!answer.ok) throw new SubscribersUnavailableError(answer.code);
      result.push(...answer.value.items);
    }
    return result;
  }
}
