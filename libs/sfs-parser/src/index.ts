export { parseSfsText } from './lib/parse-sfs';
export { sectionAnchor, chapterAnchor, listAnchors } from './lib/anchors';
export { parseSectionReference, LAW_ALIASES, type SectionReference } from './lib/section-reference';
export {
  SfsParseError,
  type ValidityMark,
  type ValidityMarker,
  type PunktKind,
  type SfsPunkt,
  type SfsStycke,
  type SfsSection,
  type SfsHeading,
  type SfsChapter,
  type SfsDivision,
  type SfsTransitional,
  type SfsAppendix,
  type SfsBodyNode,
  type ParsedSfs,
} from './lib/types';
