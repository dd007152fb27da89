import { z } from 'zod';
import { SfsNumberSchema } from './sfs';

/*
 * The statute as the catalog serves it. The structure mirrors the parser's
 * output (libs/sfs-parser) so the web app renders exactly what was parsed.
 */
const Validity = z
  .union([
    // A date, or null for "den dag som regeringen bestämmer"; `raw` is the marker as printed.
    z.object({ kind: z.literal('future'), from: z.string().nullable(), raw: z.string().optional() }),
    z.object({ kind: z.literal('expiring'), until: z.string().nullable(), raw: z.string().optional() }),
  ])
  .nullable();

export const PunktSchema = z.object({ anchor: z.string(), label: z.string(), text: z.string() });
export const StyckeSchema = z.object({
  anchor: z.string(),
  number: z.number().int(),
  text: z.string(),
  punkter: z.array(PunktSchema),
});
export const SectionSchema = z.object({
  type: z.literal('paragraf'),
  anchor: z.string(),
  number: z.string(),
  chapter: z.string().nullable(),
  heading: z.string().nullable(),
  stycken: z.array(StyckeSchema),
  text: z.string(),
  amendedBy: z.string().nullable(),
  repealed: z.boolean(),
  repealedBy: z.string().nullable(),
  validity: Validity,
});
export const HeadingSchema = z.object({
  type: z.literal('rubrik'),
  anchor: z.string(),
  text: z.string(),
  validity: Validity,
});
export const ChapterSchema = z.object({
  type: z.literal('kapitel'),
  anchor: z.string(),
  number: z.string(),
  title: z.string().nullable(),
  validity: Validity,
  children: z.array(z.union([HeadingSchema, SectionSchema])),
});
export const DivisionSchema = z.object({
  type: z.literal('avdelning'),
  anchor: z.string(),
  number: z.string(),
  title: z.string().nullable(),
  children: z.array(z.union([ChapterSchema, HeadingSchema, SectionSchema])),
});
export const TransitionalSchema = z.object({ anchor: z.string(), sfs: z.string().nullable(), text: z.string() });

export const LawStructureSchema = z.object({
  preamble: z.string(),
  body: z.array(z.union([DivisionSchema, ChapterSchema, HeadingSchema, SectionSchema])),
  transitional: z.array(TransitionalSchema),
});

export const LawVersionRefSchema = z.object({
  id: z.string().uuid(),
  contentHash: z.string(),
  /** "t.o.m. SFS 2023:349" as the source states it. */
  amendedThrough: z.string().nullable(),
  createdAt: z.string(),
});

export const LawMetadataSchema = z.object({
  sfs: z.string(),
  documentId: z.string(),
  title: z.string(),
  department: z.string().nullable(),
  issuedAt: z.string().nullable(),
  inForce: z.string().nullable(),
  amendedThrough: z.string().nullable(),
  repealed: z.boolean(),
  repealedAt: z.string().nullable(),
  sourceName: z.string(),
  sourceUrl: z.string().nullable(),
  fetchedAt: z.string(),
  updatedAt: z.string(),
  version: LawVersionRefSchema,
});

export const LawDocumentSchema = LawMetadataSchema.extend({ structure: LawStructureSchema });

export const AmendmentSchema = z.object({
  sfs: z.string(),
  title: z.string(),
  inForce: z.string().nullable(),
  notes: z.string().nullable(),
});

export const SearchHitSchema = z.object({
  sfs: z.string(),
  title: z.string(),
  anchor: z.string().nullable(),
  /** "3 kap. 2 a §" for section hits. */
  label: z.string().nullable(),
  /** Plain text; matched words wrapped in «» so the client can highlight without HTML. */
  snippet: z.string(),
  rank: z.number(),
});

export const SearchInputSchema = z.object({
  q: z.string().trim().min(1, 'Sökfrågan får inte vara tom').max(300, 'Sökfrågan är för lång (högst 300 tecken)'),
  page: z.number().int().min(1).max(100).default(1),
  pageSize: z.number().int().min(1).max(50).default(20),
});

export const SearchResultSchema = z.object({
  query: z.string(),
  /** 'reference' when the query was parsed as an SFS number / section reference. */
  mode: z.enum(['reference', 'fulltext']),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  hits: z.array(SearchHitSchema),
});

export const LawListInputSchema = z.object({
  cursor: z.string().nullable().default(null),
  limit: z.number().int().min(1).max(50_000).default(1000),
});
export const LawListResultSchema = z.object({
  items: z.array(z.object({ sfs: z.string(), title: z.string(), updatedAt: z.string() })),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const SfsInputSchema = z.object({ sfs: SfsNumberSchema });

export type LawStructure = z.infer<typeof LawStructureSchema>;
export type LawSection = z.infer<typeof SectionSchema>;
export type LawChapter = z.infer<typeof ChapterSchema>;
export type LawDivision = z.infer<typeof DivisionSchema>;
export type LawHeading = z.infer<typeof HeadingSchema>;
export type LawMetadata = z.infer<typeof LawMetadataSchema>;
export type LawDocument = z.infer<typeof LawDocumentSchema>;
export type Amendment = z.infer<typeof AmendmentSchema>;
export type SearchHit = z.infer<typeof SearchHitSchema>;
export type SearchInput = z.input<typeof SearchInputSchema>;
export type SearchResult = z.infer<typeof SearchResultSchema>;
export type LawListResult = z.infer<typeof LawListResultSchema>;
