/**
 * Masks the names of private persons (贫困户刘维申 → 贫困户刘某某) in sentences before they are
 * stored: a surname right after a role word (贫困户, 村民, 村党支部书记 …) of data/privacy.yaml.
 * The length of the sentence is kept, so offsets stay valid.
 */
import { privacyRules } from '../../dictionaries.ts';
import { alternation } from './patterns.ts';

let pattern: RegExp | null = null;
let enders: Set<string> | null = null;

export function redactPersons(sentence: string): string {
  if (!pattern || !enders) {
    const rules = privacyRules();
    pattern = new RegExp(`(${alternation(rules.roles)})(${alternation(rules.surnames)})(\\p{Script=Han}{1,2})`, 'gu');
    enders = new Set(rules.nameEnders);
  }
  return sentence.replace(pattern, (_all, role: string, surname: string, given: string) => {
    // 王伟说: the third character starts the rest of the sentence, not the name.
    const name = given.length === 2 && enders?.has(given[1]!) ? given.slice(0, 1) : given;
    return `${role}${surname}${'某'.repeat(name.length)}${given.slice(name.length)}`;
  });
}
