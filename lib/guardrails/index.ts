export { GuardrailLevel } from './guardrail';
export { GuardrailInfo, NetkitGuardrails, NetkitGuardrailsOptions } from './netkit-guardrails';
