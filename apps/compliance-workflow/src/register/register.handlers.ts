import { Injectable } from '@nestjs/common';
import type { MethodName, MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { EvidenceService } from './evidence/evidence.service';
import { RegisterExportService } from './export/register-export.service';
import { ListsService } from './lists/lists.service';
import { ProfileService } from './profile/profile.service';
import { RequirementsService } from './requirements/requirements.service';

type M = MethodName<'compliance-workflow'>;
type In<K extends M> = MethodParsedInput<'compliance-workflow', K>;
type Out<K extends M> = Promise<OperationResult<MethodOutput<'compliance-workflow', K>>>;

/** Request/reply handlers of the legal register: input already validated against the contract; one service call each. */
@Injectable()
export class RegisterHandlers {
  constructor(
    private readonly profiles: ProfileService,
    private readonly lists: ListsService,
    private readonly requirements: RequirementsService,
    private readonly evidence: EvidenceService,
    private readonly exporter: RegisterExportService,
  ) {}

  @RpcHandler('compliance-workflow', 'sni.search')
  searchSni(input: In<'sni.search'>): Out<'sni.search'> {
    return this.profiles.searchSni(input);
  }

  @RpcHandler('compliance-workflow', 'profile.get')
  getProfile(input: In<'profile.get'>): Out<'profile.get'> {
    return this.profiles.get(input);
  }

  @RpcHandler('compliance-workflow', 'profile.set')
  setProfile(input: In<'profile.set'>): Out<'profile.set'> {
    return this.profiles.set(input);
  }

  @RpcHandler('compliance-workflow', 'lists.create')
  createList(input: In<'lists.create'>): Out<'lists.create'> {
    return this.lists.create(input);
  }

  @RpcHandler('compliance-workflow', 'lists.list')
  listLists(input: In<'lists.list'>): Out<'lists.list'> {
    return this.lists.list(input);
  }

  @RpcHandler('compliance-workflow', 'lists.get')
  getList(input: In<'lists.get'>): Out<'lists.get'> {
    return this.lists.get(input);
  }

  @RpcHandler('compliance-workflow', 'lists.activeLaws')
  activeLaws(input: In<'lists.activeLaws'>): Out<'lists.activeLaws'> {
    return this.lists.activeLaws(input);
  }

  @RpcHandler('compliance-workflow', 'lists.update')
  updateList(input: In<'lists.update'>): Out<'lists.update'> {
    return this.lists.update(input);
  }

  @RpcHandler('compliance-workflow', 'lists.delete')
  deleteList(input: In<'lists.delete'>): Out<'lists.delete'> {
    return this.lists.delete(input);
  }

  @RpcHandler('compliance-workflow', 'lists.items.add')
  addItem(input: In<'lists.items.add'>): Out<'lists.items.add'> {
    return this.lists.addItem(input);
  }

  @RpcHandler('compliance-workflow', 'lists.items.remove')
  removeItem(input: In<'lists.items.remove'>): Out<'lists.items.remove'> {
    return this.lists.removeItem(input);
  }

  @RpcHandler('compliance-workflow', 'lists.items.restore')
  restoreItem(input: In<'lists.items.restore'>): Out<'lists.items.restore'> {
    return this.lists.restoreItem(input);
  }

  @RpcHandler('compliance-workflow', 'requirements.list')
  listRequirements(input: In<'requirements.list'>): Out<'requirements.list'> {
    return this.requirements.list(input);
  }

  @RpcHandler('compliance-workflow', 'requirements.get')
  getRequirement(input: In<'requirements.get'>): Out<'requirements.get'> {
    return this.requirements.get(input);
  }

  @RpcHandler('compliance-workflow', 'requirements.create')
  createRequirement(input: In<'requirements.create'>): Out<'requirements.create'> {
    return this.requirements.create(input);
  }

  @RpcHandler('compliance-workflow', 'requirements.update')
  updateRequirement(input: In<'requirements.update'>): Out<'requirements.update'> {
    return this.requirements.update(input);
  }

  @RpcHandler('compliance-workflow', 'requirements.delete')
  deleteRequirement(input: In<'requirements.delete'>): Out<'requirements.delete'> {
    return this.requirements.delete(input);
  }

  @RpcHandler('compliance-workflow', 'evidence.list')
  listEvidence(input: In<'evidence.list'>): Out<'evidence.list'> {
    return this.evidence.list(input);
  }

  @RpcHandler('compliance-workflow', 'evidence.add')
  addEvidence(input: In<'evidence.add'>): Out<'evidence.add'> {
    return this.evidence.add(input);
  }

  @RpcHandler('compliance-workflow', 'evidence.download')
  downloadEvidence(input: In<'evidence.download'>): Out<'evidence.download'> {
    return this.evidence.download(input);
  }

  @RpcHandler('compliance-workflow', 'evidence.remove')
  removeEvidence(input: In<'evidence.remove'>): Out<'evidence.remove'> {
    return this.evidence.remove(input);
  }

  @RpcHandler('compliance-workflow', 'register.export')
  exportRegister(input: In<'register.export'>): Out<'register.export'> {
    return this.exporter.export(input);
  }
}
