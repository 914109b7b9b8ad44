/** One permission of an IAM policy: an action on a resource, with the statement's condition. */
export interface Permission {
  readonly action: string;
  readonly resource: unknown;
  readonly condition?: unknown;
}

interface Statement {
  readonly Effect?: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/**
 * The Allow statements of a policy document as single permissions, so that a test says what a role
 * may do whether aws-cdk-lib merged statements (`@aws-cdk/aws-iam:minimizePolicies`) or not.
 */
export function permissionsOf(statements: Statement[]): Permission[] {
  return statements.filter((statement) => statement.Effect !== 'Deny').flatMap((statement) => {
    const actions = ([] as string[]).concat(statement.Action);
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    return actions.flatMap((action) => resources.map((resource) => ({
      action,
      resource,
      ...(statement.Condition ? { condition: statement.Condition } : {}),
    })));
  });
}
