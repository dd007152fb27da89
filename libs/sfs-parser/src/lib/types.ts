/**
 * Public data model produced by {@link parseSfsText}.
 *
 * All anchors follow the lagen.nu / Riksdagen convention (`K3P2aS1N2`), see
 * the README of this library for the complete scheme.
 */

/**
 * A validity marker such as `/Träder i kraft I:2025-07-01/` (future wording)
 * or `/Upphör att gälla U:2028-07-01/` (current wording that will expire).
 *
 * `from`/`until` is `null` only when the marker names no date, e.g.
 * `/Träder i kraft I:den dag som regeringen bestämmer/`.
 */
export type ValidityMark =
  | { kind: 'future'; from: string | null; raw: string; by?: string }
  | { kind: 'expiring'; until: string | null; raw: string; by?: string }
  | null;

/** A non-null validity marker. */
export type ValidityMarker = NonNullable<ValidityMark>;

/**
 * How a list item (punkt) is marked in the source text: "1.", "a)" or "a.",
 * "-"/"–", or not at all (a block starting with a lower-case letter that
 * continues the list of the stycke, e.g. definition lists "vattenområde: ...").
 */
export type PunktKind = 'numbered' | 'lettered' | 'dash' | 'unmarked';

export interface SfsPunkt {
  anchor: string;
  /** '1' for "1.", 'a' for "a)", '-' for dash items (strecksatser), '' for unmarked items. */
  label: string;
  text: string;
  kind: PunktKind;
  /** Anchor fragment within the stycke: 'N1', 'Na', 'N3a' ("3 a"), 'T2' (second unnumbered entry), 'T5N1'. */
  id: string;
  /** Fragment of the enclosing punkt ('N3' for the lettered item "3 a"); null at top level. */
  parent: string | null;
}

export interface SfsStycke {
  anchor: string;
  /** 1-based position within the section ("första stycket" = 1). */
  number: number;
  /** Full text of the stycke: lead text, then each punkt on its own line ("1. ..."). */
  text: string;
  punkter: SfsPunkt[];
}

export interface SfsSection {
  type: 'paragraf';
  anchor: string;
  /** Section number as printed, normalised to '2 a' form. '' for the implicit section of a statute without §. */
  number: string;
  /** '3' or '3 a'; null when the statute has no chapters. */
  chapter: string | null;
  /** Nearest preceding rubrik within the chapter (or within the statute when it has no chapters). */
  heading: string | null;
  stycken: SfsStycke[];
  /** Whole section plain text, stycken joined with "\n\n" (amendment note excluded). */
  text: string;
  /** SFS number of the last amendment note of the section ("Lag (2012:333)." -> '2012:333'). */
  amendedBy: string | null;
  repealed: boolean;
  repealedBy: string | null;
  /** The section's own marker, or else the marker inherited from its chapter. Future beats expiring when both exist. */
  validity: ValidityMark;
  /** Every marker that applies (own markers first, then inherited ones). */
  validityMarks: ValidityMarker[];
  /** True for the synthetic section that holds the text of a statute without any § (e.g. SFS 1994:2076). */
  implicit: boolean;
  /** 1-based line of the section header in the normalised input. */
  line: number;
}

export interface SfsHeading {
  type: 'rubrik';
  anchor: string;
  text: string;
  validity: ValidityMark;
}

export interface SfsChapter {
  type: 'kapitel';
  anchor: string;
  /** '3' or '3 a'. */
  number: string;
  title: string | null;
  validity: ValidityMark;
  repealed: boolean;
  repealedBy: string | null;
  children: Array<SfsHeading | SfsSection>;
}

export interface SfsDivision {
  type: 'avdelning';
  anchor: string;
  /** Arabic number of the division ('1' for "FÖRSTA AVDELNINGEN" / "AVDELNING I."). */
  number: string;
  /** The label as printed ("FÖRSTA AVDELNINGEN", "AVDELNING I"). */
  label: string;
  title: string | null;
  children: Array<SfsChapter | SfsHeading | SfsSection>;
}

export interface SfsTransitional {
  anchor: string;
  /** The amending act the provisions belong to ('2012:333'); null for text without an SFS line. */
  sfs: string | null;
  text: string;
}

export interface SfsAppendix {
  anchor: string;
  /** '1', '2 a' or '' for an unnumbered "Bilaga". */
  number: string;
  title: string | null;
  /** Appendix text; line breaks are kept because appendices are often tables. */
  text: string;
  repealed: boolean;
  repealedBy: string | null;
}

export type SfsBodyNode = SfsDivision | SfsChapter | SfsHeading | SfsSection;

export interface ParsedSfs {
  /** Text before the first structural element ('' if none). */
  preamble: string;
  body: SfsBodyNode[];
  transitional: SfsTransitional[];
  /** Bilagor (appendices) that follow the övergångsbestämmelser. */
  appendices: SfsAppendix[];
  /** Flat list of sections in document order (the same objects as in `body`). */
  sections: SfsSection[];
  /** Set when the whole statute is marked "Har upphävts genom lag (2024:945)." */
  repealedBy: string | null;
  /** Anything odd but recoverable. */
  warnings: string[];
}

/** Thrown by {@link parseSfsText} for input that is not a statute at all. */
export class SfsParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SfsParseError';
  }
}
