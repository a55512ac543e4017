import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { AccountStore } from '../../store/accounts.ts';
import { NotFoundError } from '../errors.ts';
import { customerOf } from '../customer-identity.ts';
import { problem } from '../schemas.ts';
import { methodNotAllowed } from './messages.ts';

/** `GET /customers/me`: who the request acts for, as the operator knows them. */
export const customerProfile = z
  .object({
    customer_id: z.string().meta({ example: 'cust-00042' }),
    name: z.string().meta({ example: 'Lucía García' }),
    line: z.string().meta({ description: 'The line’s number, masked.', example: '+34 6•• ••• •14' }),
    plan: z.string().meta({ example: 'FlexiConnect 4G Prepaid' }),
    addons: z.array(z.string()).meta({ description: 'The plan’s add-ons the customer has taken.' }),
  })
  .meta({ id: 'CustomerProfile' });

/** GET /customers/me: the signed-in customer's account (the demo customer's without one). */
export function customersRouter(deps: { accounts: AccountStore }): Router {
  const router = Router();
  router
    .route('/customers/me')
    .get(async (_req, res) => {
      const customerId = customerOf(res);
      const account = await deps.accounts.get(customerId);
      if (!account) throw new NotFoundError(`Customer with ID ${customerId} not found`);
      res.json(
        customerProfile.parse({
          customer_id: account.customerId,
          name: account.name,
          line: account.line,
          plan: account.plan,
          addons: account.addons,
        }),
      );
    })
    .all(methodNotAllowed('GET'));
  return router;
}

/** The customer resource's path in the OpenAPI document. */
export function registerCustomerPaths(registry: OpenAPIRegistry): void {
  const problemResponse = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: problem } },
  });
  registry.registerPath({
    method: 'get',
    path: '/customers/me',
    tags: ['customers'],
    summary: 'The customer the request acts for: name, masked line, plan and add-ons',
    description:
      'The customer is named by a verified `x-customer-token` (JWT), by `x-customer-id` from a trusted channel, or is the demo customer when CUSTOMER_IDENTITY=optional.',
    request: {
      headers: z.object({
        'x-customer-token': z
          .string()
          .optional()
          .meta({ description: 'The customer’s JWT from the identity provider.' }),
        'x-customer-id': z
          .string()
          .optional()
          .meta({ description: 'The customer, from a trusted channel’s API key (TRUSTED_API_KEYS) only.' }),
      }),
    },
    responses: {
      200: { description: 'The customer.', content: { 'application/json': { schema: customerProfile } } },
      401: problemResponse('The customer token is missing (CUSTOMER_IDENTITY=required), invalid or expired.'),
      403: problemResponse('x-customer-id from a client that is not a trusted channel.'),
      404: problemResponse('The operator has no account for this customer.'),
    },
  });
}
