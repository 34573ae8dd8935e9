/** The file name a Content-Disposition header gives (`filename*=UTF-8''...` preferred), else `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // malformed escape: try the plain parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  return (plain?.[2] ?? plain?.[1] ?? '').trim() || fallback;
}

/**
 * Saves a response body as a file. The export needs the session token, which a plain <a href> cannot send, so
 * the panel fetches it and hands the browser a blob link.
 */
export async function saveResponse(response: Response, fallbackName: string): Promise<void> {
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachmentName(response.headers.get('Content-Disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // the click has started the download; the URL is no longer needed once this task is over
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * X-File-Name: headers carry ASCII only, so the name goes percent-encoded (the server decodes it), cut to the
 * server's 200 characters first (whole characters, never half a surrogate pair).
 */
export function headerFileName(name: string): string {
  const chars = Array.from(name);
  while (chars.join('').length > 200) chars.pop();
  return encodeURIComponent(chars.join(''));
}
