import { z } from 'zod';

/** "1977:1160", also "1904:48 s.1" style supplements. URL form "1977-1160" is normalised by `normaliseSfs`. */
export const SFS_PATTERN = /^(1[6-9]\d{2}|20\d{2}):(\d{1,5})(?: ?s\. ?\d{1,4})?$/;

export function normaliseSfs(input: string): string | null {
  const s = input.trim().replace(/^sfs[\s-]*/i, '');
  const dashed = /^(\d{4})-(\d{1,5})$/.exec(s);
  const candidate = dashed ? `${dashed[1]}:${dashed[2]}` : s;
  return SFS_PATTERN.test(candidate) ? candidate : null;
}

export const SfsNumberSchema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const n = normaliseSfs(v);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: 'Ogiltigt SFS-nummer (förväntat format ÅÅÅÅ:NNN, t.ex. 1977:1160)' });
      return z.NEVER;
    }
    return n;
  });
