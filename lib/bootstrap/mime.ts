import { NetkitValidationError } from '../private/validation-error';
/** One part of a MIME multi-part user-data document. */
export interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

/** The boundary between parts; it must not occur in any body. */
export const MIME_BOUNDARY = '==CDKEKSNETKIT==';

/**
 * Render MIME multi-part user data, the format EKS requires for managed node groups whose launch template has no
 * AMI ID (EKS appends its own parts after these).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html#launch-template-user-data
 */
export function renderMimeMultipart(parts: readonly MimePart[]): string {
  const lines = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`, ''];
  for (const part of parts) {
    if (part.body.includes(MIME_BOUNDARY)) {
      throw new NetkitValidationError(
        `a user-data part (shellScripts) contains the MIME boundary ${MIME_BOUNDARY}; remove that text from the script`,
      );
    }
    lines.push(`--${MIME_BOUNDARY}`, `Content-Type: ${part.contentType}`, '', part.body.replace(/\n$/, ''), '');
  }
  lines.push(`--${MIME_BOUNDARY}--`, '');
  return lines.join('\n');
}

/** Split MIME multi-part user data back into its parts (the inverse of renderMimeMultipart). */
export function parseMimeMultipart(userData: string): MimePart[] {
  const boundary = /boundary="([^"]+)"/.exec(userData)?.[1];
  if (!boundary) throw new Error('user data is not MIME multi-part: no boundary');
  return userData
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const [headers, ...body] = chunk.replace(/^\n/, '').split('\n\n');
      const contentType = /Content-Type: ([^\n]+)/i.exec(headers)?.[1] ?? '';
      return { contentType, body: body.join('\n\n').replace(/\n$/, '') };
    });
}
