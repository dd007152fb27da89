import type { ValidityMark, ValidityMarker } from './types';

/**
 * A validity marker as printed in the consolidated text, e.g.
 * `/Träder i kraft I:2025-07-01/`, `/Upphör att gälla U:2028-07-01/`,
 * `/Rubriken träder i kraft I:2024-07-01/`,
 * `/Kapitlet upphör att gälla U:2026-07-01 genom lag 2025:729/`,
 * `/Upphör att gälla U:2025-01-01 genom förordning (2023:302)./`.
 */
const MARKER = /\/\s*(?:(?:Kapitlet|Rubriken|Paragrafen|Punkten|Bilagan|Avdelningen)\s+)?(träder i kraft|upphör att gälla)\s+[IU]\s*:\s*([^/]*?)\s*\//i;
const MARKER_AT_START = new RegExp(`^${MARKER.source}`, MARKER.flags);

/** Parse one marker found at the start of `text`; returns the marker and the remaining text. */
export function takeLeadingMarker(text: string): { marker: ValidityMarker; rest: string } | null {
  const match = MARKER_AT_START.exec(text.trim());
  if (!match) return null;
  const marker = markerFromParts(match[0], match[1], match[2]);
  return { marker, rest: text.trim().slice(match[0].length).trim() };
}

/** Take all markers at the start of `text` ("/Träder i kraft .../ /Upphör att gälla .../ rest"). */
export function takeLeadingMarkers(text: string): { markers: ValidityMarker[]; rest: string } {
  const markers: ValidityMarker[] = [];
  let rest = text.trim();
  for (let taken = takeLeadingMarker(rest); taken; taken = takeLeadingMarker(rest)) {
    markers.push(taken.marker);
    rest = taken.rest;
  }
  return { markers, rest };
}

/** True when the whole line is one or more validity markers. */
export function isMarkerLine(line: string): boolean {
  const { markers, rest } = takeLeadingMarkers(line);
  return markers.length > 0 && rest === '';
}

function markerFromParts(raw: string, verb: string, detail: string): ValidityMarker {
  const date = /\d{4}-\d{2}-\d{2}/.exec(detail)?.[0] ?? null;
  const by = /\d{4}:\d+/.exec(detail)?.[0];
  const extra = by ? { by } : {};
  return verb.toLowerCase().startsWith('träder')
    ? { kind: 'future', from: date, raw: raw.trim(), ...extra }
    : { kind: 'expiring', until: date, raw: raw.trim(), ...extra };
}

/**
 * Pick the single mark exposed as `validity`: a future marker wins over an
 * expiring one, because it is what distinguishes the wording (and its anchor).
 */
export function primaryMark(marks: readonly ValidityMarker[]): ValidityMark {
  return marks.find((mark) => mark.kind === 'future') ?? marks[0] ?? null;
}

/**
 * Anchor qualifier for a mark: future wordings get `-I<date>` so that the
 * current wording keeps the plain anchor; everything else gets ''.
 */
export function anchorQualifier(mark: ValidityMark): string {
  if (!mark || mark.kind !== 'future') return '';
  return `-I${mark.from ?? 'pending'}`;
}
