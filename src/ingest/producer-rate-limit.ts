import { Names } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** WAF counts a rate-based rule's requests over this window. */
export const RATE_LIMIT_WINDOW_SECONDS = 300;

/**
 * A regional WAF web ACL whose rate-based rule blocks a caller that sends more than `limit`
 * requests in 5 minutes, counted per `Authorization` header value, that is per bearer token: the
 * stage's throttle is one bucket for every caller, so one producer could use all of it. A producer
 * that signs in again or refreshes its token starts a new count, so this limits a runaway
 * producer, not a deliberate one. Billed by AWS WAF per web ACL, rule and request.
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 */
export function createProducerRateLimit(scope: Construct, limit: number): wafv2.CfnWebACL {
  const metricName = (suffix: string) => `${Names.uniqueResourceName(scope, { maxLength: 100 })}${suffix}`;
  const visibility = (suffix: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: true,
    metricName: metricName(suffix),
    sampledRequestsEnabled: true,
  });
  return new wafv2.CfnWebACL(scope, 'ProducerRateLimit', {
    scope: 'REGIONAL',
    // WAF descriptions allow letters, digits and a few symbols only, so no construct path here.
    description: `Limits each bearer token to ${limit} requests in 5 minutes`,
    defaultAction: { allow: {} },
    visibilityConfig: visibility('WebAcl'),
    rules: [{
      name: 'PerProducerRateLimit',
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit,
          evaluationWindowSec: RATE_LIMIT_WINDOW_SECONDS,
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
        },
      },
      visibilityConfig: visibility('PerProducer'),
    }],
  });
}
