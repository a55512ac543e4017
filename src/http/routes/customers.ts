import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { AccountStore } from '../../store/accounts.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { ActionDesk } from '../../actions/action-desk.ts';
import { principalOf } from '../auth.ts';
import { CUSTOMER_ID, customerOf } from '../customer-identity.ts';
import { presentAction } from '../presenters.ts';
import { actionList } from '../schemas.ts';
import { jsonResponse, problemResponse, taggedPaths } from '../openapi-responses.ts';
import { parsed, validate } from '../validate.ts';
import { methodNotAllowed } from './messages.ts';

/** `GET /customers/me`: who the request acts for, as the operator knows them. */
export const customerProfile = z
  .object({
    customer_id: z.string().meta({ example: 'cust-00042' }),
    name: z.string().meta({ example: 'Lucía García' }),
    line: z.string().meta({ description: 'The line’s number, masked.', example: '+34 6•• ••• •14' }),
    plan: z.string().meta({ example: 'FlexiConnect 4G Prepaid' }),
    addons: z.array(z.string()).meta({ description: 'The plan’s add-ons the customer has taken.' }),
    roaming_packs: z
      .array(z.object({ country: z.string(), data_gb: z.number(), price: z.number(), bought_at: z.string() }))
      .meta({ description: 'Roaming data packs the customer bought, oldest first (prices in EUR).' }),
  })
  .meta({ id: 'CustomerProfile' });

const customerIdParams = z.object({
  id: z.string().regex(CUSTOMER_ID).meta({ description: 'A customer id.', example: 'cust-00042' }),
});

/**
 * GET /customers/me: the signed-in customer's account (the demo customer's without one); their
 * actions, and with an admin key any customer's.
 */
export function customersRouter(deps: { accounts: AccountStore; actions: ActionDesk }): Router {
  const router = Router();
  router
    .route('/customers/me/actions')
    .get(async (_req, res) => {
      const actions = await deps.actions.list({ customerId: customerOf(res) });
      res.json(actionList.parse({ actions: actions.map(presentAction) }));
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/customers/:id/actions')
    .get(validate('params', customerIdParams), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', customerIdParams);
      // Operators read any customer's; a customer only their own (the same as /customers/me/actions).
      if (!principalOf(res)?.admin && id !== customerOf(res)) {
        throw new ForbiddenError(
          'Another customer’s actions are readable with an admin key (ADMIN_API_KEYS) only.',
        );
      }
      if (!(await deps.accounts.get(id))) throw new NotFoundError(`Customer with ID ${id} not found`);
      const actions = await deps.actions.list({ customerId: id });
      res.json(actionList.parse({ actions: actions.map(presentAction) }));
    })
    .all(methodNotAllowed('GET'));
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
          roaming_packs: account.roamingPacks.map((pack) => ({
            country: pack.country,
            data_gb: pack.dataGb,
            price: pack.price,
            bought_at: pack.boughtAt,
          })),
        }),
      );
    })
    .all(methodNotAllowed('GET'));
  return router;
}

/** The customer resource's path in the OpenAPI document. */
export function registerCustomerPaths(registry: OpenAPIRegistry): void {
  const path = taggedPaths(registry, 'customers');
  path('get', '/customers/me', {
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
      200: jsonResponse(customerProfile, 'The customer.'),
      401: problemResponse('The customer token is missing (CUSTOMER_IDENTITY=required), invalid or expired.'),
      403: problemResponse('x-customer-id from a client that is not a trusted channel.'),
      404: problemResponse('The operator has no account for this customer.'),
    },
  });
  path('get', '/customers/me/actions', {
    summary:
      'The customer’s actions (plan changes, add-ons, roaming packs): proposed, executed, declined, expired or failed',
    responses: {
      200: jsonResponse(actionList, 'Newest first.'),
      401: problemResponse('The customer token is missing (CUSTOMER_IDENTITY=required), invalid or expired.'),
    },
  });
  path('get', '/customers/{id}/actions', {
    summary: 'A customer’s actions, for operators (admin keys); a customer may read only their own',
    request: { params: customerIdParams },
    responses: {
      200: jsonResponse(actionList, 'Newest first.'),
      403: problemResponse('Another customer’s actions, without an admin key.'),
      404: problemResponse('The operator has no account for this customer.'),
      422: problemResponse('Not a customer id.'),
    },
  });
}
