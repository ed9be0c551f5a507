import { InternalError } from '../errors.js';
import { formatSchemaErrors, schemaErrors } from '../schemas.js';
import type { Plan } from '../types.js';
import { toOrderedPlan } from './serialize-plan.js';

/** A plan we compiled must pass plan.schema.json; one that does not is a bug and is never written. */
export function assertValidPlan(plan: Plan): void {
  const errors = schemaErrors('plan', JSON.parse(JSON.stringify(toOrderedPlan(plan))));
  if (errors.length > 0) throw new InternalError(`compiled plan fails schemas/plan.schema.json:\n${formatSchemaErrors(errors)}`);
}
