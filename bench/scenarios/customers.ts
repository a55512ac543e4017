import { SignJWT } from 'jose';
import { startSemker } from '../lib/context.ts';
import { postLoad, type LoadResult } from '../lib/load.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

/** The identity provider of the measured server: an HS256 secret and an audience, as an operator sets them. */
const SECRET = 'bench-identity-provider-secret-0123456789';
const AUDIENCE = 'semker-bench';

/**
 * The cost of knowing the customer: POST /messages accepted per second with a verified
 * `x-customer-token` on every request (jose, HS256, `exp` and `aud` checked) against the same
 * server and load naming no customer (the demo customer). Target ≥ 0.9×.
 */
export const customers: Scenario = {
  name: 'customers',
  async run(context) {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('cust-00042')
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const measure = async (headers: Record<string, string>): Promise<LoadResult> => {
      const child = await startSemker({
        QUEUE_CAPACITY: '1000000',
        CUSTOMER_JWT_SECRET: SECRET,
        CUSTOMER_JWT_AUDIENCE: AUDIENCE,
      });
      try {
        await postLoad(child.url, context.options.warmupS, headers);
        return await postLoad(child.url, context.options.durationS, headers);
      } finally {
        await child.stop();
      }
    };
    context.log('customers: POST /messages with no customer, then with a verified customer token');
    const without = await measure({});
    const verified = await measure({ 'x-customer-token': token });
    const ratio = verified.okPerSecond / without.okPerSecond;
    return {
      rows: [
        {
          scenario: 'customers: POST /messages accepted with a verified token',
          figure: fmt.rate(verified.okPerSecond),
          reference: `${fmt.rate(without.okPerSecond)} naming no customer`,
          ratio,
          target: '≥ 0.90×',
          pass: ratio >= 0.9 && verified.non2xx === 0 && without.non2xx === 0,
          ...(verified.non2xx > 0 ? { note: `${verified.non2xx} non-2xx` } : {}),
        },
      ],
      raw: { without, verified },
    };
  },
};
