import { EvidenceEntity } from './evidence/evidence.entity';
import { LawListItemEntity } from './lists/law-list-item.entity';
import { LawListEntity } from './lists/law-list.entity';
import { CompanyProfileEntity } from './profile/company-profile.entity';
import { RequirementEntity } from './requirements/requirement.entity';

/** The register's tables (migration 1796200000000-Register). */
export const REGISTER_ENTITIES = [CompanyProfileEntity, LawListEntity, LawListItemEntity, RequirementEntity, EvidenceEntity];
