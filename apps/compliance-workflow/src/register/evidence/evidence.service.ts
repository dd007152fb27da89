import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ErrorCode,
  refuse,
  succeed,
  type Evidence,
  type FileDownload,
  type MethodName,
  type MethodParsedInput,
  type OperationResult,
} from '@laglig/contracts';
import { ActivityService } from '../../activity/activity.service';
import { WorkspaceAccess, type AccessGrant } from '../../access/workspace-access.service';
import { RealtimePublisher } from '../../realtime/realtime-publisher';
import { REGISTER_CONFIG, type RegisterConfig } from '../register.config';
import { RegisterReadModel } from '../register.read-model';
import { RequirementEntity } from '../requirements/requirement.entity';
import { EvidenceEntity } from './evidence.entity';
import { EVIDENCE_SCANNER, type EvidenceScanner, type ScanVerdict } from './evidence-scanner';
import { EVIDENCE_STORAGE, newStorageKey, type EvidenceStorage } from './evidence-storage';
import { contentMatchesType, MIME_LABELS } from './magic-bytes';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

const REQUIREMENT_NOT_FOUND = 'Kravet finns inte.';
const EVIDENCE_NOT_FOUND = 'Beviset finns inte.';

const invalid = (path: string, message: string) => refuse(ErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });

/** The uploader's name without any path and control characters (shown and used in downloads, never as a storage key). */
export function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.slice(0, 255) || 'fil';
}

