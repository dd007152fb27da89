/** robots.txt: everything may be crawled; the sitemap index is named. */
export function robotsTxt(publicBaseUrl: string): string {
  return ['User-agent: *', 'Allow: /', '', `Sitemap: ${publicBaseUrl}/sitemap.xml`, ''].join('\n');
}
