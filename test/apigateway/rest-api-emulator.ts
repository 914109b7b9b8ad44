// A REST API stage as a synthesized CloudFormation template describes it, executed locally: the
// route (resource and method), the authorizer (a callback), the request validator with the
// method's model, the integration's request template, the AWS service call (a callback, kinesalite
// in the tests), the integration response its status selects, its response template with
// `$context.responseOverride`, and the gateway response for a body that fails its model. The
// templates and models are read from the template, so a test sees what would deploy.
import { randomUUID } from 'node:crypto';
import { TemplateContext, VtlRenderer } from './vtl-renderer';

type Json = Record<string, any>;

/** What the client gets. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** The answer of the AWS service the integration calls. */
export interface ServiceAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * The integration's call: the action (for example `PutRecords`), the body its request template
 * rendered and the headers its request parameters map (static values such as the Content-Type).
 */
export type ServiceCall = (action: string, body: string, headers: Record<string, string>) => Promise<ServiceAnswer>;

export interface RestApiEmulatorOptions {
  /** The synthesized template (Template.toJSON()) holding one REST API. */
  readonly template: Json;
  readonly renderer: VtlRenderer;
  readonly service: ServiceCall;
  /** Values of the `Ref`s the templates contain (the stream's logical id to its name, for example). */
  readonly refs: Record<string, string>;
  /** The authorizer, given the method's authorization scopes: undefined to let the request through, else the message of its 401. */
  readonly authorize?: (headers: Record<string, string | undefined>, scopes: readonly string[] | undefined) => string | undefined;
}

export interface ApiRequest {
  /** The resource path, for example `/records` (without the stage). */
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string | undefined>;
  readonly body: string;
}

/** What API Gateway answers for a route that does not exist (its MISSING_AUTHENTICATION_TOKEN response). */
const NO_ROUTE: ApiAnswer = { status: 403, body: '{"message":"Missing Authentication Token"}', headers: {} };

const PSEUDO_PARAMETERS: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012' };

export class RestApiEmulator {
  private readonly resources: Json;

  constructor(private readonly options: RestApiEmulatorOptions) {
    this.resources = options.template.Resources;
  }

