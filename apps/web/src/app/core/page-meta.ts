import { DOCUMENT, Injectable, inject } from '@angular/core';
import { Meta, Title } from '@angular/platform-browser';
import { PUBLIC_BASE_URL } from './public-base-url';

export interface PageMetaInput {
  /** Page title without the site name; null for the start page. */
  title: string | null;
  description?: string;
  /** Path of the canonical URL ("/lagar/1977:1160"); omitted for pages that should not be indexed. */
  canonicalPath?: string;
  jsonLd?: Record<string, unknown>;
  noindex?: boolean;
  /** An Atom feed of the page's subject (`<link rel="alternate" type="application/atom+xml">`). */
  feed?: { href: string; title: string };
}

const SITE = 'Laglig';
const DEFAULT_DESCRIPTION = 'Laglig – svensk lagtext med innehållsförteckning, ändringsregister och sökning.';

/** `<title>`, description, canonical link, robots and JSON-LD of the current page (server and browser). */
@Injectable({ providedIn: 'root' })
export class PageMeta {
  private readonly titleService = inject(Title);
  private readonly meta = inject(Meta);
  private readonly document = inject(DOCUMENT);
  private readonly baseUrl = inject(PUBLIC_BASE_URL).replace(/\/+$/, '');

  set(input: PageMetaInput): void {
    this.titleService.setTitle(input.title ? `${input.title} | ${SITE}` : `${SITE} – svensk lagtext, tydligt och sökbart`);
    this.meta.updateTag({ name: 'description', content: input.description ?? DEFAULT_DESCRIPTION });
    if (input.noindex) this.meta.updateTag({ name: 'robots', content: 'noindex' });
    else this.meta.removeTag('name="robots"');
    this.setCanonical(input.canonicalPath ? this.absolute(input.canonicalPath) : null);
    this.setJsonLd(input.jsonLd ?? null);
    this.setFeed(input.feed ?? null);
  }

  absolute(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  private setCanonical(href: string | null): void {
    const head = this.document.head;
    let link = head.querySelector<HTMLLinkElement>('link[rel="canonical"]');
    if (!href) {
      link?.remove();
      return;
    }
    if (!link) {
      link = this.document.createElement('link');
      link.setAttribute('rel', 'canonical');
      head.appendChild(link);
    }
    link.setAttribute('href', href);
  }

  private setFeed(feed: { href: string; title: string } | null): void {
    const head = this.document.head;
    let link = head.querySelector<HTMLLinkElement>('link[rel="alternate"][type="application/atom+xml"]');
    if (!feed) {
      link?.remove();
      return;
    }
    if (!link) {
      link = this.document.createElement('link');
      link.setAttribute('rel', 'alternate');
      link.setAttribute('type', 'application/atom+xml');
      head.appendChild(link);
    }
    link.setAttribute('href', feed.href);
    link.setAttribute('title', feed.title);
  }

  private setJsonLd(data: Record<string, unknown> | null): void {
    const head = this.document.head;
    let script = head.querySelector<HTMLScriptElement>('script#structured-data');
    if (!data) {
      script?.remove();
      return;
    }
    if (!script) {
      script = this.document.createElement('script');
      script.id = 'structured-data';
      script.setAttribute('type', 'application/ld+json');
      head.appendChild(script);
    }
    // "<" escaped so no value can close the script element.
    script.textContent = JSON.stringify(data).replace(/</g, '\\u003c');
  }
}