/** "10 MB", "4 kB". */
const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.max(1, Math.floor(bytes / 1024))} kB`;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Evidence for requirements: files (type checked against the content's magic
 * bytes, size limited, sha256 recorded, passed through the scanner hook, stored
 * behind EvidenceStorage under a random key) and links (http/https).
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
    private readonly read: RegisterReadModel,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    @Inject(EVIDENCE_SCANNER) private readonly scanner: EvidenceScanner | null,
    @Inject(REGISTER_CONFIG) private readonly config: RegisterConfig,
  ) {}

  async list(input: In<'evidence.list'>): Promise<OperationResult<{ items: Evidence[] }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const m = this.dataSource.manager;
    if (!(await m.existsBy(RequirementEntity, { id: input.requirementId, workspaceId: grant.value.workspaceId }))) {
      return refuse(ErrorCode.NOT_FOUND, REQUIREMENT_NOT_FOUND);
    }
    const items = await this.read.evidence(m, grant.value.workspaceId, { requirementId: input.requirementId });
    return succeed({ items: items.map(publicEvidence) });
  }

  async add(input: In<'evidence.add'>): Promise<OperationResult<Evidence>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    if (Boolean(input.file) === Boolean(input.link)) return invalid('file', 'Ange antingen en fil eller en länk.');
    const requirement = await this.dataSource.manager.findOneBy(RequirementEntity, { id: input.requirementId, workspaceId: g.workspaceId });
    if (!requirement) return refuse(ErrorCode.NOT_FOUND, REQUIREMENT_NOT_FOUND);

    if (input.link) {
      const { title, url } = input.link;
      return this.insert(g, requirement, { kind: 'link', title, url, scanStatus: 'unscanned' }, null);
    }

    const file = input.file as NonNullable<typeof input.file>;
    if (!BASE64.test(file.contentBase64) || file.contentBase64.length % 4 !== 0) return invalid('file.contentBase64', 'Filen kunde inte läsas (ogiltig base64).');
    const content = Buffer.from(file.contentBase64, 'base64');
    if (content.length === 0) return invalid('file', 'Filen är tom.');
    if (content.length > this.config.EVIDENCE_MAX_BYTES) {
      return invalid('file', `Filen är för stor (högst ${formatBytes(this.config.EVIDENCE_MAX_BYTES)}).`);
    }
    if (!contentMatchesType(content, file.mimeType)) {
      return invalid('file.mimeType', `Filens innehåll stämmer inte med filtypen (${MIME_LABELS[file.mimeType]}).`);
    }
    const filename = cleanFilename(file.filename);
    let scanStatus: ScanVerdict | 'unscanned' = 'unscanned';
    if (this.scanner) {
      try {
        scanStatus = await this.scanner.scan(content, { filename, mimeType: file.mimeType });
      } catch (error) {
        this.logger.warn(`virus scan failed: ${error instanceof Error ? error.message : String(error)}`);
        return refuse(ErrorCode.UNAVAILABLE, 'Virskontrollen kunde inte genomföras. Försök igen om en stund.');
      }
      if (scanStatus === 'infected') return invalid('file', 'Filen innehåller skadlig kod och har inte sparats.');
    }
    const storageKey = newStorageKey(g.workspaceId);
    await this.storage.put(storageKey, content);
    try {
      return await this.insert(
        g,
        requirement,
        {
          kind: 'file',
          title: file.title?.trim() || filename,
          filename,
          mimeType: file.mimeType,
          size: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          storageKey,
          scanStatus,
        },
        storageKey,
      );
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
  }

  async download(input: In<'evidence.download'>): Promise<OperationResult<FileDownload>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const [evidence] = await this.read.evidence(this.dataSource.manager, grant.value.workspaceId, { evidenceId: input.evidenceId });
    if (!evidence) return refuse(ErrorCode.NOT_FOUND, EVIDENCE_NOT_FOUND);
    if (evidence.kind !== 'file' || !evidence.storageKey) return refuse(ErrorCode.NOT_FOUND, 'Beviset är en länk och har ingen fil.');
    const content = await this.storage.get(evidence.storageKey);
    if (!content) {
      this.logger.error(`evidence ${evidence.id}: file missing in storage`);
      return refuse(ErrorCode.NOT_FOUND, 'Filen saknas i lagringen.');
    }
    return succeed({ filename: evidence.filename ?? 'fil', mimeType: evidence.mimeType ?? 'application/octet-stream', contentBase64: content.toString('base64') });
  }

  async remove(input: In<'evidence.remove'>): Promise<OperationResult<{ removed: true }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<{ requirementId: string; storageKey: string | null }>> => {
      const row = await m.findOne(EvidenceEntity, { where: { id: input.evidenceId, workspaceId: g.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!row) return refuse(ErrorCode.NOT_FOUND, EVIDENCE_NOT_FOUND);
      await m.delete(EvidenceEntity, { id: row.id });
      await this.activity.record(m, g, {
        entityType: 'evidence',
        entityId: row.id,
        action: 'removed',
        changes: [{ field: row.kind === 'file' ? 'filename' : 'url', from: row.kind === 'file' ? row.filename : row.url, to: null }],
        summary: row.title,
      });
      return succeed({ requirementId: row.requirementId, storageKey: row.storageKey });
    });
    if (!result.ok) return result;
    // The row is gone first: a crash here leaves an orphaned file, never a row without its file.
    if (result.value.storageKey) {
      await this.storage.delete(result.value.storageKey).catch((e: unknown) => this.logger.warn(`evidence file not deleted: ${e instanceof Error ? e.message : String(e)}`));
    }
    await this.publishRequirement(g, result.value.requirementId);
    return succeed({ removed: true });
  }

  private async insert(
    g: AccessGrant,
    requirement: RequirementEntity,
    values: Partial<EvidenceEntity> & Pick<EvidenceEntity, 'kind' | 'title' | 'scanStatus'>,
    storageKey: string | null,
  ): Promise<OperationResult<Evidence>> {
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<Evidence>> => {
      // The requirement may have been deleted since it was looked up.
      const locked = await m.findOne(RequirementEntity, { where: { id: requirement.id, workspaceId: g.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!locked) return refuse(ErrorCode.NOT_FOUND, REQUIREMENT_NOT_FOUND);
      const saved = await m.save(
        m.create(EvidenceEntity, { ...values, workspaceId: g.workspaceId, requirementId: requirement.id, createdBy: g.userId, createdByName: g.actorName || null }),
      );
      await this.activity.record(m, g, {
        entityType: 'evidence',
        entityId: saved.id,
        action: 'added',
        changes: [
          { field: 'requirementId', from: null, to: requirement.id },
          values.kind === 'file' ? { field: 'filename', from: null, to: saved.filename } : { field: 'url', from: null, to: saved.url },
        ],
        summary: saved.title,
      });
      const [evidence] = await this.read.evidence(m, g.workspaceId, { evidenceId: saved.id });
      return succeed(publicEvidence(evidence as Evidence & { storageKey: string | null }));
    });
    if (!result.ok && storageKey) await this.storage.delete(storageKey).catch(() => undefined);
    if (result.ok) await this.publishRequirement(g, requirement.id);
    return result;
  }

  /** Evidence counts show on the requirement: its subscribers hear about the change. */
  private async publishRequirement(g: AccessGrant, requirementId: string): Promise<void> {
    const requirement = await this.read.requirement(this.dataSource.manager, g.workspaceId, requirementId);
    if (requirement) {
      await this.realtime.publish({ type: 'requirement.updated', workspaceId: g.workspaceId, actorId: g.userId, data: RegisterReadModel.publicRequirement(requirement) });
    }
  }
}

function publicEvidence(e: Evidence & { storageKey: string | null }): Evidence {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { storageKey, ...dto } = e;
  return dto;
}
