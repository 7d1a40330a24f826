export { GuardrailLevel } from './guardrail';
export { GuardrailInfo, NetkitGuardrails } from './netkit-guardrails';
