/**
 * The case engine's part of the search index: every case a command held is written as a
 * document (running or ended; its history stays, so does its document) with its variables,
 * in the command's own index writes (search/command-changes.ts). Registered at import.
 */
import type { CommandContext } from '../../engine/context.ts';
import {
  caseDocument,
  caseVariableSet,
  type SearchDocument,
  type SearchVariableSet,
} from '../../search/documents.ts';
import { registerSearchContributor } from '../../search/command-changes.ts';
import { heldCaseScope } from './case-context.ts';

const caseSearchChanges = (ctx: CommandContext) => {
  const documents: SearchDocument[] = [];
  const variableSets: SearchVariableSet[] = [];
  for (const c of heldCaseScope(ctx)?.cases.values() ?? []) {
    const variables = c.row.document.variables;
    documents.push(
      caseDocument({
        id: c.row.id,
        tenantId: c.row.tenantId,
        name: c.row.name,
        definitionId: c.row.definitionId,
        definitionKey: c.definition.key,
        definitionName: c.definition.name,
        businessKey: c.row.businessKey,
        startUserId: c.row.startUserId,
        startedAt: c.row.startedAt,
        state: c.ended ?? c.row.state,
        endedAt: c.ended ? ctx.now : null,
        variables,
      }),
    );
    variableSets.push(caseVariableSet(c.row.id, variables));
  }
  return { documents, variableSets };
};

export const registerCaseSearch = (): void => registerSearchContributor(caseSearchChanges);
