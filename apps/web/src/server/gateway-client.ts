/** Minimal JSON client for the calls server.ts makes to the gateway itself (not the Angular app's). */
export interface GatewayResponse<T> {
  status: number;
  body: T | null;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class GatewayClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  /** `forwardedFor`: the visitor's address, so the gateway rate-limits per visitor, not per web server. */
  async getJson<T>(
    path: string,
    params: Record<string, string | number | null | undefined> = {},
    forwardedFor?: string,
  ): Promise<GatewayResponse<T>> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) url.searchParams.set(key, String(value));
    const response = await this.fetchImpl(url.toString(), {
      headers: { accept: 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { status: response.status, body: null };
    }
    return { status: response.status, body: (await response.json()) as T };
  }
}

export type MetaLookup = { kind: 'found'; versionId: string } | { kind: 'absent' } | { kind: 'error' };

interface MetaBody {
  version?: { id?: unknown };
}

/** The current version id of a statute, from the cheap `/meta` endpoint. */
export async function lookupLawVersion(gateway: GatewayClient, sfs: string, forwardedFor?: string): Promise<MetaLookup> {
  try {
    const { status, body } = await gateway.getJson<MetaBody>(`/api/v1/laws/${encodeURIComponent(sfs)}/meta`, {}, forwardedFor);
    if (status === 404 || status === 400) return { kind: 'absent' };
    const id = body?.version?.id;
    return typeof id === 'string' && id.length > 0 ? { kind: 'found', versionId: id } : { kind: 'error' };
  } catch {
    return { kind: 'error' };
  }
}
