import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import {
  ErrorCode,
  refuse,
  succeed,
  REQUIREMENT_STATUS_LABELS,
  type FileDownload,
  type LawListItem,
  type MethodName,
  type MethodParsedInput,
  type OperationResult,
  type RequirementStatus,
} from '@laglig/contracts';
import { WorkspaceAccess } from '../../access/workspace-access.service';
import { LawListEntity } from '../lists/law-list.entity';
import { compareLaws, RegisterReadModel, stockholmToday, type RegisterRequirement } from '../register.read-model';
import { reviewFlagText } from '../law-changes/change-text';
import { toCsv } from './csv';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

/** The register's columns, as Swedish ISO 14001/45001 registers use them. */
export const EXPORT_COLUMNS = ['Område', 'Lag', 'Krav', 'Ansvarig', 'Följer', 'Datum', 'Granskare', 'Kommentar', 'Åtgärd', 'Omprövning'] as const;

/** Följer: Ja / Nej / Delvis / Ej tillämplig; empty while unassessed. */
export const COMPLIES: Record<RequirementStatus, string> = {
  UPPFYLLD: 'Ja',
  EJ_UPPFYLLD: 'Nej',
  DELVIS: REQUIREMENT_STATUS_LABELS.DELVIS,
  EJ_TILLAMPLIG: REQUIREMENT_STATUS_LABELS.EJ_TILLAMPLIG,
};

const WIDTHS = [20, 45, 55, 22, 14, 12, 22, 45, 45, 40];

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv; charset=utf-8';

/** "Bygg & Montage AB" → "bygg-montage-ab" (for the file name). */
export function slug(name: string): string {
  const s = name
    .toLocaleLowerCase('sv-SE')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 60) || 'arbetsyta';
}

const stockholmDate = (iso: string | null): string => (iso ? stockholmToday(new Date(iso)) : '');

/**
 * The register as a file an auditor can open: one row per requirement of the
 * laws on the list (removed laws and their requirements left out), a law
 * without requirements once. Any member, auditors included, may export.
 */
@Injectable()
export class RegisterExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly read: RegisterReadModel,
  ) {}

  async export(input: In<'register.export'>): Promise<OperationResult<FileDownload>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const g = grant.value;
    const m = this.dataSource.manager;
    if (input.listId && !(await m.existsBy(LawListEntity, { id: input.listId, workspaceId: g.workspaceId }))) {
      return refuse(ErrorCode.NOT_FOUND, 'Listan finns inte.');
    }
    const rows = await this.rows(g.workspaceId, input.listId);
    const filename = `laglista-${slug(g.workspaceName)}-${stockholmToday()}.${input.format}`;
    const content = input.format === 'xlsx' ? await this.xlsx(rows) : toCsv([[...EXPORT_COLUMNS], ...rows]);
    return succeed({ filename, mimeType: input.format === 'xlsx' ? XLSX_MIME : CSV_MIME, contentBase64: content.toString('base64') });
  }

  /** Register rows in register order (Område, law, requirement position). */
  async rows(workspaceId: string, listId?: string): Promise<string[][]> {
    const m = this.dataSource.manager;
    const items: LawListItem[] = (await this.read.items(m, workspaceId, listId ? { listId } : {})).filter((i) => i.status === 'active');
    const requirements = await this.read.requirements(m, workspaceId, listId ? { listId } : {});
    const byItem = new Map<string, RegisterRequirement[]>();
    for (const r of requirements) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
    const law = (i: LawListItem): string => (i.kind === 'SFS' && !i.title.includes(i.ref) ? `${i.title} (${i.ref})` : i.title);
    const out: string[][] = [];
    for (const item of [...items].sort(compareLaws)) {
      const reqs = (byItem.get(item.id) ?? []).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
      if (reqs.length === 0) {
        out.push([item.area, law(item), '', '', '', '', '', '', '', '']);
        continue;
      }
      for (const r of reqs) {
        out.push([
          item.area,
          law(item),
          r.sectionLabel ? `${r.sectionLabel} ${r.title}` : r.title,
          r.responsibleName ?? '',
          r.status ? COMPLIES[r.status] : '',
          stockholmDate(r.assessedAt),
          r.assessedBy ?? '',
          r.motivation ?? '',
          r.action ?? '',
          // "Behöver omprövas (ändr. genom SFS 2026:1001: ändr. 3 kap. 2 a §)" while a law change awaits a new assessment.
          r.reviewFlag ? reviewFlagText(r.reviewFlag) : '',
        ]);
      }
    }
    return out;
  }

  private async xlsx(rows: string[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Laglig';
    workbook.created = new Date();
    const sheet = workbook.addWorksheet('Laglista', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = EXPORT_COLUMNS.map((header, i) => ({ header, key: `c${i}`, width: WIDTHS[i] }));
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
    for (const row of rows) sheet.addRow(row).alignment = { vertical: 'top', wrapText: true };
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
