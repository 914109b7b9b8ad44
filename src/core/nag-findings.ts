import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The text cdk-nag's IAM5 rule reports for a wildcard resource, such as
 * `Resource::<BucketLogicalId.Arn>/*`: the resolved ARN flattened the way cdk-nag flattens
 * CloudFormation references (a copy of its `flattenCfnReference`, which the library cannot import
 * because cdk-nag is not one of its dependencies). Used to acknowledge exactly that finding.
 */
export function wildcardResourceFinding(scope: IConstruct, resourceArn: string): string {
  return `Resource::${flatten(Stack.of(scope).resolve(resourceArn))}`;
}

function flatten(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\${/g, '<').replace(/}/g, '>');
  }
  const reference = node as Record<string, unknown>;
  if (reference['Fn::Join']) {
    const [delimiter, items] = reference['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (reference['Fn::Sub']) {
    return flatten(reference['Fn::Sub']);
  }
  if (reference['Fn::GetAtt']) {
    const [resource, attribute] = reference['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (reference['Fn::ImportValue']) {
    return flatten(reference['Fn::ImportValue']);
  }
  if (reference.Ref) {
    return `<${flatten(reference.Ref)}>`;
  }
  return JSON.stringify(node);
}
