/**
 * The renderer's Content-Security-Policy, sent with every page the app serves (and by the
 * browser test harness). Scripts and styles only from the app; images also from the media
 * protocol; no network at all from the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' redraw-media: blob: data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
