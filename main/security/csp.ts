/**
 * The window's Content Security Policy, served by both hosts (app:// in Electron, the web
 * preview's HTTP server). No 'unsafe-eval': the engine compiles functions in the worker, never in
 * the page, and mathjs needs no eval.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
