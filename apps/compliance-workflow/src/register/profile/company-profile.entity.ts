import { Check, Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../../accounts/user.entity';
import { WorkspaceEntity } from '../../access/workspace.entity';

/** The company behind a workspace: one profile per workspace (migration 1796200000000-Register). */
@Entity({ name: 'company_profiles' })
@Check('company_profiles_employees_check', `employees >= 0`)
export class CompanyProfileEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'company_profiles_pkey' })
  workspaceId!: string;

  @OneToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'company_profiles_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'text' })
  name!: string;

  /** NNNNNN-NNNN, Luhn-checked. */
  @Column({ name: 'org_number', type: 'text' })
  orgNumber!: string;

  /** SNI 2007 codes in SCB's dotted form ("41.200"). */
  @Column({ name: 'sni_codes', type: 'jsonb' })
  sniCodes!: string[];

  @Column({ type: 'integer' })
  employees!: number;

  /** Answers to SCREENING_QUESTIONS, every key present. */
  @Column({ type: 'jsonb' })
  screening!: Record<string, boolean>;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'company_profiles_updated_by_fkey' })
  updater?: Relation<UserEntity>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
