import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of data/afs/index.json (Arbetsmiljöverket's regulations AFS 2023:1–15). */
interface AfsRow {
  beteckning: string;
  titel: string;
  kort_titel: string;
  ikraft: string;
  av_se_sida: string;
}

export interface AfsEntry {
  /** "AFS 2023:1" */
  ref: string;
  title: string;
  shortTitle: string;
  inForce: string;
  /** The regulation's page on av.se. */
  url: string;
}

/** The agency regulations a register entry can name (kind AFS). */
export class AfsCatalog {
  private readonly byRef = new Map<string, AfsEntry>();

  constructor(rows: AfsRow[]) {
    for (const r of rows) {
      this.byRef.set(r.beteckning, { ref: r.beteckning, title: r.titel, shortTitle: r.kort_titel, inForce: r.ikraft, url: r.av_se_sida });
    }
  }

  static fromDataDir(dataDir: string): AfsCatalog {
    return new AfsCatalog(JSON.parse(readFileSync(join(dataDir, 'afs', 'index.json'), 'utf8')) as AfsRow[]);
  }

  get(ref: string): AfsEntry | null {
    return this.byRef.get(ref.trim().replace(/\s+/g, ' ')) ?? null;
  }

  all(): AfsEntry[] {
    return [...this.byRef.values()];
  }
}
