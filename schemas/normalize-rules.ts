/** Schema of data/damage.yaml. */
import { z } from 'zod';

export const DamageRulesFile = z.strictObject({
  maxDigitsPerHan: z.number().positive(),
  minSignatures: z.number().int().positive(),
  signatures: z.array(z.string()).min(1),
});
export type DamageRulesFile = z.infer<typeof DamageRulesFile>;
