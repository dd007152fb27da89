import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import {
  AmendmentSchema,
  ChatAnswerSchema,
  HealthSchema,
  LawDocumentSchema,
  LawListResultSchema,
  LawMetadataSchema,
  SearchResultSchema,
} from '@laglig/contracts';

/** Response schemas generated from the same zod contracts the services validate against. */
const SCHEMAS = {
  LawDocument: LawDocumentSchema,
  LawMetadata: LawMetadataSchema,
  SearchResult: SearchResultSchema,
  LawListResult: LawListResultSchema,
  Amendments: z.object({ sfs: z.string(), items: z.array(AmendmentSchema) }),
  Health: HealthSchema,
  ChatAnswer: ChatAnswerSchema,
} as const;

export function openApiSchema(name: keyof typeof SCHEMAS): SchemaObject {
  const schema = z.toJSONSchema(SCHEMAS[name], { unrepresentable: 'any', io: 'output' }) as Record<string, unknown>;
  delete schema['$schema'];
  return schema as SchemaObject;
}

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Laglig API')
    .setDescription(
      'Svenska författningar (SFS): dokument med struktur och ankare, sökning och ändringsregister. ' +
        'Fel har formen { statusCode, code, message, correlationId }.',
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
