/** One run of snippet text; `mark` for the words the search matched. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * Splits a search snippet whose matched words are wrapped in «» into parts,
 * so the template renders `<mark>` elements with text bindings (never HTML).
 * An unbalanced « marks the rest of the snippet.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, mark: boolean): void => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  let rest = snippet;
  while (rest.length > 0) {
    const open = rest.indexOf('«');
    if (open < 0) {
      push(rest.replace(/»/g, ''), false);
      break;
    }
    push(rest.slice(0, open).replace(/»/g, ''), false);
    const close = rest.indexOf('»', open + 1);
    if (close < 0) {
      push(rest.slice(open + 1), true);
      break;
    }
    push(rest.slice(open + 1, close), true);
    rest = rest.slice(close + 1);
  }
  return parts;
}
