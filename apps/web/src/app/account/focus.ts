import { type ElementRef, type Injector, afterNextRender } from '@angular/core';

/** After the next render, focuses the first field marked invalid inside `host` (error summaries point there). */
export function focusFirstInvalid(injector: Injector, host: ElementRef<HTMLElement>): void {
  afterNextRender(() => host.nativeElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), { injector });
}

/** After the next render, focuses the element matching `selector` inside `host` (a heading, a message). */
export function focusAfterRender(injector: Injector, host: ElementRef<HTMLElement>, selector: string): void {
  afterNextRender(() => host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector });
}
