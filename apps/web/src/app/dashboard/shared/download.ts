import type { DownloadedFile } from './dashboard-api';

/** Saves a downloaded file in the browser (an object URL on a temporary link with `download`). */
export function saveFile(doc: Document, file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
