/** Strong ETag for a law page: the document version plus the web build that rendered it. */
export function lawPageEtag(versionId: string, buildId: string): string {
  return `"${versionId}-${buildId}"`;
}

/** RFC 9110 If-None-Match (weak comparison): a list of tags or "*". */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = bare(etag);
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || bare(tag) === wanted;
  });
}
