import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AmendmentEntity } from './amendment.entity';
import { DocumentVersionEntity } from './document-version.entity';
import { DocumentEntity } from './document.entity';
import { SectionEntity } from './section.entity';

export interface DocumentWithVersion {
  document: DocumentEntity;
  version: DocumentVersionEntity;
}

export interface ListRow {
  sfs: string;
  title: string;
  updatedAt: Date;
}

/** Read access to documents, versions, sections and amendments. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findBySfs(sfs: string, manager?: EntityManager): Promise<DocumentEntity | null> {
    return this.manager(manager).findOne(DocumentEntity, { where: { sfs } });
  }

  /** The document and its current version (null when unknown or not yet versioned). */
  async findWithCurrentVersion(sfs: string, options: { withText?: boolean } = {}): Promise<DocumentWithVersion | null> {
    const document = await this.findBySfs(sfs);
    if (!document?.currentVersionId) return null;
    const query = this.dataSource.manager
      .createQueryBuilder(DocumentVersionEntity, 'v')
      .where('v.id = :id', { id: document.currentVersionId });
    if (!options.withText) {
      query.select(['v.id', 'v.documentId', 'v.contentHash', 'v.amendedThrough', 'v.sectionCount', 'v.sourceName', 'v.createdAt']);
    }
    const version = await query.getOne();
    return version ? { document, version } : null;
  }

  /** The current version with its structure (for laws.get). */
  async findCurrentVersionWithStructure(sfs: string): Promise<DocumentWithVersion | null> {
    const document = await this.findBySfs(sfs);
    if (!document?.currentVersionId) return null;
    const version = await this.dataSource.manager
      .createQueryBuilder(DocumentVersionEntity, 'v')
      .select(['v.id', 'v.documentId', 'v.contentHash', 'v.amendedThrough', 'v.structure', 'v.sectionCount', 'v.sourceName', 'v.createdAt'])
      .where('v.id = :id', { id: document.currentVersionId })
      .getOne();
    return version ? { document, version } : null;
  }

  /** Content hash of the document's current version, or null. */
  async currentHash(sfs: string, manager?: EntityManager): Promise<string | null> {
    const rows: Array<{ content_hash: string }> = await this.manager(manager).query(
      `SELECT v.content_hash FROM law_catalog.documents d
         JOIN law_catalog.document_versions v ON v.id = d.current_version_id
        WHERE d.sfs = $1`,
      [sfs],
    );
    return rows[0]?.content_hash ?? null;
  }

  /** Content hash and section count of a version (one indexed read). */
  async currentVersionSummary(versionId: string, manager?: EntityManager): Promise<{ contentHash: string; sectionCount: number } | null> {
    const version = await this.manager(manager).findOne(DocumentVersionEntity, {
      select: { id: true, contentHash: true, sectionCount: true },
      where: { id: versionId },
    });
    return version ? { contentHash: version.contentHash, sectionCount: version.sectionCount } : null;
  }

  async versionIdByHash(documentId: string, contentHash: string, manager?: EntityManager): Promise<string | null> {
    const version = await this.manager(manager).findOne(DocumentVersionEntity, {
      select: { id: true },
      where: { documentId, contentHash },
    });
    return version?.id ?? null;
  }

  /** Sections of a version in document order (text included, for diffs and exact lookups). */
  sectionsOf(versionId: string, manager?: EntityManager): Promise<SectionEntity[]> {
    return this.manager(manager).find(SectionEntity, { where: { versionId }, order: { position: 'ASC' } });
  }

  amendmentsOf(documentId: string, manager?: EntityManager): Promise<AmendmentEntity[]> {
    return this.manager(manager).find(AmendmentEntity, { where: { documentId }, order: { position: 'ASC' } });
  }

  /** Documents after `afterSfs` in SFS string order (stable keyset paging for sitemaps). */
  async listAfter(afterSfs: string | null, limit: number): Promise<ListRow[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .select(['d.sfs', 'd.title', 'd.updatedAt'])
      .where('d.current_version_id IS NOT NULL')
      .orderBy('d.sfs', 'ASC')
      .limit(limit);
    if (afterSfs !== null) query.andWhere('d.sfs > :after', { after: afterSfs });
    const rows = await query.getMany();
    return rows.map((row) => ({ sfs: row.sfs, title: row.title, updatedAt: row.updatedAt }));
  }

  countListed(): Promise<number> {
    return this.dataSource.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .where('d.current_version_id IS NOT NULL')
      .getCount();
  }
}
