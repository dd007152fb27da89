import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  refuse,
  succeed,
  type CompanyProfile,
  type MethodName,
  type MethodParsedInput,
  type OperationResult,
  type Screening,
  type SniEntry,
} from '@laglig/contracts';
import { ActivityService, fieldChanges } from '../../activity/activity.service';
import { WorkspaceAccess } from '../../access/workspace-access.service';
import { SniCatalog } from '../reference/sni-catalog';
import { CompanyProfileEntity } from './company-profile.entity';
import { legalFormOf, normaliseOrgNumber } from './org-number';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

const invalid = (issues: Array<{ path: string; message: string }>) =>
  refuse(ErrorCode.INVALID_INPUT, issues.map((i) => i.message).join('; '), { issues });

/** A sole trader's number is a personnummer: the activity log shows that it changed, not the number. */
const loggableOrgNumber = (orgNumber: string): string => (legalFormOf(orgNumber) === 'sole-trader' ? 'personnummer (dolt)' : orgNumber);

/** The profile as the rules and the lists read it. */
export interface StoredProfile {
  name: string;
  orgNumber: string;
  sniCodes: string[];
  employees: number;
  screening: Screening;
}

/**
 * The company profile of a workspace (one per workspace) and the SNI 2007
 * lookup. Setting the profile needs manage (ADMIN or OWNER); reading it, any
 * member.
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    @Inject(SniCatalog) private readonly sni: SniCatalog,
  ) {}

  searchSni(input: In<'sni.search'>): Promise<OperationResult<{ items: SniEntry[] }>> {
    return Promise.resolve(succeed({ items: this.sni.search(input.q, input.limit) }));
  }

  async get(input: In<'profile.get'>): Promise<OperationResult<{ profile: CompanyProfile | null }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const row = await this.dataSource.manager.findOneBy(CompanyProfileEntity, { workspaceId: grant.value.workspaceId });
    return succeed({ profile: row ? this.view(row) : null });
  }

  /** The stored profile (for list generation), or null when none is filled in. */
  async stored(m: EntityManager, workspaceId: string): Promise<StoredProfile | null> {
    const row = await m.findOneBy(CompanyProfileEntity, { workspaceId });
    return row ? { name: row.name, orgNumber: row.orgNumber, sniCodes: row.sniCodes, employees: row.employees, screening: row.screening as Screening } : null;
  }

  async set(input: In<'profile.set'>): Promise<OperationResult<CompanyProfile>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'manage');
    if (!grant.ok) return grant;
    const g = grant.value;
    const { profile } = input;

    const issues: Array<{ path: string; message: string }> = [];
    const org = normaliseOrgNumber(profile.orgNumber);
    if (!org.ok) issues.push({ path: 'profile.orgNumber', message: org.message });
    const codes: string[] = [];
    profile.sniCodes.forEach((raw, i) => {
      const entry = this.sni.lookup(raw);
      if (!entry) issues.push({ path: `profile.sniCodes.${i}`, message: `SNI-koden ${raw.trim()} finns inte i SNI 2007` });
      else if (!codes.includes(entry.code)) codes.push(entry.code);
    });
    if (issues.length > 0 || !org.ok) return invalid(issues);

    const next = { name: profile.name, orgNumber: org.value, sniCodes: codes, employees: profile.employees, screening: profile.screening };
    const saved = await this.dataSource.transaction(async (m) => {
      const before = await m.findOne(CompanyProfileEntity, { where: { workspaceId: g.workspaceId }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      await m.upsert(
        CompanyProfileEntity,
        { workspaceId: g.workspaceId, ...next, updatedBy: g.userId, updatedAt: now, ...(before ? {} : { createdAt: now }) },
        ['workspaceId'],
      );
      const loggable = (p: typeof next) => ({ ...p, orgNumber: loggableOrgNumber(p.orgNumber) });
      const changes = before
        ? fieldChanges(loggable({ name: before.name, orgNumber: before.orgNumber, sniCodes: before.sniCodes, employees: before.employees, screening: before.screening as Screening }), loggable(next), [
            'name',
            'orgNumber',
            'sniCodes',
            'employees',
            'screening',
          ])
        : fieldChanges({} as Partial<ReturnType<typeof loggable>>, loggable(next), ['name', 'orgNumber', 'sniCodes', 'employees', 'screening']);
      if (!before || changes.length > 0) {
        await this.activity.record(m, g, { entityType: 'profile', entityId: g.workspaceId, action: before ? 'updated' : 'created', changes, summary: next.name });
      }
      return m.findOneByOrFail(CompanyProfileEntity, { workspaceId: g.workspaceId });
    });
    return succeed(this.view(saved));
  }

  private view(row: CompanyProfileEntity): CompanyProfile {
    return {
      name: row.name,
      orgNumber: row.orgNumber,
      sniCodes: row.sniCodes.map((code) => ({ code, title: this.sni.lookup(code)?.title ?? '' })),
      employees: row.employees,
      screening: row.screening,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