  public async handle(request: ApiRequest): Promise<ApiAnswer> {
    const headers = lowerCaseKeys(request.headers ?? {});
    const method = this.method(request.path, request.method ?? 'POST');
    if (!method) {
      return NO_ROUTE;
    }
    const requestId = randomUUID();
    const context: TemplateContext = { requestId, httpMethod: method.HttpMethod, resourcePath: request.path };
    const denied = this.authorize(method, headers);
    if (denied !== undefined) {
      return json(401, { message: denied }, requestId);
    }
    const contentType = (headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
    const requestTemplate = method.Integration.RequestTemplates?.[contentType];
    if (requestTemplate === undefined && method.Integration.PassthroughBehavior === 'NEVER') {
      return json(415, { message: 'Unsupported Media Type' }, requestId);
    }
    const refused = await this.validate(method, contentType, headers, request.body, context);
    if (refused) {
      return refused;
    }
    const integrationRequest = await this.options.renderer.render(this.resolve(requestTemplate), request.body, context);
    const action = this.resolve(method.Integration.Uri).split('/').pop()!;
    const serviceAnswer = await this.options.service(action, integrationRequest.output, this.integrationHeaders(method));
    return this.respond(method, serviceAnswer, context, requestId);
  }

  /** A Cognito authorizer answers 401 Unauthorized when its identity source (a header) is missing, then asks `authorize`. */
  private authorize(method: Json, headers: Record<string, string | undefined>): string | undefined {
    if (!method.AuthorizerId) {
      return undefined;
    }
    const identitySource: string = this.resources[method.AuthorizerId.Ref].Properties.IdentitySource;
    if (identitySource.startsWith('method.request.header.') && !headers[identitySource.split('.').pop()!.toLowerCase()]) {
      return 'Unauthorized';
    }
    return this.options.authorize?.(headers, method.AuthorizationScopes);
  }

  /** The AWS::ApiGateway::Method of a path such as `/records`, found through the resources' path parts. */
  private method(path: string, httpMethod: string): Json | undefined {
    const pathParts = path.split('/').filter((part) => part !== '');
    return Object.values(this.resources).find((resource: Json) => {
      if (resource.Type !== 'AWS::ApiGateway::Method' || resource.Properties.HttpMethod !== httpMethod) {
        return false;
      }
      return this.pathOf(resource.Properties.ResourceId).join('/') === pathParts.join('/');
    })?.Properties;
  }

  private pathOf(resourceId: Json): string[] {
    if (resourceId['Fn::GetAtt']?.[1] === 'RootResourceId') {
      return [];
    }
    const resource = this.resources[resourceId.Ref];
    return [...this.pathOf(resource.Properties.ParentId), resource.Properties.PathPart];
  }

  /** The request validator: required parameters, then the body against the content type's model. */
  private async validate(method: Json, contentType: string, headers: Record<string, string | undefined>, body: string,
    context: TemplateContext): Promise<ApiAnswer | undefined> {
    const validator = method.RequestValidatorId ? this.resources[method.RequestValidatorId.Ref].Properties : {};
    if (validator.ValidateRequestParameters) {
      const missing = Object.entries(method.RequestParameters ?? {})
        // Required means "included and not blank".
        .filter(([name, required]) => required && name.startsWith('method.request.header.') && !headers[name.split('.').pop()!.toLowerCase()]?.trim())
        .map(([name]) => name.split('.').pop());
      if (missing.length > 0) {
        return this.gatewayResponse('BAD_REQUEST_PARAMETERS', 400, `Missing required request parameters: [${missing.join(', ')}]`, context);
      }
    }
    const model = method.RequestModels?.[contentType];
    if (validator.ValidateRequestBody && model) {
      const schema = this.resources[model.Ref].Properties.Schema;
      const errors = await this.options.renderer.modelErrors(JSON.stringify(schema), body);
      if (errors.length > 0) {
        context.error = { validationErrorString: `[${errors.join(', ')}]`, message: 'Invalid request body', responseType: 'BAD_REQUEST_BODY' };
        return this.gatewayResponse('BAD_REQUEST_BODY', 400, 'Invalid request body', context);
      }
    }
    return undefined;
  }

  /** The API's gateway response of that type, or API Gateway's default `{"message": ...}`. */
  private async gatewayResponse(type: string, defaultStatus: number, message: string, context: TemplateContext): Promise<ApiAnswer> {
    const response = Object.values(this.resources)
      .find((resource: Json) => resource.Type === 'AWS::ApiGateway::GatewayResponse' && resource.Properties.ResponseType === type)?.Properties;
    const requestId = String(context.requestId);
    if (!response) {
      return json(defaultStatus, { message }, requestId);
    }
    const template = response.ResponseTemplates?.['application/json'] ?? '{"message":$context.error.messageString}';
    const rendered = await this.options.renderer.render(template, '', { ...context, error: { messageString: JSON.stringify(message), ...context.error as object } });
    return { status: Number(response.StatusCode ?? defaultStatus), body: rendered.output, headers: { 'x-amzn-requestid': requestId } };
  }

  /** Headers of the integration request mapped to static values ('x-amz-json-1.1'); other sources are not emulated. */
  private integrationHeaders(method: Json): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries<string>(method.Integration.RequestParameters ?? {})) {
      if (!name.startsWith('integration.request.header.') || !/^'.*'$/.test(value)) {
        throw new Error(`The emulator maps static header values only (got ${name} = ${value})`);
      }
      headers[name.slice('integration.request.header.'.length)] = value.slice(1, -1);
    }
    return headers;
  }

  /** The integration response whose selection pattern matches the service's status (the default one otherwise), rendered. */
  private async respond(method: Json, answer: ServiceAnswer, context: TemplateContext, requestId: string): Promise<ApiAnswer> {
    const responses: Json[] = method.Integration.IntegrationResponses;
    const selected = responses.find((response) => response.SelectionPattern !== undefined
      && new RegExp(`^(?:${response.SelectionPattern})$`).test(String(answer.status)))
      ?? responses.find((response) => response.SelectionPattern === undefined);
    if (!selected) {
      // No integration response for this status: API Gateway answers 500 Internal server error.
      return json(500, { message: 'Internal server error' }, requestId);
    }
    const template = selected.ResponseTemplates?.['application/json'];
    const rendered = template === undefined ? undefined : await this.options.renderer.render(template, answer.body, context);
    const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
    for (const [name, value] of Object.entries<string>(selected.ResponseParameters ?? {})) {
      headers[name.replace('method.response.header.', '').toLowerCase()] = value.replace(/^'|'$/g, '');
    }
    const status = rendered?.context.responseOverride.status ?? Number(selected.StatusCode);
    return { status: Number(status), body: rendered?.output ?? answer.body, headers };
  }

  /** A string, or a `Fn::Join` of strings and `Ref`s whose values are in `refs`. */
  private resolve(value: unknown): string {
    if (typeof value === 'string') {
      return value;
    }
    const intrinsic = value as Json;
    if (intrinsic.Ref !== undefined) {
      const resolved = { ...PSEUDO_PARAMETERS, ...this.options.refs }[intrinsic.Ref];
      if (resolved === undefined) {
        throw new Error(`No value given for { Ref: ${intrinsic.Ref} } (add it to refs)`);
      }
      return resolved;
    }
    if (intrinsic['Fn::Join']) {
      const [separator, parts] = intrinsic['Fn::Join'];
      return (parts as unknown[]).map((part) => this.resolve(part)).join(separator);
    }
    throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
  }
}

function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function json(status: number, body: Json, requestId: string): ApiAnswer {
  return { status, body: JSON.stringify(body), headers: { 'x-amzn-requestid': requestId } };
}
