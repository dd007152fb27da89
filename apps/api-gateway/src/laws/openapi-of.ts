import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** OpenAPI response schema generated from a zod contract (like `openApiSchema`, for any schema). */
export function openApiOf(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as Record<string, unknown>;
  delete json['$schema'];
  return json as SchemaObject;
}
