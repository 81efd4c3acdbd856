import type { Mode } from '../../domain/api-keys.ts';
import type { KycStatus } from '../../domain/kyc.ts';

/**
 * Refusal of live money movement for an entity whose KYC is not APPROVED (seed 002: "403
 * entity_not_approved"). GraphQL answers it as the top-level error ENTITY_NOT_APPROVED
 * (graphql/yoga.ts), REST as 403.
 */
export class EntityNotApproved extends Error {
  readonly code = 'ENTITY_NOT_APPROVED';
  readonly status = 403;
  readonly entityId: string;
  readonly kycStatus: KycStatus;
  constructor(entity: { entityId: string; kycStatus: KycStatus }) {
    super(`Settlement entity ${entity.entityId} has not passed KYC (it is ${entity.kycStatus.toLowerCase()}): live use waits for approval.`);
    this.name = 'EntityNotApproved';
    this.entityId = entity.entityId;
    this.kycStatus = entity.kycStatus;
  }
}

/** Whether this tenant may move real money for the entity: test mode always, live only once approved. */
export const entityIsCleared = (tenant: { mode: Mode }, entity: { kycStatus: KycStatus }): boolean => tenant.mode === 'TEST' || entity.kycStatus === 'APPROVED';

/**
 * The KYC gate for any module (till aliases now, payouts next): throws `EntityNotApproved` for a
 * live tenant and an entity not APPROVED; test keys pass. `tenant` is a business key's principal or
 * a TenantJob.
 */
export function requireApprovedEntity(tenant: { mode: Mode }, entity: { entityId: string; kycStatus: KycStatus }): void {
  if (!entityIsCleared(tenant, entity)) throw new EntityNotApproved(entity);
}
